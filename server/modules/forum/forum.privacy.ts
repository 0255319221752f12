import { type Connection, Types } from 'mongoose';
import type { PrivacyContributor } from '../accounts/privacy.service';
import { createForumSequence } from './forum.ids';

const EXPORT_LIMIT = 10_000;

/**
 * The forum's and competitions' part of the privacy rights. Export: the user's posts (Markdown
 * as written), threads, likes, reports, subscriptions and competition entries/scores. Erasure:
 * the user's posts lose their text and history and are marked deleted (other people's replies
 * stay readable); ids in threads, reports, entries and scores become the pseudonym so counts,
 * moderation records and competition results stand; likes, subscriptions and notifications go.
 */
export function forumPrivacy(connection: Connection): PrivacyContributor {
  const col = (name: string) => {
    if (!connection.db) throw new Error('database not connected');
    return connection.db.collection(name);
  };
  const nextVersion = createForumSequence(connection);
  const list = (name: string, filter: Record<string, unknown>, projection: Record<string, 0 | 1>) =>
    col(name).find(filter, { projection }).limit(EXPORT_LIMIT).toArray();
  return {
    name: 'forum',
    async export(userId) {
      const [posts, threads, likes, reports, subscriptions, entries, scores] = await Promise.all([
        list(
          'forum_posts',
          { authorId: userId },
          { threadId: 1, body: 1, lang: 1, status: 1, createdAt: 1, history: 1 },
        ),
        list(
          'forum_threads',
          { authorId: userId },
          { title: 1, categoryId: 1, lang: 1, status: 1, createdAt: 1 },
        ),
        list('forum_reactions', { userId }, { postId: 1, kind: 1, createdAt: 1 }),
        list(
          'forum_reports',
          { reporterId: userId },
          { postId: 1, reason: 1, note: 1, status: 1, createdAt: 1 },
        ),
        list('forum_subscriptions', { userId }, { targetType: 1, targetId: 1, createdAt: 1 }),
        list(
          'competition_entries',
          { participantId: userId },
          { competitionId: 1, threadId: 1, title: 1, createdAt: 1 },
        ),
        list('competition_scores', { jurorId: userId }, { entryId: 1, scores: 1, comment: 1, createdAt: 1 }),
      ]);
      return {
        posts,
        threads,
        likes,
        reports,
        subscriptions,
        competitionEntries: entries,
        juryScores: scores,
      };
    },
    async erase(userId, pseudonym) {
      const touched = await col('forum_posts').distinct('threadId', { authorId: userId });
      const erased = { body: '', html: '', history: [], quote: null, attachments: [], status: 'deleted' };
      await col('forum_posts').updateMany({ authorId: userId }, { $set: { ...erased, authorId: pseudonym } });
      await col('forum_posts').updateMany({ 'quote.authorId': userId }, { $set: { quote: null } });
      await col('forum_threads').updateMany({ authorId: userId }, { $set: { authorId: pseudonym } });
      await col('forum_reports').updateMany(
        { reporterId: userId },
        { $set: { reporterId: pseudonym, note: null } },
      );
      await col('competition_entries').updateMany(
        { participantId: userId },
        { $set: { participantId: pseudonym } },
      );
      await col('competition_scores').updateMany(
        { jurorId: userId },
        { $set: { jurorId: pseudonym, comment: null } },
      );
      await col('forum_reactions').deleteMany({ userId });
      await col('forum_subscriptions').deleteMany({ userId });
      await col('notifications').deleteMany({ $or: [{ userId }, { actorId: userId }] });
      // A new searchVersion per touched thread: the search index and page caches drop the text.
      for (const threadId of touched) {
        const searchVersion = await nextVersion();
        await col('forum_threads').updateOne(
          { _id: new Types.ObjectId(String(threadId)) },
          { $set: { searchVersion } },
        );
      }
    },
  };
}
