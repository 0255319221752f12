import type { TFunction } from 'i18next';
import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { Mailer } from '../accounts/mailer';
import type { DigestFrequency, DigestPeriod } from './digest.model';
import type { DigestRepository } from './digest.repository';
import type { Notification, NotificationRepository, Subscription } from './notification.repository';

const DAY_MS = 24 * 3600 * 1000;
const PERIOD_MS: Record<DigestPeriod, number> = { daily: DAY_MS, weekly: 7 * DAY_MS };
// Users per run and notifications per digest; a larger backlog goes out in the next period.
const MAX_USERS = 10_000;
const MAX_ITEMS = 100;

export interface DigestDeps {
  readonly digests: DigestRepository;
  readonly notifications: NotificationRepository;
  readonly users: {
    findById(id: string): Promise<{ email: string; preferredLanguage: string } | null>;
  };
  readonly mailer: Mailer;
  readonly translatorFor: (language: string) => Promise<{ t: TFunction; lang: string }>;
  readonly publicUrl: string;
  readonly clock: () => Date;
  /** A user's digest failed (logged; its claim is released, so the next run retries it). */
  readonly onError: (err: unknown) => void;
}

/** The digest a period key names: `2026-11-30` (UTC day) or `2026-W49` (ISO week). */
export function periodKey(period: DigestPeriod, at: Date): string {
  if (period === 'daily') return at.toISOString().slice(0, 10);
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday decides the ISO year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Which frequency applies to a notification: its subscription's own, else the user's global one. */
function frequencyOf(n: Notification, subs: Map<string, Subscription>, global: DigestFrequency) {
  const target = n.kind === 'reply' ? `thread:${n.threadId}` : `category:${n.categoryId}`;
  return subs.get(target)?.digest ?? global;
}

/** Email digests of unread forum notifications: preferences and the digest job. */
export function createDigestService(deps: DigestDeps) {
  function mailText(t: TFunction, period: DigestPeriod, items: readonly Notification[]): string {
    const lines = items.map(
      (n) =>
        `- ${t(`forum:notifications.${n.kind}`, { title: n.title })}\n  ${deps.publicUrl}/forum/threads/${n.threadId}#post-${n.postId}`,
    );
    const frequency = t(`forum:digest.frequencies.${period}`);
    return [t('forum:digest.intro'), '', ...lines, '', t('forum:digest.footer', { frequency })].join('\n');
  }

  /** Sends one user's digest of `period` if there is anything to send; true when a mail went out. */
  async function digestFor(userId: string, period: DigestPeriod, now: Date): Promise<boolean> {
    const after =
      (await deps.digests.lastUntil(userId, period)) ?? new Date(now.getTime() - PERIOD_MS[period]);
    const [global, subs, unread] = await Promise.all([
      deps.digests.frequencyOf(userId),
      deps.notifications.listSubscriptions(userId),
      deps.notifications.unreadBetween(userId, after, now, MAX_ITEMS),
    ]);
    const bySubject = new Map(subs.map((s) => [`${s.targetType}:${s.targetId}`, s]));
    const items = unread.filter((n) => frequencyOf(n, bySubject, global) === period);
    const user = items.length > 0 ? await deps.users.findById(userId) : null;
    if (!user?.email) return false;
    const key = periodKey(period, now);
    const id = `${userId}:${period}:${key}`;
    const notificationIds = items.map((n) => n.id);
    if (!(await deps.digests.claim({ _id: id, userId, period, periodKey: key, until: now, notificationIds })))
      return false;
    const { t, lang } = await deps.translatorFor(user.preferredLanguage);
    try {
      const subject = t('forum:digest.subject', { count: items.length });
      await deps.mailer.send({
        to: user.email,
        subject,
        text: mailText(t, period, items),
        lang,
        kind: 'forum-digest',
      });
    } catch (err) {
      await deps.digests.release(id);
      throw err;
    }
    await deps.digests.markSent(id, deps.clock());
    return true;
  }

  return {
    /** The user's global digest choice (`none` until set). */
    frequency: (actor: Actor) => deps.digests.frequencyOf(actor.userId),

    /** Sets the user's global digest choice. */
    async setFrequency(actor: Actor, frequency: DigestFrequency) {
      await deps.digests.setFrequency(actor.userId, frequency, deps.clock());
      return frequency;
    },

    /** Sets one subscription's own digest (null: follow the global choice); 404 if not the actor's. */
    async setSubscriptionDigest(actor: Actor, id: string, digest: DigestFrequency | null) {
      const updated = await deps.notifications.setDigest(actor.userId, id, digest);
      if (!updated) throw new AppError('not_found');
      return updated;
    },

    /**
     * Sends the `period` digests due at `now`: one email per user with their unread
     * notifications since their last digest of that period, in their language. Idempotent per
     * user and period (the digest record is claimed before sending), so reruns, several app
     * processes and a cron plus a scheduler never send twice. Returns how many mails went out.
     */
    async run(period: DigestPeriod, now: Date = deps.clock()): Promise<{ sent: number; failed: number }> {
      const users = new Set([
        ...(await deps.digests.usersWithFrequency(period, MAX_USERS)),
        ...(await deps.notifications.usersWithDigest(period, MAX_USERS)),
      ]);
      let sent = 0;
      let failed = 0;
      for (const userId of users) {
        try {
          if (await digestFor(userId, period, now)) sent += 1;
        } catch (err) {
          failed += 1;
          deps.onError(err);
        }
      }
      return { sent, failed };
    },
  };
}

export type DigestService = ReturnType<typeof createDigestService>;
