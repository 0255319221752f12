import type { Model } from 'mongoose';
import { idMemo } from '../../shared/db';
import { isDuplicateKey } from '../../shared/error-mapping';
import { AppError } from '../../shared/errors';
import type { ContentBase, ContentKind, ManagedField } from './content.types';
import type { RevisionClaims } from './revision-claim.model';
import type { Sequence } from './sequence.model';

export type NewContent<T extends ContentBase> = Omit<T, ManagedField>;
export type ContentChanges<T extends ContentBase> = Partial<Omit<T, ManagedField | 'slug'>>;

export interface FindOptions {
  readonly sort?: Record<string, 1 | -1>;
  readonly skip?: number;
  readonly limit?: number;
  /** Fields left out (e.g. `modules` for list pages). */
  readonly exclude?: readonly string[];
}

/** Persistence shared by courses, resources and credential definitions; plain objects only. */
export interface ContentRepository<T extends ContentBase> {
  readonly kind: ContentKind;
  findBySlug(slug: string): Promise<T | null>;
  /** Inserts version 1; a taken slug is a 409 `duplicate`. */
  insert(doc: NewContent<T>): Promise<T>;
  /**
   * Applies `changes` only if the stored version is still `expectedVersion`, bumping `version`
   * and `searchVersion`; exactly one of several concurrent writers of a version wins (see
   * revision-claim.model.ts). Otherwise 404 `not_found` or 409 `version_conflict` carrying
   * `currentVersion`.
   */
  update(slug: string, expectedVersion: number, changes: ContentChanges<T>): Promise<T>;
  find(filter: Record<string, unknown>, options?: FindOptions): Promise<T[]>;
  count(filter: Record<string, unknown>): Promise<number>;
  /** Items whose searchVersion is above `watermark`, oldest change first (for search sync). */
  listChangedSince(watermark: number, limit: number): Promise<T[]>;
  /** The last searchVersion the shared counter handed out (one read by `_id`). */
  latestSearchVersion(): Promise<number>;
}

/** Builds the repository for one content model; `nextSearchVersion` is the shared counter. */
export function createContentRepository<T extends ContentBase>(
  kind: ContentKind,
  model: Model<T>,
  nextSearchVersion: Sequence,
  claims: RevisionClaims,
): ContentRepository<T> {
  // Mongoose's generic filter types do not follow a generic T; the shapes are checked by ours.
  const M = model as unknown as Model<ContentBase>;
  const notFound = () => new AppError('not_found', { params: { resource: kind }, extensions: { kind } });
  // Reads and updates by slug ask by `_id` once it is known (idMemo, server/shared/db.ts).
  const bySlug = idMemo('slug');
  const currentVersion = async (slug: string) =>
    (await bySlug.find(slug, (f) => M.findOne(f, { version: 1 }).lean()))?.version;
  const conflictOrMissing = (current: number | undefined) =>
    current === undefined
      ? notFound()
      : new AppError('version_conflict', {
          params: { currentVersion: current },
          extensions: { currentVersion: current },
        });
  return {
    kind,
    async findBySlug(slug) {
      return strip<T>(await bySlug.find(String(slug), (f) => M.findOne(f).lean()));
    },
    async insert(doc) {
      try {
        await M.create({ ...doc, version: 1, searchVersion: await nextSearchVersion() });
        // Re-read as a lean object: hydrated documents shadow fields such as `collection`.
        return strip<T>(await M.findOne({ slug: doc.slug }).lean()) as T;
      } catch (err) {
        if (isDuplicateKey(err))
          throw new AppError('duplicate', { params: { field: 'slug' }, extensions: { slug: doc.slug } });
        throw err;
      }
    },
    async update(slug, expectedVersion, changes) {
      const claimId = `${kind}:${slug}:${expectedVersion + 1}`;
      if (!(await claims.claim(claimId))) {
        const current = await currentVersion(slug);
        if (current === expectedVersion && (await claims.isAbandoned(claimId))) {
          await claims.release(claimId);
          return this.update(slug, expectedVersion, changes);
        }
        throw conflictOrMissing(current);
      }
      try {
        const current = await bySlug.find(slug, (f) => M.findOne(f, { version: 1, searchVersion: 1 }).lean());
        // The counter's $inc is not atomic on FerretDB and may repeat a number; an item's own
        // searchVersion must still grow, or the search sync would take the write for one it has.
        const searchVersion = Math.max(await nextSearchVersion(), (current?.searchVersion ?? 0) + 1);
        const updated = await bySlug.find(slug, (f) =>
          M.findOneAndUpdate(
            { ...f, version: expectedVersion },
            { $set: { ...changes, version: expectedVersion + 1, searchVersion } },
            { returnDocument: 'after' },
          ).lean(),
        );
        if (updated) {
          await claims.release(`${kind}:${slug}:${expectedVersion}`);
          return strip<T>(updated) as T;
        }
      } catch (err) {
        await claims.release(claimId).catch(() => undefined);
        throw err;
      }
      await claims.release(claimId);
      throw conflictOrMissing(await currentVersion(slug));
    },
    async find(filter, options = {}) {
      let query = M.find(filter);
      if (options.exclude?.length) query = query.select(options.exclude.map((f) => `-${f}`).join(' '));
      if (options.sort) query = query.sort(options.sort);
      if (options.skip) query = query.skip(options.skip);
      if (options.limit) query = query.limit(options.limit);
      return (await query.lean()).map((d) => strip<T>(d) as T);
    },
    async count(filter) {
      return M.countDocuments(filter);
    },
    async listChangedSince(watermark, limit) {
      const docs = await M.find({ searchVersion: { $gt: watermark } })
        .sort({ searchVersion: 1 })
        .limit(limit)
        .lean();
      return docs.map((d) => strip<T>(d) as T);
    },
    latestSearchVersion: () => nextSearchVersion.current(),
  };
}

function strip<T>(doc: unknown): T | null {
  if (!doc) return null;
  const { _id, ...rest } = doc as { _id: unknown };
  return rest as T;
}
