import type { Connection } from 'mongoose';
import type { Role } from '../../shared/auth';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type UserDoc, userModel } from './user.model';

export type User = Readonly<Omit<UserDoc, '_id'> & { id: string }>;
export type NewUser = Pick<
  User,
  | 'email'
  | 'displayName'
  | 'passwordHash'
  | 'country'
  | 'preferredLanguage'
  | 'audience'
  | 'gender'
  | 'organisation'
> & { roles?: Role[]; emailVerifiedAt?: Date | null };
export type ProfilePatch = Partial<
  Pick<User, 'displayName' | 'country' | 'preferredLanguage' | 'audience' | 'gender' | 'organisation'>
>;

export interface UserRepository {
  /** Inserts a user; resolves null when the email is already taken. */
  create(input: NewUser): Promise<User | null>;
  findById(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  update(id: string, patch: ProfilePatch): Promise<User | null>;
  setPasswordHash(id: string, passwordHash: string): Promise<boolean>;
  markEmailVerified(id: string, at: Date): Promise<boolean>;
  setRoles(id: string, roles: readonly Role[]): Promise<User | null>;
  /** Users ordered by creation, optionally with a role; `total` counts the filter. */
  list(
    filter: { role?: Role | undefined },
    page: { skip: number; limit: number },
  ): Promise<{ items: User[]; total: number }>;
  deleteById(id: string): Promise<boolean>;
  /** The user's erasure pseudonym: the stored one, or `candidate` once stored. */
  erasurePseudonym(id: string, candidate: string): Promise<string>;
}

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

/** User persistence on one connection; returns plain objects only. */
export function createUserRepository(connection: Connection): UserRepository {
  const Users = userModel(connection);
  const byId = async (id: string, update: Record<string, unknown>) =>
    isObjectId(id)
      ? toUser(await Users.findByIdAndUpdate(id, update, { returnDocument: 'after' }).lean<UserDoc>())
      : null;
  return {
    async create(input) {
      try {
        return toUser((await Users.create(input)).toObject());
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
    },
    async findById(id) {
      return isObjectId(id) ? toUser(await Users.findById(id).lean<UserDoc>()) : null;
    },
    async findByEmail(email) {
      return toUser(await Users.findOne({ email: String(email) }).lean<UserDoc>());
    },
    update: (id, patch) => byId(id, { $set: patch }),
    async setPasswordHash(id, passwordHash) {
      return (await byId(id, { $set: { passwordHash } })) !== null;
    },
    async markEmailVerified(id, at) {
      return (await byId(id, { $set: { emailVerifiedAt: at } })) !== null;
    },
    setRoles: (id, roles) => byId(id, { $set: { roles: [...roles] } }),
    async list(filter, page) {
      const query = filter.role ? { roles: filter.role } : {};
      const [items, total] = await Promise.all([
        Users.find(query).sort({ createdAt: 1, _id: 1 }).skip(page.skip).limit(page.limit).lean<UserDoc[]>(),
        Users.countDocuments(query),
      ]);
      return { items: items.map((d) => toUser(d) as User), total };
    },
    async erasurePseudonym(id, candidate) {
      const existing = await Users.findById(id, { erasurePseudonym: 1 }).lean<
        Pick<UserDoc, 'erasurePseudonym'>
      >();
      if (existing?.erasurePseudonym) return existing.erasurePseudonym;
      await Users.updateOne({ _id: id }, { $set: { erasurePseudonym: candidate } });
      return candidate;
    },
    async deleteById(id) {
      return isObjectId(id) && (await Users.deleteOne({ _id: id })).deletedCount === 1;
    },
  };
}

function toUser(doc: UserDoc | null): User | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}
