import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import {
  type AttendanceRow,
  type ColumnIndex,
  csvRecords,
  type MappingInput,
  readRow,
  scanFile,
} from './attendance.csv';
import type { AttendanceEffects, CreditOutcome } from './attendance.effects';
import type { Gathering } from './gathering.repository';
import type { GatheringService } from './gathering.service';
import type { ImportCounts, ImportDoc, RowIssue } from './import.model';
import type { ImportRecord, ImportRepository } from './import.repository';
import type { Registration, RegistrationRepository } from './registration.repository';

const BATCH_ROWS = 1000;
const LEASE_MS = 2 * 60_000;
const CREDIT_WINDOW_MS = 29 * 86_400_000;

export const EMPTY_COUNTS: ImportCounts = {
  attended: 0,
  alreadyRecorded: 0,
  duplicates: 0,
  unmatched: 0,
  invalid: 0,
  credited: 0,
  creditSkipped: 0,
};

/** An import as the report shows it, and whether this call changed anything. */
export interface ImportResult {
  readonly record: ImportRecord;
  /** Rows already committed before this call (a resumed import), or all of them (a replay). */
  readonly resumedFromRow: number;
  readonly replayed: boolean;
}

export interface ImportDeps {
  readonly events: Pick<GatheringService, 'visible'>;
  readonly registrations: RegistrationRepository;
  readonly imports: ImportRepository;
  readonly effects: AttendanceEffects;
  readonly clock: () => Date;
  readonly batchRows?: number;
}

type Row = AttendanceRow & { readonly row: number };

/**
 * Attendance imports: scan the whole file first (encoding, columns, syntax — nothing is written
 * for a bad file), then commit batches of rows, each followed by the import record's row and
 * counts. A re-run of the same file (same hash) continues after the last committed row.
 */
export function createAttendanceImports(deps: ImportDeps) {
  const batchRows = deps.batchRows ?? BATCH_ROWS;
  const lease = () => new Date(deps.clock().getTime() + LEASE_MS);

  /** Takes ownership of the import: a new one, or a resumable one; replays and live runs answer early. */
  async function claim(actor: Actor, fresh: ImportDoc): Promise<ImportResult | { run: ImportRecord }> {
    if (await deps.imports.create(fresh)) return { run: fresh };
    const existing = (await deps.imports.find(fresh._id)) as ImportRecord;
    if (existing.state === 'done')
      return { record: existing, resumedFromRow: existing.lastCommittedRow, replayed: true };
    if (existing.state === 'running' && existing.leaseUntil > deps.clock())
      throw new AppError('import_in_progress', { retryAfterSeconds: Math.ceil(LEASE_MS / 1000) });
    if (JSON.stringify(existing.mapping) !== JSON.stringify(fresh.mapping))
      throw new AppError('import_mapping_changed', {
        params: { columns: Object.values(existing.mapping).filter(Boolean).join(', ') },
      });
    const attempt = existing.attempt + 1;
    if (!(await deps.imports.claimRun(existing._id, attempt, actor.userId, deps.clock())))
      throw new AppError('import_in_progress', { retryAfterSeconds: Math.ceil(LEASE_MS / 1000) });
    await deps.imports.start(existing._id, attempt, lease());
    return { run: { ...existing, attempt, state: 'running' } };
  }

  /** Sorts a batch's rows into new attendance and issues, writes them, and runs the effects. */
  async function commitBatch(
    event: Gathering,
    run: ImportRecord,
    rows: readonly Row[],
    counts: ImportCounts,
  ) {
    const emails = [...new Set(rows.flatMap((r) => (r.email ? [r.email] : [])))];
    const { issues, candidates } = matchRows(rows, await deps.registrations.findByEmails(event.id, emails));
    const now = deps.clock();
    const conflicts = await deps.registrations.insertAttendance(
      candidates.map(({ row, reg }) => ({
        _id: reg._id,
        eventId: event.id,
        seriesId: event.seriesId,
        userId: reg.userId,
        importId: run._id,
        row: row.row,
        joinedAt: row.joinedAt,
        leftAt: row.leftAt,
        minutes: row.minutes,
        recordedAt: now,
      })),
    );
    const fresh: Registration[] = [];
    for (const { row, reg } of candidates) {
      const stored = conflicts.get(reg._id);
      if (!stored) fresh.push(reg);
      else if (stored.importId === run._id)
        issues.push({ row: row.row, code: 'duplicate', of: stored.row ?? 0 });
      else issues.push({ row: row.row, code: 'already_recorded' });
    }
    // One at a time: on FerretDB concurrent `$inc` on one rollup document can lose increments
    // (docs/database.md), and all attendees of an event share their day documents.
    const outcomes: (CreditOutcome | null)[] = [];
    for (const reg of fresh) outcomes.push(await deps.effects(event, reg, creditTime(event, run)));
    issues.sort((a, b) => a.row - b.row);
    const next = addCounts(counts, issues, fresh.length, outcomes);
    const last = (rows[rows.length - 1] as Row).row;
    await deps.imports.putIssues(run._id, (rows[0] as Row).row, issues);
    await deps.imports.commit(run._id, run.attempt, last, next, lease());
    return next;
  }

  async function process(event: Gathering, run: ImportRecord, path: string, columns: ColumnIndex) {
    let counts = { ...EMPTY_COUNTS, ...run.counts };
    let batch: Row[] = [];
    let row = 0;
    for await (const record of csvRecords(path)) {
      row++;
      if (row <= run.lastCommittedRow) continue;
      batch.push({ ...readRow(record, columns), row });
      if (batch.length >= batchRows) {
        counts = await commitBatch(event, run, batch, counts);
        batch = [];
      }
    }
    if (batch.length > 0) counts = await commitBatch(event, run, batch, counts);
    await deps.imports.finish(run._id, run.attempt, deps.clock());
  }

  return {
    /** Imports (or resumes, or replays) an attendance file for an event. */
    async run(
      actor: Actor,
      eventId: string,
      file: { path: string; filename: string | null },
      mapping: MappingInput,
    ): Promise<ImportResult> {
      const event = await deps.events.visible(actor, eventId);
      const scanned = await scanFile(file.path, mapping);
      const now = deps.clock();
      const claimed = await claim(actor, {
        _id: `${event.id}:${scanned.hash}`,
        eventId: event.id,
        fileHash: scanned.hash,
        filename: file.filename,
        encoding: scanned.encoding,
        mapping: scanned.mapping,
        totalRows: scanned.rows,
        lastCommittedRow: 1,
        counts: EMPTY_COUNTS,
        state: 'running',
        attempt: 1,
        leaseUntil: lease(),
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
      });
      if (!('run' in claimed)) return claimed;
      const { run } = claimed;
      try {
        await process(event, run, file.path, scanned.columns);
      } catch (err) {
        await deps.imports.interrupt(run._id, run.attempt).catch(() => {});
        throw err;
      }
      const record = (await deps.imports.find(run._id)) as ImportRecord;
      return { record, resumedFromRow: run.lastCommittedRow, replayed: false };
    },
    /** An import's record and one page of its row issues. */
    async report(actor: Actor, eventId: string, hash: string, page: { page: number; pageSize: number }) {
      const event = await deps.events.visible(actor, eventId);
      const record = await deps.imports.find(`${event.id}:${hash}`);
      if (!record) throw new AppError('import_not_found', { params: { id: hash } });
      const issues = await deps.imports.issues(record._id, (page.page - 1) * page.pageSize, page.pageSize);
      return { record, issues };
    },
  };
}

export type AttendanceImports = ReturnType<typeof createAttendanceImports>;

/** When attending completes the lesson: the event's end, or the import's start if that is long after. */
function creditTime(event: Gathering, run: ImportRecord): Date {
  const end = new Date(event.startsAt.getTime() + event.durationMinutes * 60_000);
  const started = run.createdAt;
  return end <= started && started.getTime() - end.getTime() < CREDIT_WINDOW_MS ? end : started;
}

/** Sorts rows into issues (no address, no registrant, same person twice) and candidates. */
function matchRows(rows: readonly Row[], regs: Map<string, Registration>) {
  const issues: RowIssue[] = [];
  const firstRow = new Map<string, number>();
  const candidates: { row: Row; reg: Registration }[] = [];
  for (const row of rows) {
    const reg = row.email ? regs.get(row.email) : undefined;
    const prior = reg ? firstRow.get(reg._id) : undefined;
    if (!row.email) issues.push({ row: row.row, code: 'invalid_email' });
    else if (!reg) issues.push({ row: row.row, code: 'unmatched' });
    else if (prior !== undefined) issues.push({ row: row.row, code: 'duplicate', of: prior });
    else {
      firstRow.set(reg._id, row.row);
      candidates.push({ row, reg });
    }
  }
  return { issues, candidates };
}

/** The import's counts after one batch. */
function addCounts(
  counts: ImportCounts,
  issues: readonly RowIssue[],
  attended: number,
  outcomes: readonly (CreditOutcome | null)[],
): ImportCounts {
  const tally = (code: RowIssue['code']) => issues.filter((i) => i.code === code).length;
  return {
    attended: counts.attended + attended,
    alreadyRecorded: counts.alreadyRecorded + tally('already_recorded'),
    duplicates: counts.duplicates + tally('duplicate'),
    unmatched: counts.unmatched + tally('unmatched'),
    invalid: counts.invalid + tally('invalid_email'),
    credited: counts.credited + outcomes.filter((o) => o === 'credited').length,
    creditSkipped:
      counts.creditSkipped + outcomes.filter((o) => o === 'not_enrolled' || o === 'rejected').length,
  };
}
