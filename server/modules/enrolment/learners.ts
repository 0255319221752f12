import type { Connection } from 'mongoose';
import { AppError } from '../../shared/errors';
import { type UserDoc, userModel } from '../accounts/user.model';
import type { LearnerLookup } from './enrolment.service';

/** What a roster shows about a learner. */
export interface RosterPerson {
  readonly id: string;
  readonly displayName: string;
  readonly country: string;
  readonly audience: string;
}

/** Reads learners through the accounts module's User model (ids only in, plain objects out). */
export function createLearnerReader(connection: Connection, userKey: (userId: string) => string) {
  const Users = userModel(connection);
  const valid = (id: string) => /^[0-9a-f]{24}$/i.test(id);
  const lookup: LearnerLookup = async (userId) => {
    const user = valid(userId)
      ? await Users.findById(userId, {
          country: 1,
          audience: 1,
          gender: 1,
          preferredLanguage: 1,
        }).lean<UserDoc>()
      : null;
    if (!user) throw new AppError('not_found', { params: { resource: 'user' } });
    return {
      userKey: userKey(userId),
      profile: {
        country: user.country,
        audience: user.audience,
        gender: user.gender ?? null,
        preferredLanguage: user.preferredLanguage,
      },
    };
  };
  return {
    lookup,
    /** Display data for a roster, by user id. */
    async people(ids: readonly string[]): Promise<Map<string, RosterPerson>> {
      const docs = await Users.find(
        { _id: { $in: ids.filter(valid) } },
        { displayName: 1, country: 1, audience: 1 },
      ).lean<UserDoc[]>();
      return new Map(
        docs.map((d) => [
          d._id.toHexString(),
          { id: d._id.toHexString(), displayName: d.displayName, country: d.country, audience: d.audience },
        ]),
      );
    },
    /** The learner's display name and language (credential pages). */
    async nameAndLanguage(id: string): Promise<{ displayName: string; preferredLanguage: string } | null> {
      if (!valid(id)) return null;
      return Users.findById(id, { displayName: 1, preferredLanguage: 1 }).lean<UserDoc>();
    },
  };
}

export type LearnerReader = ReturnType<typeof createLearnerReader>;
