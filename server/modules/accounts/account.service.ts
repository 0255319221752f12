import { AppError } from '../../shared/errors';
import type { Audience, Gender } from '../../shared/vocabulary';
import type { AccountMails } from './account-mails';
import type { OneTimeTokenRepository } from './one-time-token.repository';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password';
import { hashSecret, newSecret, normalizeEmail } from './secrets';
import type { ProfilePatch, User, UserRepository } from './user.repository';

export interface RegisterInput {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly country: string;
  readonly preferredLanguage: string;
  readonly audience: Audience;
  readonly gender?: Gender | undefined;
  readonly organisation?: string | undefined;
}

export interface AccountService {
  /**
   * Registers an account and mails a verification link. A taken email gets the same result
   * and a mail to its owner instead, so the answer reveals nothing (no enumeration).
   */
  register(input: RegisterInput): Promise<void>;
  /** The user for an email + password, or null; the same work is done for unknown emails. */
  authenticate(email: string, password: string): Promise<User | null>;
  getProfile(userId: string): Promise<User>;
  updateProfile(userId: string, patch: ProfilePatch): Promise<User>;
  /** Sends a fresh verification link to the user (if not yet verified). */
  resendVerification(userId: string): Promise<void>;
  /** Consumes a verification token; 401 invalid_token when unknown, used or expired. */
  verifyEmail(token: string): Promise<User>;
}

export interface AccountServiceDeps {
  readonly users: UserRepository;
  readonly oneTimeTokens: OneTimeTokenRepository;
  readonly mails: AccountMails;
  readonly clock: () => Date;
  readonly verifyTtlHours: number;
}

/** Registration, sign-in checks, profile and email verification. */
export function createAccountService(deps: AccountServiceDeps): AccountService {
  const { users, oneTimeTokens, mails, clock } = deps;
  const sendVerification = async (user: User) => {
    const token = newSecret('lh_ve_');
    const expiresAt = new Date(clock().getTime() + deps.verifyTtlHours * 3_600_000);
    await oneTimeTokens.create({
      purpose: 'verify-email',
      userId: user.id,
      tokenHash: hashSecret(token),
      expiresAt,
    });
    await mails.verifyEmail(user, token);
  };
  const mustFind = async (userId: string) => {
    const user = await users.findById(userId);
    if (!user) throw new AppError('unauthenticated');
    return user;
  };
  return {
    async register(input) {
      const email = normalizeEmail(input.email);
      const passwordHash = await hashPassword(input.password);
      const user = await users.create({
        email,
        passwordHash,
        displayName: input.displayName,
        country: input.country,
        preferredLanguage: input.preferredLanguage,
        audience: input.audience,
        gender: input.gender ?? null,
        organisation: input.organisation ?? null,
      });
      if (user) return sendVerification(user);
      const owner = await users.findByEmail(email);
      if (owner) await mails.accountExists(owner);
    },
    async authenticate(email, password) {
      const user = await users.findByEmail(normalizeEmail(email));
      if (!user) {
        await burnPasswordCheck(password);
        return null;
      }
      return (await verifyPassword(password, user.passwordHash)) ? user : null;
    },
    getProfile: mustFind,
    async updateProfile(userId, patch) {
      const user = await users.update(userId, patch);
      if (!user) throw new AppError('unauthenticated');
      return user;
    },
    async resendVerification(userId) {
      const user = await mustFind(userId);
      if (!user.emailVerifiedAt) await sendVerification(user);
    },
    async verifyEmail(token) {
      const now = clock();
      const userId = await oneTimeTokens.consume('verify-email', hashSecret(token), now);
      if (!userId || !(await users.markEmailVerified(userId, now))) throw new AppError('invalid_token');
      return mustFind(userId);
    },
  };
}
