import { z } from 'zod';
import { data, moduleDocs, paged } from '../registry';
import { IsoDate, Picked } from './common';

const Series = z.looseObject({
  id: z.string(),
  title: Picked.nullable(),
  languages: z.array(z.string()),
  participants: z.int().min(0).optional(),
});
const Event = z.looseObject({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  title: Picked.nullable(),
  description: Picked.nullable(),
  languages: z.array(z.string()),
  series: Series.nullable(),
  startsAt: IsoDate,
  endsAt: IsoDate,
  timeZone: z.string(),
  localStart: z
    .string()
    .meta({ description: 'Wall-clock start in the event’s own zone, e.g. 2026-03-10T15:00' }),
  durationMinutes: z.int(),
  language: z.string(),
  capacity: z.int().nullable(),
  seatsLeft: z.int().nullable(),
  registrations: z.int().min(0),
});
const OwnRegistration = z.looseObject({
  id: z.string(),
  eventId: z.string(),
  seat: z.int(),
  registeredAt: IsoDate,
  created: z.boolean(),
});
const Registration = z.looseObject({
  id: z.string(),
  seat: z.int(),
  kind: z.enum(['user', 'external', 'erased']),
  userId: z.string().nullable(),
  registeredAt: IsoDate,
});
const ImportReport = z.looseObject({
  id: z.string(),
  eventId: z.string(),
  state: z.string(),
  file: z.looseObject({ sha256: z.string() }),
  committedRows: z.int(),
  summary: z.string(),
  issues: z.array(z.looseObject({ message: z.string() })),
  createdAt: IsoDate,
  finishedAt: IsoDate.nullable(),
});

/** Webinars and other events: registration, attendance imports, series. */
export const webinarsDocs = moduleDocs({
  tag: 'webinars',
  description: 'Events (webinars, workshops), registrations, attendance imports and series',
  routes: {
    'GET /api/events': {
      id: 'listEvents',
      summary: 'Events in the reader’s language',
      responses: { 200: { description: 'A page of events', schema: paged(z.array(Event)) } },
      errors: [403],
    },
    'POST /api/events': {
      id: 'createEvent',
      summary: 'Create an event (staff)',
      responses: {
        201: { description: 'Created', schema: data(Event), headers: { Location: 'URL of the event' } },
      },
      errors: [404, 409],
    },
    'GET /api/events/:id': {
      id: 'getEvent',
      summary: 'One event with live registration and attendance counts',
      responses: { 200: { description: 'The event', schema: data(Event) } },
    },
    'PATCH /api/events/:id': {
      id: 'updateEvent',
      summary: 'Change an event (staff)',
      responses: { 200: { description: 'Updated', schema: data(Event) } },
      errors: [409],
    },
    'POST /api/events/:id/registrations': {
      id: 'registerForEvent',
      summary: 'Register myself (idempotent: one seat per person)',
      responses: {
        201: { description: 'Registered', schema: data(OwnRegistration) },
        200: { description: 'Already registered', schema: data(OwnRegistration) },
      },
      errors: [409],
    },
    'POST /api/events/:id/registrants': {
      id: 'addEventRegistrant',
      summary: 'Register an external participant by e-mail (staff; one per address)',
      responses: {
        201: { description: 'Registered', schema: data(Registration) },
        200: { description: 'Already registered', schema: data(Registration) },
      },
      errors: [409],
    },
    'DELETE /api/events/:id/registrants/:registrationId': {
      id: 'eraseEventRegistrant',
      summary: 'Erase an external registrant’s personal data on request (staff; seat and counts stay)',
      responses: { 204: { description: 'Erased' } },
    },
    'GET /api/events/:id/registrations': {
      id: 'listEventRegistrations',
      summary: 'Registrations (staff), as JSON or as a CSV download (`format=csv`)',
      responses: {
        200: {
          description: 'A page of registrations, or CSV',
          schema: paged(z.array(Registration)),
          media: { 'text/csv': {} },
        },
      },
    },
    'POST /api/events/:id/attendance-imports': {
      id: 'importEventAttendance',
      summary: 'Import attendance from a platform’s CSV export (multipart; resumable, idempotent per file)',
      body: {
        mediaType: 'multipart/form-data',
        schema: z.looseObject({ file: z.string().meta({ format: 'binary', description: 'The CSV file' }) }),
      },
      responses: {
        201: {
          description: 'Imported',
          schema: data(ImportReport),
          headers: { Location: 'URL of the import report' },
        },
        200: { description: 'The same file again: the earlier report', schema: data(ImportReport) },
      },
      errors: [409, 413, 415, 429],
    },
    'GET /api/events/:id/attendance-imports/:importId': {
      id: 'getEventAttendanceImport',
      summary: 'An import report with its row issues (paged)',
      responses: { 200: { description: 'The report', schema: paged(ImportReport) } },
    },
    'GET /api/event-series': {
      id: 'listEventSeries',
      summary: 'Event series with all-time distinct participants',
      responses: { 200: { description: 'Series', schema: data(z.array(Series)) } },
    },
    'POST /api/event-series': {
      id: 'createEventSeries',
      summary: 'Create a series (staff)',
      responses: { 201: { description: 'Created', schema: data(Series) } },
      errors: [409],
    },
  },
});
