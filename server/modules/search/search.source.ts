import type { SearchDocument, SearchKey, SearchType } from './search.port';

/** One change a source reports: the item's current state, stamped with its searchVersion. */
export interface SourceChange {
  readonly key: SearchKey;
  /** Source-wide monotonic counter, stamped on every write (create, edit, publish, archive, delete). */
  readonly searchVersion: number;
  /** When the change was written (for the lag in /readyz). */
  readonly changedAt: Date;
  /** The item to index, or null when it must leave the index (unpublished, hidden, deleted). */
  readonly document: SearchDocument | null;
}

/**
 * What the sync job needs from a module that owns searchable content (catalog, forum …):
 * every item whose searchVersion is above `watermark`, in ascending searchVersion order, in
 * whatever state it is now — including items that stopped being searchable. Deleting an item
 * must leave a tombstone with a new searchVersion (or the item must be archived instead).
 */
export interface SearchSource {
  readonly type: SearchType;
  /**
   * `known(key, version)` is true for a change the caller already pushed at that version (the
   * lookback re-reads them): its `document` is never used, so the source may skip building it.
   */
  changedSince(
    watermark: number,
    limit: number,
    known?: (key: SearchKey, searchVersion: number) => boolean,
  ): Promise<SourceChange[]>;
  /**
   * The last searchVersion the source's counter handed out (a read by `_id`), so a pass can skip
   * `changedSince` — a filtered read, a scan on FerretDB — when nothing is newer than the
   * watermark. Optional.
   */
  latestVersion?(): Promise<number>;
  /** How many items are searchable now (reindex's final count check; optional). */
  countSearchable?(): Promise<number>;
}
