import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { plain } from './forum.ids';
import { type ReportDoc, reportModel } from './report.model';

export type Report = Readonly<Omit<ReportDoc, '_id'> & { id: string }>;
export type NewReport = Pick<
  Report,
  'postId' | 'threadId' | 'categoryId' | 'lang' | 'reporterId' | 'reason' | 'note'
>;

export interface ReportRepository {
  /** Files a report; a repeat by the same reporter returns the existing one (`created: false`). */
  create(input: NewReport): Promise<{ report: Report; created: boolean }>;
  listOpen(
    filter: { categoryId?: string | undefined; lang?: string | undefined },
    limit: number,
  ): Promise<Report[]>;
  /** Resolves every open report of a post; returns how many. */
  resolveForPost(postId: string, resolution: string, moderatorId: string): Promise<number>;
  moveThread(threadId: string, categoryId: string): Promise<void>;
}

/** Post reports on one connection; plain objects only. */
export function createReportRepository(connection: Connection): ReportRepository {
  const Reports = reportModel(connection);
  return {
    async create(input) {
      try {
        const doc = await Reports.create({ ...input, status: 'open' });
        return { report: plain(doc.toObject()), created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const doc = await Reports.findOne({
          postId: input.postId,
          reporterId: input.reporterId,
        }).lean<ReportDoc>();
        if (!doc) throw err;
        // A report resolved earlier is opened again: the post was reported anew.
        if (doc.status === 'resolved') {
          await Reports.updateOne(
            { _id: doc._id },
            { $set: { status: 'open', reason: input.reason, note: input.note } },
          );
          return {
            report: { ...plain(doc), status: 'open', reason: input.reason, note: input.note },
            created: true,
          };
        }
        return { report: plain(doc), created: false };
      }
    },
    async listOpen(filter, limit) {
      const query: Record<string, unknown> = { status: 'open' };
      if (filter.categoryId) query.categoryId = filter.categoryId;
      if (filter.lang) query.lang = filter.lang;
      const docs = await Reports.find(query).sort({ createdAt: 1 }).limit(limit).lean<ReportDoc[]>();
      return docs.map(plain);
    },
    async resolveForPost(postId, resolution, moderatorId) {
      const r = await Reports.updateMany(
        { postId, status: 'open' },
        { $set: { status: 'resolved', resolution, resolvedBy: moderatorId } },
      );
      return r.modifiedCount;
    },
    async moveThread(threadId, categoryId) {
      await Reports.updateMany({ threadId }, { $set: { categoryId } });
    },
  };
}
