import type { PostingsIndex } from './embedded.index';
import type { PostingLists, TermList } from './embedded.lists';

/** One index term a query word stands for, with its weight (own stem 1, typo or prefix less). */
export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

/** What to score: one leaf per query word (any of its terms matches it), over some fields. */
export interface ScoreRequest {
  readonly leaves: readonly (readonly WeightedTerm[])[];
  /** AND: a document must match every leaf; OR: any leaf (Meilisearch's `last` fallback). */
  readonly mode: 'AND' | 'OR';
  /** Field numbers and their boosts. */
  readonly fields: readonly { readonly field: number; readonly boost: number }[];
}

/** Scored matches: `ids` are the matching short ids; scores and word counts are indexed by short id. */
export interface Matches {
  readonly ids: readonly number[];
  readonly score: Float64Array;
  /** How many query words each document matched (MiniSearch's quality factor). */
  readonly matched: Uint16Array;
}

// MiniSearch's BM25+ parameters (its defaults), so scores stay what its search() computed.
const K = 1.2;
const B = 0.7;
const D = 0.5;
/** A term list with what scoring it needs: weight × boost × idf and the length normalization. */
interface Source {
  readonly list: TermList;
  readonly weight: number;
  readonly perLength: number;
}

function sourcesOf(
  lists: PostingLists,
  index: PostingsIndex,
  leaf: readonly WeightedTerm[],
  req: ScoreRequest,
) {
  const out: Source[] = [];
  for (const { term, weight } of leaf)
    for (const { field, boost } of req.fields) {
      const list = lists.get(term, field);
      if (list.size === 0) continue;
      // MiniSearch's document frequency counts postings not yet vacuumed too; so does this.
      const df = index.postings(term, field)?.size ?? list.size;
      const idf = Math.log(1 + (index.liveCount - df + 0.5) / (df + 0.5));
      out.push({
        list,
        weight: weight * boost * idf,
        perLength: (K * B) / (index.averageLength(field) || 1),
      });
    }
  return out;
}

const sizeOf = (sources: readonly Source[]) => sources.reduce((n, s) => n + s.list.size, 0);

/**
 * Scores every live document matching the query with MiniSearch's BM25+ (same parameters,
 * per-field boosts, sum over terms and fields) into typed arrays: no object per match. For
 * AND, the rarest word goes first and a document that missed a word is skipped from then on.
 */
export function scoreMatches(
  lists: PostingLists,
  index: PostingsIndex,
  live: readonly unknown[],
  req: ScoreRequest,
): Matches {
  const n = index.idLimit;
  const [score, matched] = [new Float64Array(n), new Uint16Array(n)];
  // Leaf number + 1 of the last leaf that counted a document (each leaf counts it once).
  const mark = new Uint16Array(n);
  const leaves = req.leaves.map((leaf) => sourcesOf(lists, index, leaf, req));
  const and = req.mode === 'AND';
  if (and) leaves.sort((a, b) => sizeOf(a) - sizeOf(b));
  let ids: number[] = [];
  for (const [leaf, sources] of leaves.entries()) {
    for (const { list, weight, perLength } of sources) {
      const { ids: docs, tf, length, size } = list;
      for (let j = 0; j < size; j++) {
        const d = docs[j] as number;
        const first = mark[d] !== leaf + 1;
        // AND: only documents that matched every earlier word can still match.
        if ((and && (matched[d] as number) !== (first ? leaf : leaf + 1)) || live[d] === undefined) continue;
        if (first) {
          if (matched[d] === 0) ids.push(d);
          mark[d] = leaf + 1;
          matched[d] = (matched[d] as number) + 1;
        }
        const f = tf[j] as number;
        score[d] =
          (score[d] as number) +
          weight * (D + (f * (K + 1)) / (f + K * (1 - B) + perLength * (length[j] as number)));
      }
    }
    if (and && leaf > 0) ids = ids.filter((d) => matched[d] === leaf + 1);
    if (and && ids.length === 0) break;
  }
  return { ids, score, matched };
}

/**
 * The best `k` of a stream of (score, id) pairs: a min-heap of k entries, so a query matching
 * most of the index costs one comparison per match beyond the first k, not a full sort.
 * Equal scores keep the lower id (the earlier indexed) first, so rankings are stable.
 */
export class TopK {
  readonly #scores: number[] = [];
  readonly #ids: number[] = [];

  constructor(private readonly k: number) {}

  // Whether entry a ranks below entry b (the heap keeps the lowest-ranked entry at its root).
  #below(a: number, b: number): boolean {
    const [sa, sb] = [this.#scores[a] as number, this.#scores[b] as number];
    return sa < sb || (sa === sb && (this.#ids[a] as number) > (this.#ids[b] as number));
  }

  #swap(a: number, b: number): void {
    [this.#scores[a], this.#scores[b]] = [this.#scores[b] as number, this.#scores[a] as number];
    [this.#ids[a], this.#ids[b]] = [this.#ids[b] as number, this.#ids[a] as number];
  }

  /** Offers one entry. */
  offer(score: number, id: number): void {
    const size = this.#scores.length;
    if (size < this.k) {
      this.#scores.push(score);
      this.#ids.push(id);
      for (let i = size; i > 0 && this.#below(i, (i - 1) >> 1); i = (i - 1) >> 1) this.#swap(i, (i - 1) >> 1);
      return;
    }
    const root = this.#scores[0] as number;
    if (size === 0 || score < root || (score === root && id > (this.#ids[0] as number))) return;
    this.#scores[0] = score;
    this.#ids[0] = id;
    for (let i = 0; ; ) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let low = i;
      if (l < size && this.#below(l, low)) low = l;
      if (r < size && this.#below(r, low)) low = r;
      if (low === i) return;
      this.#swap(i, low);
      i = low;
    }
  }

  /** The kept ids, best first. */
  ids(): number[] {
    return this.#ids
      .map((id, i) => ({ id, score: this.#scores[i] as number }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .map((e) => e.id);
  }
}
