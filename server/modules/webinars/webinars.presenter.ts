import type { TFunction } from 'i18next';
import { type LocalizedText, pickText } from '../../shared/localized';
import type { ImportResult } from './attendance-import.service';
import type { Series } from './gathering.repository';
import type { GatheringView } from './gathering.service';
import type { RowIssue } from './import.model';
import type { ImportRecord } from './import.repository';
import type { Registration } from './registration.repository';

/** A localized field in the reader's language, with the language served and whether it fell back. */
function text(field: LocalizedText | undefined, locale: string, source: string) {
  const picked = pickText(field, locale, source);
  return picked ?? null;
}

/** The wall-clock start in the event's own zone, e.g. `2026-03-10T15:00`. */
function localStart(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** A series: localized title and, when known, its exact all-time distinct participants. */
export function presentSeries(series: Series, locale: string, participants?: number) {
  return {
    id: series.id,
    title: text(series.title, locale, series.sourceLanguage),
    languages: Object.keys(series.title).sort(),
    ...(participants === undefined ? {} : { participants }),
  };
}

/** An event in the reader's language, with its live registration and attendance counts. */
export function presentEvent(view: GatheringView, locale: string) {
  const e = view.event;
  return {
    id: e.id,
    kind: e.kind,
    status: e.status,
    title: text(e.title, locale, e.language),
    description: text(e.description, locale, e.language),
    languages: Object.keys(e.title).sort(),
    series: view.series ? presentSeries(view.series, locale) : null,
    startsAt: e.startsAt.toISOString(),
    endsAt: new Date(e.startsAt.getTime() + e.durationMinutes * 60_000).toISOString(),
    timeZone: e.timeZone,
    localStart: localStart(e.startsAt, e.timeZone),
    durationMinutes: e.durationMinutes,
    venue: e.venue,
    language: e.language,
    partners: e.partners,
    capacity: e.capacity,
    seatsLeft: e.capacity === null ? null : Math.max(0, e.capacity - view.registrations),
    registrations: view.registrations,
    attendance: view.attendance,
    credit: e.credit,
  };
}

/** The caller's own registration (no one else's data). */
export function presentOwnRegistration(reg: Registration) {
  return { id: reg._id, eventId: reg.eventId, seat: reg.seat, registeredAt: reg.registeredAt.toISOString() };
}

/** A registration as staff see it: the external registrant's details are shown to staff only. */
export function presentRegistration(reg: Registration) {
  return {
    id: reg._id,
    seat: reg.seat,
    kind: reg.userId !== null ? 'user' : reg.external ? 'external' : 'erased',
    userId: reg.userId,
    external: reg.external,
    country: reg.country,
    registeredAt: reg.registeredAt.toISOString(),
  };
}

/** The CSV header and one row of the staff registration list. */
export function registrationCsv(t: TFunction) {
  const header = ['seat', 'kind', 'name', 'email', 'country', 'role', 'registeredAt'].map((k) =>
    t(`webinars:csv.${k}`),
  );
  const row = (reg: Registration) => {
    const p = presentRegistration(reg);
    return [
      p.seat,
      t(`webinars:kinds.${p.kind}`),
      p.external?.name,
      reg.email,
      p.country,
      p.external?.role,
      p.registeredAt,
    ];
  };
  return { header, row };
}

/** An import report: what was committed, exactly, and the row issues of this page. */
export function presentImport(
  record: ImportRecord,
  issues: readonly RowIssue[],
  t: TFunction,
  call?: Pick<ImportResult, 'resumedFromRow' | 'replayed'>,
) {
  const committedRows = record.lastCommittedRow - 1;
  return {
    id: record.fileHash,
    eventId: record.eventId,
    state: record.state,
    file: {
      name: record.filename,
      encoding: record.encoding,
      sha256: record.fileHash,
      rows: record.totalRows,
    },
    mapping: record.mapping,
    committedRows,
    ...(call ? { replayed: call.replayed, resumedFromRow: call.resumedFromRow } : {}),
    counts: record.counts,
    summary: t('webinars:importSummary', { count: record.counts.attended, rows: committedRows }),
    issues: issues.map((i) => ({ ...i, message: t(`webinars:issues.${i.code}`, { row: i.row, of: i.of }) })),
    createdAt: record.createdAt.toISOString(),
    finishedAt: record.finishedAt?.toISOString() ?? null,
  };
}
