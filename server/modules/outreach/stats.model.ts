import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';
import type { EventType, StoredDimension } from './outreach.vocabulary';

export type EventDims = { [K in StoredDimension]: string | null };

/** Where an event is in the exactly-once rollup protocol (see docs/outreach.md). */
export type EventState = 'pending' | 'applied' | 'done';

/**
 * One outreach event. Append-only; `_id` is the caller's idempotency key. Holds a pseudonymous
 * `userKey` (never a user id, email or name) so totals survive account erasure.
 */
export interface StatsEventDoc extends EventDims {
  _id: string;
  type: EventType;
  occurredAt: Date;
  /** Calendar day in the reporting time zone, fixed at write time. */
  day: string;
  userKey: string | null;
  credential: string | null;
  path: string | null;
  state: EventState;
  /** Until when the writer that holds the event may finish it before the sweep takes over. */
  leaseUntil: Date;
  recordedAt: Date;
}

const nullableString = { type: String, default: null };
const StatsEventSchema = new Schema<StatsEventDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    day: { type: String, required: true },
    userKey: nullableString,
    course: nullableString,
    collection: nullableString,
    cohort: nullableString,
    series: nullableString,
    event: nullableString,
    country: nullableString,
    language: nullableString,
    audience: nullableString,
    gender: nullableString,
    credential: nullableString,
    path: nullableString,
    state: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'stats_events', versionKey: false, suppressReservedKeysWarning: true },
);
// Indexes: state+lease for the sweep. Shard-key candidate: { _id: 'hashed' } (idempotent inserts).
StatsEventSchema.index({ state: 1, leaseUntil: 1 });
StatsEventSchema.index({ day: 1 });

/**
 * A rollup document: one per metric × grain × bucket. `total` and maps of counts per dimension
 * value (`by.country.RU`) and per pair (`by.country+course.RU!green-tvet`). `pending` lists the
 * events whose increment is applied but not yet confirmed (a handful at most).
 */
export interface RollupDoc {
  _id: string;
  m: string;
  g: string;
  b: string;
  total: number;
  by: Record<string, Record<string, number>>;
  pending: string[];
}

const RollupSchema = new Schema<RollupDoc>(
  {
    _id: { type: String, required: true },
    m: { type: String, required: true },
    g: { type: String, required: true },
    b: { type: String, required: true },
    total: { type: Number, default: 0 },
    by: { type: Schema.Types.Mixed, default: {} },
    pending: { type: [String], default: [] },
  },
  { collection: 'stats_rollups', versionKey: false, minimize: false },
);
// Shard-key candidate: { m: 1, b: 1 } (reports read one metric over a bucket range).
RollupSchema.index({ m: 1, g: 1, b: 1 });
// Month and year documents of the count metrics live apart (`stats_rollups_coarse`): FerretDB
// finds a document by `_id` by walking the table, so a small table makes those reads cheap.
const CoarseRollupSchema = RollupSchema.clone();
CoarseRollupSchema.set('collection', 'stats_rollups_coarse');

/**
 * A cell of the full cube: metric × bucket × every stored dimension, for uncommon cross-tabs.
 * Two cuboids share this shape: `stats_cells` (b = a day, every dimension) and `stats_cells_month`
 * (b = a month, only MONTH_CELL_DIMENSIONS in `d`).
 */
export interface CellDoc {
  _id: string;
  m: string;
  b: string;
  d: EventDims;
  n: number;
  pending: string[];
}

const CellSchema = new Schema<CellDoc>(
  {
    _id: { type: String, required: true },
    m: { type: String, required: true },
    b: { type: String, required: true },
    d: { type: Schema.Types.Mixed, required: true },
    n: { type: Number, default: 0 },
    pending: { type: [String], default: [] },
  },
  { collection: 'stats_cells', versionKey: false, minimize: false },
);
CellSchema.index({ m: 1, b: 1 });
// The month cuboid: a clone, so day and month buckets never meet in one `b` range query.
const MonthCellSchema = CellSchema.clone();
MonthCellSchema.set('collection', 'stats_cells_month');

/** A first-seen marker: user × metric × grain bucket × scope; `eventId` owns its count. */
export interface MarkerDoc {
  _id: string;
  eventId: string;
}

const MarkerSchema = new Schema<MarkerDoc>(
  { _id: { type: String, required: true }, eventId: { type: String, required: true } },
  { collection: 'stats_markers', versionKey: false },
);

/** The daily salt for unique-visitor hashes; deleted once the day is over. */
export interface SaltDoc {
  _id: string;
  salt: string;
}

const SaltSchema = new Schema<SaltDoc>(
  { _id: { type: String, required: true }, salt: { type: String, required: true } },
  { collection: 'stats_salts', versionKey: false },
);

/** Registers (once per connection) and returns the statistics models. */
export function statsModels(connection: Connection): {
  Events: Model<StatsEventDoc>;
  Rollups: Model<RollupDoc>;
  CoarseRollups: Model<RollupDoc>;
  Cells: Model<CellDoc>;
  MonthCells: Model<CellDoc>;
  Markers: Model<MarkerDoc>;
  Salts: Model<SaltDoc>;
} {
  return {
    Events: modelFor(connection, 'StatsEvent', StatsEventSchema),
    Rollups: modelFor(connection, 'StatsRollup', RollupSchema),
    CoarseRollups: modelFor(connection, 'StatsCoarseRollup', CoarseRollupSchema),
    Cells: modelFor(connection, 'StatsCell', CellSchema),
    MonthCells: modelFor(connection, 'StatsMonthCell', MonthCellSchema),
    Markers: modelFor(connection, 'StatsMarker', MarkerSchema),
    Salts: modelFor(connection, 'StatsSalt', SaltSchema),
  };
}
