import type { Connection } from 'mongoose';
import { SESSIONS_COLLECTION } from './authentication';

/** Direct access to stored browser sessions (written by connect-mongo as objects). */
export interface SessionRepository {
  /** Ends every session of a user (password reset, account deletion). */
  deleteByUser(userId: string): Promise<number>;
  /** Deletes sessions past their expiry (acknowledged writes; see sessionMiddleware). */
  deleteExpired(now: Date): Promise<number>;
}

/** Sessions on one connection. */
export function createSessionRepository(connection: Connection): SessionRepository {
  const sessions = () => {
    if (!connection.db) throw new Error('database not connected');
    return connection.db.collection(SESSIONS_COLLECTION);
  };
  return {
    async deleteByUser(userId) {
      return (await sessions().deleteMany({ 'session.userId': String(userId) })).deletedCount;
    },
    async deleteExpired(now) {
      return (await sessions().deleteMany({ expires: { $lt: now } })).deletedCount;
    },
  };
}
