import { AppError } from '../../shared/errors';
import type { AccountMails } from './account-mails';
import type { OneTimeTokenRepository } from './one-time-token.repository';
import { hashPassword } from './password';
import { hashSecret, newSecret, normalizeEmail } from './secrets';
import type { SessionRepository } from './session.repository';
import type { UserRepository } from './user.repository';

export interface RecoveryService {
  /** Mails a reset link if the email has an account; the caller answers the same either way. */
  requestReset(email: string): Promise<void>;
  /**
   * Sets a new password from a valid reset token (single use), voids other reset links and
   * ends every session of the user. 401 invalid_token when unknown, used or expired.
   */
  confirmReset(token: string, password: string): Promise<void>;
}

/** Password reset by mailed, single-use, expiring, hashed tokens. */
export function createRecoveryService(deps: {
  users: UserRepository;
  oneTimeTokens: OneTimeTokenRepository;
  sessions: SessionRepository;
  mails: AccountMails;
  clock: () => Date;
  resetTtlMinutes: number;
}): RecoveryService {
  const { users, oneTimeTokens, sessions, mails, clock } = deps;
  return {
    async requestReset(email) {
      const user = await users.findByEmail(normalizeEmail(email));
      if (!user) return;
      const now = clock();
      await oneTimeTokens.invalidate(user.id, 'password-reset', now);
      const token = newSecret('lh_pr_');
      const expiresAt = new Date(now.getTime() + deps.resetTtlMinutes * 60_000);
      await oneTimeTokens.create({
        purpose: 'password-reset',
        userId: user.id,
        tokenHash: hashSecret(token),
        expiresAt,
      });
      await mails.passwordReset(user, token);
    },
    async confirmReset(token, password) {
      const now = clock();
      const passwordHash = await hashPassword(password);
      const userId = await oneTimeTokens.consume('password-reset', hashSecret(token), now);
      if (!userId || !(await users.setPasswordHash(userId, passwordHash)))
        throw new AppError('invalid_token');
      await oneTimeTokens.invalidate(userId, 'password-reset', now);
      // The link proved control of the mailbox, which is what verification checks too.
      const user = await users.findById(userId);
      if (user && !user.emailVerifiedAt) await users.markEmailVerified(userId, now);
      await sessions.deleteByUser(userId);
    },
  };
}
