import { bucketOf } from './buckets';
import {
  COUNT_GRAINS,
  COUNT_METRICS,
  type CountMetric,
  DISTINCT_GRAINS,
  DISTINCT_METRICS,
  DISTINCT_SCOPES,
  type EventType,
  MONTH_CELL_DIMENSIONS,
  PAIRS,
  STORED_DIMENSIONS,
  VISITOR_METRIC,
} from './outreach.vocabulary';
import type { Regions } from './regions';
import type { EventDims } from './stats.model';

/** The parts of an event the rollups depend on. */
export interface PlannedEvent extends EventDims {
  readonly _id: string;
  readonly type: EventType;
  readonly day: string;
  readonly userKey: string | null;
}

/** Where an increment goes: rollup documents, day cells or month cells (see COUNT_GRAINS). */
export type Target = 'rollups' | 'coarseRollups' | 'cells' | 'monthCells';

/** One `$inc` upsert on one rollup or cell document. */
export interface Increment {
  readonly coll: Target;
  readonly id: string;
  /** Fields set when the document is created. */
  readonly insert: Readonly<Record<string, unknown>>;
  readonly inc: Readonly<Record<string, number>>;
}

/** A first-seen marker and the counter it drives when this event owns it. */
export interface MarkerCandidate {
  readonly id: string;
  readonly rollupId: string;
  readonly insert: Readonly<Record<string, unknown>>;
  readonly field: string;
}

const NULL_KEY = '~';

/** The suffix of the companion document holding a rollup document's pair maps. */
export const PAIRS_DOC = 'pairs';

/** Encodes a dimension value as a field name: no `.`, no leading `$`; null becomes `~`. */
export function encodeKey(value: string | null): string {
  if (value === null) return NULL_KEY;
  return encodeURIComponent(value).replace(
    /[.!~*'()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The inverse of encodeKey. */
export function decodeKey(key: string): string | null {
  return key === NULL_KEY ? null : decodeURIComponent(key);
}

/** The name of a pair map, e.g. `country+course`; its keys are `RU!green-tvet`. */
export function pairName(a: string, b: string): string {
  return `${a}+${b}`;
}

const METRIC_OF_TYPE = new Map(
  Object.entries(COUNT_METRICS).map(([metric, type]) => [type as EventType, metric as CountMetric]),
);

/**
 * The additive increments of an event, one per cuboid: its day, month and year documents (total
 * and one map per dimension; the pair maps in a `|pairs` companion, so that reading one dimension
 * does not decode a thousand pair keys — FerretDB decodes whole documents), its cell in the day
 * cube (every dimension) and in the month cube (MONTH_CELL_DIMENSIONS). Reports read the coarsest
 * cuboid that answers them (report.plan.ts).
 */
export function countIncrements(ev: PlannedEvent): Increment[] {
  const metric = METRIC_OF_TYPE.get(ev.type);
  if (!metric) return [];
  const inc: Record<string, number> = { total: 1 };
  for (const dim of STORED_DIMENSIONS) inc[`by.${dim}.${encodeKey(ev[dim])}`] = 1;
  const pairs: Record<string, number> = {};
  for (const [a, b] of PAIRS) pairs[`by.${pairName(a, b)}.${encodeKey(ev[a])}!${encodeKey(ev[b])}`] = 1;
  const d = Object.fromEntries(STORED_DIMENSIONS.map((dim) => [dim, ev[dim]]));
  const cellKey = STORED_DIMENSIONS.map((dim) => encodeKey(ev[dim])).join('|');
  const month = bucketOf(ev.day, 'month');
  const monthD = Object.fromEntries(MONTH_CELL_DIMENSIONS.map((dim) => [dim, ev[dim]]));
  const monthKey = MONTH_CELL_DIMENSIONS.map((dim) => encodeKey(ev[dim])).join('|');
  return [
    ...COUNT_GRAINS.flatMap((g) => {
      const b = bucketOf(ev.day, g);
      const insert = { m: metric, g, b };
      const coll = g === 'day' ? 'rollups' : 'coarseRollups';
      return [
        { coll, id: `${metric}|${g}|${b}`, insert, inc },
        {
          coll,
          id: `${metric}|${g}|${b}|${PAIRS_DOC}`,
          insert: { ...insert, g: `${g}-${PAIRS_DOC}` },
          inc: pairs,
        },
      ] as const;
    }),
    {
      coll: 'cells',
      id: `${metric}|${ev.day}|${cellKey}`,
      insert: { m: metric, b: ev.day, d },
      inc: { n: 1 },
    },
    {
      coll: 'monthCells',
      id: `${metric}|${month}|${monthKey}`,
      insert: { m: metric, b: month, d: monthD },
      inc: { n: 1 },
    },
  ];
}

/** Every first-seen marker the event may create (only events with a userKey count as people). */
export function markerCandidates(ev: PlannedEvent, regions: Regions): MarkerCandidate[] {
  if (!ev.userKey) return [];
  const out: MarkerCandidate[] = [];
  const scopes = scopeValues(ev, regions);
  for (const [metric, types] of Object.entries(DISTINCT_METRICS)) {
    if (!(types as readonly string[]).includes(ev.type)) continue;
    for (const grain of DISTINCT_GRAINS) {
      const b = bucketOf(ev.day, grain);
      const rollupId = `${metric}|${grain}|${b}`;
      for (const [scope, value] of scopes) {
        out.push({
          id: `${rollupId}|${scope}=${encodeKey(value)}|${ev.userKey}`,
          rollupId,
          insert: { m: metric, g: grain, b },
          field: scope === 'total' ? 'total' : `by.${scope}.${encodeKey(value)}`,
        });
      }
    }
  }
  if (ev.type === 'pageview') {
    const rollupId = `${VISITOR_METRIC}|day|${ev.day}`;
    const insert = { m: VISITOR_METRIC, g: 'day', b: ev.day };
    out.push(
      { id: `${rollupId}|total|${ev.userKey}`, rollupId, insert, field: 'total' },
      {
        id: `${rollupId}|country|${ev.userKey}`,
        rollupId,
        insert,
        field: `by.country.${encodeKey(ev.country)}`,
      },
    );
  }
  return out;
}

function scopeValues(ev: PlannedEvent, regions: Regions): [string, string | null][] {
  const out: [string, string | null][] = [['total', null]];
  for (const scope of DISTINCT_SCOPES) {
    if (scope === 'region') for (const g of regions.groupingsOf(ev.country)) out.push(['region', g]);
    else if (ev[scope] !== null) out.push([scope, ev[scope]]);
  }
  return out;
}

/** Folds the markers the event owns into one increment per rollup document. */
export function distinctIncrements(owned: readonly MarkerCandidate[]): Increment[] {
  const byDoc = new Map<string, { insert: Record<string, unknown>; inc: Record<string, number> }>();
  for (const m of owned) {
    const entry = byDoc.get(m.rollupId) ?? { insert: m.insert, inc: {} };
    entry.inc[m.field] = (entry.inc[m.field] ?? 0) + 1;
    byDoc.set(m.rollupId, entry);
  }
  return [...byDoc].map(([id, e]) => ({ coll: 'rollups', id, insert: e.insert, inc: e.inc }));
}
