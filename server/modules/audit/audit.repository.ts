import type { Connection } from 'mongoose';
import { type AuditEntryDoc, auditEntryModel } from './audit.model';

export type AuditEntry = Readonly<Omit<AuditEntryDoc, '_id'> & { id: string }>;
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'details'> & {
  details?: AuditEntryDoc['details'];
};

/** Append-only audit log: there is deliberately no update or delete. */
export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Entries done by or to `userId`, newest first. */
  listAbout(userId: string, limit?: number): Promise<AuditEntry[]>;
  /** Entries in [from, to), oldest first, for staff export. */
  listBetween(from: Date, to: Date, page: { skip: number; limit: number }): Promise<AuditEntry[]>;
}

/** The audit log on one connection; `clock` stamps entries. */
export function createAuditLog(connection: Connection, clock: () => Date = () => new Date()): AuditLog {
  const Entries = auditEntryModel(connection);
  return {
    async append(entry) {
      const doc = await Entries.create({ details: {}, ...entry, at: clock() });
      return toEntry(doc.toObject());
    },
    async listAbout(userId, limit = 1000) {
      const docs = await Entries.find({ $or: [{ actorId: userId }, { targetId: userId }] })
        .sort({ at: -1 })
        .limit(limit)
        .lean<AuditEntryDoc[]>();
      return docs.map(toEntry);
    },
    async listBetween(from, to, page) {
      const docs = await Entries.find({ at: { $gte: from, $lt: to } })
        .sort({ at: 1, _id: 1 })
        .skip(page.skip)
        .limit(page.limit)
        .lean<AuditEntryDoc[]>();
      return docs.map(toEntry);
    },
  };
}

function toEntry(doc: AuditEntryDoc): AuditEntry {
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}
