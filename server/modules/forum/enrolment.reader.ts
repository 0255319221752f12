import type { Connection } from 'mongoose';
import type { EnrolmentCheck } from './forum.access';

/**
 * Reads the enrolment module's `enrolments` collection (one document per course and user,
 * unique) for the "enrolled learners may post" rule, without depending on its internals.
 */
export function createEnrolmentCheck(connection: Connection): EnrolmentCheck {
  return async (userId, courseSlug) => {
    if (!connection.db) return false;
    const doc = await connection.db
      .collection('enrolments')
      .findOne({ courseSlug, userId, status: { $in: ['active', 'completed'] } }, { projection: { _id: 1 } });
    return doc !== null;
  };
}
