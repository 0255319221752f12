import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import {
  type ImportCounts,
  type ImportDoc,
  type ImportIssuesDoc,
  importModels,
  type RowIssue,
} from './import.model';

export type ImportRecord = Readonly<ImportDoc>;

export interface ImportRepository {
  find(id: string): Promise<ImportRecord | null>;
  /** Creates the import (run 1); false when it already exists. */
  create(doc: ImportDoc): Promise<boolean>;
  /** Claims run number `attempt` by a unique insert; false when another run got it first. */
  claimRun(importId: string, attempt: number, by: string, at: Date): Promise<boolean>;
  start(id: string, attempt: number, leaseUntil: Date): Promise<void>;
  /** Records a committed batch: the row reached and the counts up to it, together. */
  commit(id: string, attempt: number, row: number, counts: ImportCounts, leaseUntil: Date): Promise<void>;
  finish(id: string, attempt: number, at: Date): Promise<void>;
  interrupt(id: string, attempt: number): Promise<void>;
  /** Stores a batch's issues (replacing a previous attempt's, so a redone batch reports once). */
  putIssues(importId: string, firstRow: number, issues: readonly RowIssue[]): Promise<void>;
  /** Issues in row order: `skip` issues in, at most `limit`. */
  issues(importId: string, skip: number, limit: number): Promise<RowIssue[]>;
}

/** Attendance imports on one connection. */
export function createImportRepository(connection: Connection): ImportRepository {
  const { Imports, Runs, Issues } = importModels(connection);
  return {
    find(id) {
      return Imports.findById(id).lean<ImportDoc>();
    },
    async create(doc) {
      try {
        await Imports.create(doc);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async claimRun(importId, attempt, by, at) {
      try {
        await Runs.create({ _id: `${importId}#${attempt}`, importId, by, at });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async start(id, attempt, leaseUntil) {
      await Imports.updateOne({ _id: id }, { $set: { attempt, state: 'running', leaseUntil } });
    },
    async commit(id, attempt, row, counts, leaseUntil) {
      await Imports.updateOne({ _id: id, attempt }, { $set: { lastCommittedRow: row, counts, leaseUntil } });
    },
    async finish(id, attempt, at) {
      await Imports.updateOne({ _id: id, attempt }, { $set: { state: 'done', finishedAt: at } });
    },
    async interrupt(id, attempt) {
      await Imports.updateOne({ _id: id, attempt }, { $set: { state: 'interrupted' } });
    },
    async putIssues(importId, firstRow, issues) {
      const _id = `${importId}:${String(firstRow).padStart(9, '0')}`;
      await Issues.replaceOne({ _id }, { _id, importId, issues: [...issues] }, { upsert: true });
    },
    async issues(importId, skip, limit) {
      const out: RowIssue[] = [];
      let seen = 0;
      const cursor = Issues.find({ importId }).sort({ _id: 1 }).lean<ImportIssuesDoc[]>().cursor();
      for await (const doc of cursor as AsyncIterable<ImportIssuesDoc>) {
        if (seen + doc.issues.length <= skip) {
          seen += doc.issues.length;
          continue;
        }
        for (const issue of doc.issues) {
          if (seen++ >= skip && out.length < limit) out.push(issue);
        }
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}
