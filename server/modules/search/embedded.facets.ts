import { emptyFacets } from './search.document';
import type { FacetCounts, FacetName, SearchHit } from './search.port';

/**
 * Facet values of the embedded engine's items, for counting, filtering and the language boost.
 * A query can match most of the index, so the per-match work must be a few integer operations
 * on contiguous memory: each distinct facet value gets a number once, and each item's numbers
 * are appended to one flat array (`values[start[d]..end[d])` for short id d).
 */
export interface FacetTable {
  /** Records the facet values of the item indexed under short id `d`. */
  record(d: number, hit: SearchHit): void;
  /** The number of a facet value; undefined when no item ever had it. */
  find(name: FacetName, value: string): number | undefined;
  readonly values: readonly number[];
  readonly start: readonly number[];
  readonly end: readonly number[];
  /** A fresh tally, sized for every value numbered so far. */
  tally(): Uint32Array;
  /** The facet counts a tally holds. */
  counts(tally: Uint32Array): FacetCounts;
}

const keyOf = (name: FacetName, value: string) => `${name}\u0000${value}`;

/** One table per index generation; re-indexing an item appends its values again (new short id). */
export function createFacetTable(): FacetTable {
  const numbers = new Map<string, number>();
  const names: [FacetName, string][] = [];
  const values: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const slot = (name: FacetName, value: string) => {
    let n = numbers.get(keyOf(name, value));
    if (n === undefined) {
      n = names.length;
      names.push([name, value]);
      numbers.set(keyOf(name, value), n);
    }
    values.push(n);
  };
  return {
    record(d, hit) {
      start[d] = values.length;
      slot('type', hit.type);
      for (const a of hit.audience) slot('audience', a);
      for (const t of hit.topics) slot('topic', t);
      if (hit.collection) slot('collection', hit.collection);
      for (const l of hit.langs) slot('lang', l);
      end[d] = values.length;
    },
    find: (name, value) => numbers.get(keyOf(name, value)),
    values,
    start,
    end,
    tally: () => new Uint32Array(names.length),
    counts(tally) {
      const facets = emptyFacets();
      tally.forEach((n, s) => {
        const v = names[s];
        if (n > 0 && v) facets[v[0]][v[1]] = n;
      });
      return facets;
    },
  };
}
