import type { TFunction } from 'i18next';
import type { Mailer } from './mailer';
import type { User } from './user.repository';

/** The mails the accounts module sends, each in the recipient's own language. */
export interface AccountMails {
  verifyEmail(user: User, token: string): Promise<void>;
  /** Sent instead of a second account when someone registers with a taken email. */
  accountExists(user: Pick<User, 'email' | 'displayName' | 'preferredLanguage'>): Promise<void>;
  passwordReset(user: User, token: string): Promise<void>;
}

export interface AccountMailsDeps {
  readonly mailer: Mailer;
  /** A translator for the supported locale that best fits `language`. */
  readonly translatorFor: (language: string) => Promise<{ t: TFunction; lang: string }>;
  readonly publicUrl: string;
  readonly verifyTtlHours: number;
  readonly resetTtlMinutes: number;
}

/** Renders account mails from locales/<lng>/accounts.json and hands them to the transport. */
export function createAccountMails(deps: AccountMailsDeps): AccountMails {
  const send = async (
    kind: string,
    user: Pick<User, 'email' | 'displayName' | 'preferredLanguage'>,
    params: Record<string, string | number>,
  ) => {
    const { t, lang } = await deps.translatorFor(user.preferredLanguage);
    const values = { name: user.displayName, ...params };
    await deps.mailer.send({
      to: user.email,
      kind,
      lang,
      subject: t(`accounts:mail.${kind}.subject`, values),
      text: t(`accounts:mail.${kind}.body`, values),
    });
  };
  const link = (path: string, token: string) => `${deps.publicUrl}${path}?token=${encodeURIComponent(token)}`;
  return {
    verifyEmail: (user, token) =>
      send('verify-email', user, { link: link('/verify-email', token), hours: deps.verifyTtlHours }),
    accountExists: (user) => send('account-exists', user, { link: `${deps.publicUrl}/password-reset` }),
    passwordReset: (user, token) =>
      send('password-reset', user, { link: link('/password-reset', token), minutes: deps.resetTtlMinutes }),
  };
}
