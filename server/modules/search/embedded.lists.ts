import { FIELDS, type PostingsIndex, type Row } from './embedded.index';

// Postings kept as flat lists (12 bytes each): ~48 MB at most.
const CACHED_POSTINGS = 4_000_000;

/** One term in one field, flattened: document short ids (ascending), term frequencies, field lengths. */
export class TermList {
  ids: Int32Array;
  tf: Float32Array;
  length: Float32Array;
  size = 0;

  constructor(capacity = 4) {
    this.ids = new Int32Array(Math.max(capacity, 4));
    this.tf = new Float32Array(this.ids.length);
    this.length = new Float32Array(this.ids.length);
  }

  /** Appends a document (its short id must be above every listed one). */
  push(d: number, tf: number, length: number): void {
    if (this.size === this.ids.length) this.#grow();
    this.ids[this.size] = d;
    this.tf[this.size] = tf;
    this.length[this.size++] = length;
  }

  #grow(): void {
    const [ids, tf, length] = [this.ids, this.tf, this.length];
    this.ids = new Int32Array(ids.length * 2);
    this.ids.set(ids);
    this.tf = new Float32Array(tf.length * 2);
    this.tf.set(tf);
    this.length = new Float32Array(length.length * 2);
    this.length.set(length);
  }
}

/**
 * MiniSearch's postings of recently queried terms copied into flat typed arrays, so scoring
 * runs over contiguous memory instead of Map entries (several times faster per posting).
 * Kept up to date without rebuilding: an added document is appended to the cached lists of
 * its terms (short ids only grow, so lists stay sorted); a discarded one stays in the lists
 * and is skipped by the scorer (its short id is never reused). Least recently used go first.
 */
export class PostingLists {
  readonly #lists = new Map<string, (TermList | undefined)[]>();
  #postings = 0;

  constructor(
    private readonly index: PostingsIndex,
    private readonly live: readonly unknown[],
  ) {}

  /** Appends the document just indexed under short id `d` to the cached lists of its terms. */
  added(d: number, row: Row): void {
    for (const [field, name] of FIELDS.entries()) {
      const counts = new Map<string, number>();
      for (const term of row[name].split(' ')) if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
      const length = this.index.lengths(field)[d] as number;
      for (const [term, tf] of counts) {
        const list = this.#lists.get(term)?.[field];
        if (!list) continue;
        list.push(d, tf, length);
        this.#postings++;
      }
    }
  }

  /** The list of `term` in field number `field`. */
  get(term: string, field: number): TermList {
    const lists = this.#lists.get(term) ?? [];
    // Most recently used last: eviction takes the oldest first.
    this.#lists.delete(term);
    this.#lists.set(term, lists);
    let list = lists[field];
    if (!list) {
      list = this.#build(term, field);
      lists[field] = list;
      this.#postings += list.size;
      this.#evict(term);
    }
    return list;
  }

  #evict(keep: string): void {
    for (const [term, lists] of this.#lists) {
      if (this.#postings <= CACHED_POSTINGS || term === keep) return;
      this.#lists.delete(term);
      for (const l of lists) this.#postings -= l?.size ?? 0;
    }
  }

  #build(term: string, field: number): TermList {
    const postings = this.index.postings(term, field);
    const list = new TermList(postings?.size);
    if (!postings) return list;
    const lengths = this.index.lengths(field);
    for (const [d, tf] of postings) {
      // Already discarded (not yet vacuumed by MiniSearch): never live again.
      if (this.live[d] !== undefined) list.push(d, tf, lengths[d] as number);
    }
    return list;
  }
}
