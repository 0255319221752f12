import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';
import type { LocalizedText } from '../../shared/localized';

export const GATHERING_KINDS = ['webinar', 'workshop', 'conference'] as const;
export type GatheringKind = (typeof GATHERING_KINDS)[number];
export const GATHERING_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type GatheringStatus = (typeof GATHERING_STATUSES)[number];

/** Where an event takes place: online, or onsite in a city of a country (ISO 3166-1 alpha-2). */
export interface Venue {
  mode: 'online' | 'onsite';
  country: string | null;
  city: string | null;
}

/** A lesson of a course that attending the event completes (through the enrolment service). */
export interface Credit {
  course: string;
  lesson: string;
}

/**
 * A webinar, workshop or conference (collection `gatherings`, so it never reads like the
 * statistics event log). Times are UTC instants plus the IANA zone they were planned in.
 */
export interface GatheringDoc {
  _id: Types.ObjectId;
  kind: GatheringKind;
  title: LocalizedText;
  description: LocalizedText;
  seriesId: string | null;
  startsAt: Date;
  timeZone: string;
  durationMinutes: number;
  venue: Venue;
  /** The language the event is held in (BCP 47); also the fallback for title/description. */
  language: string;
  partners: string[];
  capacity: number | null;
  status: GatheringStatus;
  credit: Credit | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const GatheringSchema = new Schema<GatheringDoc>(
  {
    kind: { type: String, required: true },
    title: { type: Schema.Types.Mixed, required: true },
    description: { type: Schema.Types.Mixed, default: {} },
    seriesId: { type: String, default: null },
    startsAt: { type: Date, required: true },
    timeZone: { type: String, required: true },
    durationMinutes: { type: Number, required: true },
    venue: { type: Schema.Types.Mixed, required: true },
    language: { type: String, required: true },
    partners: { type: [String], default: [] },
    capacity: { type: Number, default: null },
    status: { type: String, required: true },
    credit: { type: Schema.Types.Mixed, default: null },
    createdBy: { type: String, required: true },
  },
  { collection: 'gatherings', timestamps: true, versionKey: false, minimize: false },
);

// Indexes: listing by status and start; a series' events. Shard-key candidate: none needed
// (hundreds per year); { _id: 'hashed' } if ever.
GatheringSchema.index({ status: 1, startsAt: -1 });
GatheringSchema.index({ seriesId: 1, startsAt: 1 });

/** A series of events (e.g. a monthly webinar cycle) with a localized title. */
export interface SeriesDoc {
  _id: Types.ObjectId;
  title: LocalizedText;
  sourceLanguage: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const SeriesSchema = new Schema<SeriesDoc>(
  {
    title: { type: Schema.Types.Mixed, required: true },
    sourceLanguage: { type: String, required: true },
    createdBy: { type: String, required: true },
  },
  { collection: 'gathering_series', timestamps: true, versionKey: false, minimize: false },
);
SeriesSchema.index({ createdAt: -1 });

/** Registers (once per connection) and returns the event and series models. */
export function gatheringModels(connection: Connection): {
  Gatherings: Model<GatheringDoc>;
  Series: Model<SeriesDoc>;
} {
  return {
    Gatherings: modelFor(connection, 'Gathering', GatheringSchema),
    Series: modelFor(connection, 'GatheringSeries', SeriesSchema),
  };
}
