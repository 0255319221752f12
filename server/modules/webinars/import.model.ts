import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

/** Which CSV column holds which field (header names as they appear in the file). */
export interface ColumnMapping {
  email: string;
  name: string | null;
  joinTime: string | null;
  leaveTime: string | null;
  duration: string | null;
}

/** What an import has committed so far; exact at every `lastCommittedRow`. */
export interface ImportCounts {
  attended: number;
  alreadyRecorded: number;
  duplicates: number;
  unmatched: number;
  invalid: number;
  credited: number;
  /** Attendees of a credit-bearing event who were not enrolled in the course (or were refused). */
  creditSkipped: number;
}

export const IMPORT_STATES = ['running', 'interrupted', 'done'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/**
 * One attendance import: `_id` is `<eventId>:<sha256 of the file>`, so the same file is the same
 * import. Rows are committed in batches; `lastCommittedRow` (spreadsheet numbering, header = 1)
 * and `counts` advance together after each batch, so a re-run continues after it.
 */
export interface ImportDoc {
  _id: string;
  eventId: string;
  fileHash: string;
  filename: string | null;
  encoding: string;
  mapping: ColumnMapping;
  totalRows: number;
  lastCommittedRow: number;
  counts: ImportCounts;
  state: ImportState;
  /** Which run owns the import; runs are claimed by unique inserts (see ImportRunDoc). */
  attempt: number;
  leaseUntil: Date;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

const ImportSchema = new Schema<ImportDoc>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    fileHash: { type: String, required: true },
    filename: { type: String, default: null },
    encoding: { type: String, required: true },
    mapping: { type: Schema.Types.Mixed, required: true },
    totalRows: { type: Number, required: true },
    lastCommittedRow: { type: Number, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    state: { type: String, required: true },
    attempt: { type: Number, required: true },
    leaseUntil: { type: Date, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  // createdAt is set by the service: the credit time is derived from it and must not move.
  { collection: 'attendance_imports', versionKey: false, minimize: false },
);
ImportSchema.index({ eventId: 1, createdAt: -1 });

/** A claim on run number `attempt` of an import: `_id` `<importId>#<attempt>`, one winner. */
export interface ImportRunDoc {
  _id: string;
  importId: string;
  by: string;
  at: Date;
}

const ImportRunSchema = new Schema<ImportRunDoc>(
  {
    _id: { type: String, required: true },
    importId: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'attendance_import_runs', versionKey: false },
);

/** Why a row did not become a new attendance. */
export const ROW_ISSUES = ['invalid_email', 'unmatched', 'duplicate', 'already_recorded'] as const;
export type RowIssueCode = (typeof ROW_ISSUES)[number];

/** One reported row: its number and why; `of` is the row it duplicates. Never an address. */
export interface RowIssue {
  row: number;
  code: RowIssueCode;
  of?: number;
}

/** The issues of one committed batch: `_id` `<importId>:<first row, 9 digits>`. */
export interface ImportIssuesDoc {
  _id: string;
  importId: string;
  issues: RowIssue[];
}

const ImportIssuesSchema = new Schema<ImportIssuesDoc>(
  {
    _id: { type: String, required: true },
    importId: { type: String, required: true },
    issues: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'attendance_import_issues', versionKey: false },
);
ImportIssuesSchema.index({ importId: 1, _id: 1 });

/** Registers (once per connection) and returns the import models. */
export function importModels(connection: Connection): {
  Imports: Model<ImportDoc>;
  Runs: Model<ImportRunDoc>;
  Issues: Model<ImportIssuesDoc>;
} {
  return {
    Imports: modelFor(connection, 'AttendanceImport', ImportSchema),
    Runs: modelFor(connection, 'AttendanceImportRun', ImportRunSchema),
    Issues: modelFor(connection, 'AttendanceImportIssues', ImportIssuesSchema),
  };
}
