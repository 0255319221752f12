import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { ROLES, type Role } from '../../shared/auth';
import { modelFor } from '../../shared/db';
import { AUDIENCES, type Audience, GENDERS, type Gender } from '../../shared/vocabulary';

/** A registered account. Personal data: email, displayName, organisation (deleted on erasure). */
export interface UserDoc {
  _id: Types.ObjectId;
  /** Normalized (trimmed, lower-cased, NFKC) email; unique. */
  email: string;
  displayName: string;
  passwordHash: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** BCP 47 tag used for messages and mails (negotiation: ?lang= → this → Accept-Language). */
  preferredLanguage: string;
  audience: Audience;
  gender: Gender | null;
  organisation: string | null;
  roles: Role[];
  emailVerifiedAt: Date | null;
  /** Set when erasure starts, so a retried erasure pseudonymizes with the same value. */
  erasurePseudonym?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const UserSchema = new Schema<UserDoc>(
  {
    email: { type: String, required: true },
    displayName: { type: String, required: true },
    passwordHash: { type: String, required: true },
    country: { type: String, required: true },
    preferredLanguage: { type: String, required: true },
    audience: { type: String, required: true, enum: AUDIENCES },
    gender: { type: String, enum: [...GENDERS, null], default: null },
    organisation: { type: String, default: null },
    roles: { type: [String], enum: ROLES, default: ['learner'] },
    emailVerifiedAt: { type: Date, default: null },
    erasurePseudonym: { type: String, default: null },
  },
  { collection: 'users', timestamps: true, versionKey: false },
);

// Indexes: email unique (login, no duplicates); roles for the admin listing filter (an array:
// named multikey, so the patched FerretDB never pushes an equality on it down — docs/database.md).
// Shard-key candidate: { _id: 'hashed' } — lookups are by id (sessions, tokens) or by email (login,
// routed through the unique index, which on a sharded cluster would need email as the shard key).
UserSchema.index({ email: 1 }, { unique: true });
UserSchema.index({ roles: 1 }, { name: 'roles_1_multikey' });

/** Registers (once per connection) and returns the User model. */
export function userModel(connection: Connection): Model<UserDoc> {
  return modelFor(connection, 'User', UserSchema);
}
