/** Kinds of forum activity counted in the outreach figures. */
export type ForumEventType = 'forum_thread' | 'forum_post' | 'competition_entry';

/** One forum activity; `id` is idempotent (`<type>:<document id>`), so a retry counts once. */
export interface ForumEvent {
  readonly id: string;
  readonly type: ForumEventType;
  readonly userId: string;
  readonly at: Date;
  readonly categoryId: string;
  readonly lang: string;
}

/**
 * Where forum activity goes for the outreach figures. The outreach module's `recordEvent` plugs
 * in here (server/services.ts); until it exists the forum runs with `noForumEvents`.
 */
export interface ForumEventSink {
  record(event: ForumEvent): Promise<void>;
}

/** The sink used while no outreach statistics module is wired: records nothing. */
export const noForumEvents: ForumEventSink = { record: async () => {} };
