import { type Connection, isValidObjectId } from 'mongoose';
import { type GatheringDoc, type GatheringStatus, gatheringModels, type SeriesDoc } from './gathering.model';

export type Gathering = Readonly<Omit<GatheringDoc, '_id'> & { id: string }>;
export type NewGathering = Omit<Gathering, 'id' | 'createdAt' | 'updatedAt'>;
export type GatheringPatch = Partial<Omit<NewGathering, 'createdBy'>>;
export type Series = Readonly<Omit<SeriesDoc, '_id'> & { id: string }>;

export interface GatheringRepository {
  create(input: NewGathering): Promise<Gathering>;
  findById(id: string): Promise<Gathering | null>;
  update(id: string, patch: GatheringPatch): Promise<Gathering | null>;
  /** Events by start (newest first), optionally by status and series; one page and the total. */
  list(
    filter: { statuses: readonly GatheringStatus[]; seriesId?: string | undefined },
    page: { skip: number; limit: number },
  ): Promise<{ items: Gathering[]; total: number }>;
  createSeries(input: Omit<Series, 'id' | 'createdAt' | 'updatedAt'>): Promise<Series>;
  findSeries(id: string): Promise<Series | null>;
  listSeries(): Promise<Series[]>;
}

/** Events and series on one connection; plain objects only. */
export function createGatheringRepository(connection: Connection): GatheringRepository {
  const { Gatherings, Series } = gatheringModels(connection);
  return {
    async create(input) {
      return toPlain((await Gatherings.create(input)).toObject()) as Gathering;
    },
    async findById(id) {
      return isValidObjectId(id) ? toPlain(await Gatherings.findById(id).lean<GatheringDoc>()) : null;
    },
    async update(id, patch) {
      if (!isValidObjectId(id)) return null;
      const doc = await Gatherings.findByIdAndUpdate(id, { $set: patch }, { returnDocument: 'after' });
      return toPlain(doc?.toObject() ?? null);
    },
    async list(filter, page) {
      const query: Record<string, unknown> = { status: { $in: filter.statuses } };
      if (filter.seriesId) query.seriesId = filter.seriesId;
      const [docs, total] = await Promise.all([
        Gatherings.find(query)
          .sort({ startsAt: -1, _id: -1 })
          .skip(page.skip)
          .limit(page.limit)
          .lean<GatheringDoc[]>(),
        Gatherings.countDocuments(query),
      ]);
      return { items: docs.map((d) => toPlain(d) as Gathering), total };
    },
    async createSeries(input) {
      return toPlain((await Series.create(input)).toObject()) as Series;
    },
    async findSeries(id) {
      return isValidObjectId(id) ? toPlain(await Series.findById(id).lean<SeriesDoc>()) : null;
    },
    async listSeries() {
      return (await Series.find().sort({ createdAt: -1 }).limit(500).lean<SeriesDoc[]>()).map(
        (d) => toPlain(d) as Series,
      );
    },
  };
}

function toPlain<T extends { _id: { toHexString(): string } }>(
  doc: T | null,
): (Omit<T, '_id'> & { id: string }) | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}
