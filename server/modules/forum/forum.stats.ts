import type { ForumEvent, ForumEventSink } from './forum.events';

/** The part of the outreach statistics service the forum uses (structural: no import cycle). */
export interface StatsRecorder {
  recordEvent(event: {
    id: string;
    type: never;
    occurredAt: Date;
    userKey?: string | null;
    language?: string | null;
    country?: string | null;
    audience?: string | null;
    gender?: string | null;
  }): Promise<unknown>;
  pseudonym(userId: string): string;
}

/** The profile dimensions counted with each event. */
export type ProfileLookup = (
  userId: string,
) => Promise<{ country: string; audience: string; gender: string | null } | null>;

/**
 * Forwards forum activity to outreach's `recordEvent`, with the author's pseudonym and profile
 * dimensions. Event types outreach does not count (`supported`) are dropped here, not failed.
 */
export function statsEventSink(
  stats: StatsRecorder,
  profileOf: ProfileLookup,
  supported: readonly string[],
): ForumEventSink {
  return {
    async record(event: ForumEvent) {
      if (!supported.includes(event.type)) return;
      const profile = await profileOf(event.userId);
      await stats.recordEvent({
        id: event.id,
        type: event.type as never,
        occurredAt: event.at,
        userKey: stats.pseudonym(event.userId),
        language: event.lang,
        country: profile?.country ?? null,
        audience: profile?.audience ?? null,
        gender: profile?.gender ?? null,
      });
    },
  };
}
