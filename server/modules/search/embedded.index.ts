import MiniSearch from 'minisearch';

export const FIELDS = ['s_title', 's_summary', 's_body'] as const;
export type Field = (typeof FIELDS)[number];
/** What MiniSearch indexes per item: analyzed terms (stems and synonym terms), space-separated. */
export type Row = { id: string } & Record<Field, string>;

/** The documents holding one term in one field: short document id → term frequency. */
export type Postings = ReadonlyMap<number, number>;

/**
 * MiniSearch's inverted index, opened to our own scorer (embedded.scorer.ts). MiniSearch keeps
 * its postings and field lengths `protected`, i.e. open to subclasses; reading them lets the
 * engine score matches into typed arrays and keep only the best k, where `search()` builds a
 * result object with match details for every match and sorts them all — the cost that grew
 * with the corpus (≈ 4 µs per match). Adding, discarding and vacuuming stay MiniSearch's.
 */
export class PostingsIndex extends MiniSearch<Row> {
  /** Per field, each document's length (MiniSearch's BM25 length: distinct terms), by short id. */
  readonly #lengths: number[][] = FIELDS.map(() => []);

  constructor() {
    super({
      fields: [...FIELDS],
      // Rows hold analyzed terms already (shared analysis): split on spaces, keep as is.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term || null,
    });
  }

  /** Adds a row and returns the short id MiniSearch gave it (a new one on every add). */
  addRow(row: Row): number {
    this.add(row);
    const shortId = this._idToShortId.get(row.id) as number;
    const lengths = this._fieldLength.get(shortId) ?? [];
    for (const [f, perDoc] of this.#lengths.entries()) perDoc[shortId] = lengths[f] ?? 0;
    return shortId;
  }

  /** The postings of `term` in field number `field` (the position in FIELDS). */
  postings(term: string, field: number): Postings | undefined {
    return this._index.get(term)?.get(field);
  }

  /** Field lengths of every document in field number `field`, indexed by short id. */
  lengths(field: number): readonly number[] {
    return this.#lengths[field] ?? [];
  }

  /** Average length of field number `field` over the live documents. */
  averageLength(field: number): number {
    return this._avgFieldLength[field] ?? 0;
  }

  /** Live documents (BM25's N). */
  get liveCount(): number {
    return this._documentCount;
  }

  /** One past the highest short id ever given: the size of arrays indexed by short id. */
  get idLimit(): number {
    return this._nextId;
  }
}

/** Field number of a field name (MiniSearch numbers fields in the order they are declared). */
export const fieldNumber = (field: Field): number => FIELDS.indexOf(field);
