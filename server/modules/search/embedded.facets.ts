import { emptyFacets } from './search.document';
import type { FacetCounts, FacetName, SearchHit } from './search.port';

/**
 * Facet counting for the embedded engine. A query can match most of the index, so counting
 * must cost next to nothing per match: each item's facet values are numbered once, when it is
 * indexed, and a query only increments integers (then names the non-zero ones).
 */
export interface FacetRegistry {
  /** The numbers of an item's facet values (computed at indexing time). */
  slotsOf(hit: SearchHit): Uint32Array;
  /** A fresh tally, sized for every value numbered so far. */
  tally(): Uint32Array;
  /** The facet counts a tally holds. */
  counts(tally: Uint32Array): FacetCounts;
}

/** One registry per index generation. */
export function createFacetRegistry(): FacetRegistry {
  const numbers = new Map<string, number>();
  const values: [FacetName, string][] = [];
  const slot = (name: FacetName, value: string) => {
    const key = `${name}\u0000${value}`;
    let n = numbers.get(key);
    if (n === undefined) {
      n = values.length;
      values.push([name, value]);
      numbers.set(key, n);
    }
    return n;
  };
  return {
    slotsOf(hit) {
      const out = [slot('type', hit.type)];
      for (const a of hit.audience) out.push(slot('audience', a));
      for (const t of hit.topics) out.push(slot('topic', t));
      if (hit.collection) out.push(slot('collection', hit.collection));
      for (const l of hit.langs) out.push(slot('lang', l));
      return Uint32Array.from(out);
    },
    tally: () => new Uint32Array(values.length),
    counts(tally) {
      const facets = emptyFacets();
      tally.forEach((n, s) => {
        const v = values[s];
        if (n > 0 && v) facets[v[0]][v[1]] = n;
      });
      return facets;
    },
  };
}

/** Adds one item's facet values to a tally. */
export function addToTally(tally: Uint32Array, slots: Uint32Array): void {
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] as number;
    tally[s] = (tally[s] as number) + 1;
  }
}
