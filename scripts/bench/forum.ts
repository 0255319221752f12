import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../server/modules/accounts/password';
import type { ForumContext } from '../../server/modules/forum/forum.deps';
import type { Services } from '../../server/services';
import type { Role } from '../../server/shared/auth';
import type { BenchEndpoint } from './endpoints';

const POSTS_PER_PAGE = 50;

async function benchUser(services: Services, roles: Role[], lang: string) {
  const user = await services.accounts.users.create({
    email: `bench-${randomBytes(6).toString('hex')}@example.test`,
    passwordHash: await hashPassword(randomBytes(12).toString('base64url')),
    displayName: 'Bench',
    country: 'EG',
    preferredLanguage: lang,
    audience: 'teacher',
    gender: null,
    organisation: null,
    roles,
    emailVerifiedAt: new Date(),
  });
  if (!user) throw new Error('bench user exists');
  const actor = { userId: user.id, roles, via: 'session' as const };
  const { secret } = await services.accounts.tokens.create(
    { actor, requestId: 'bench' },
    { name: 'bench', scopes: roles, expiresInDays: 1 },
  );
  return { ctx: { actor, requestId: 'bench' } satisfies ForumContext, token: secret };
}

/**
 * Seeds an Arabic thread of 50 posts (with an English quote) and a learner's token, and returns
 * the forum's bench endpoints: reading that page, and posting a reply to it.
 */
export async function seedForumBench(services: Services): Promise<BenchEndpoint[]> {
  const { forum } = services;
  const seeder = await benchUser(services, ['moderator'], 'ar');
  const reader = await benchUser(services, ['learner'], 'ar');
  const category = await forum.deps.categories.ensure({
    key: 'bench-teachers-lounge',
    kind: 'topic',
    scope: 'ai-in-education',
    title: { ar: 'غرفة المعلمين', en: 'Teachers’ lounge' },
    description: {},
    defaultLanguage: 'ar',
    postingPolicy: 'everyone',
    position: 0,
  });
  const body = 'نشارك **تجاربنا** في استخدام الذكاء الاصطناعي في التقييم. [المصدر](https://example.org/a)';
  const { thread, post } = await forum.forum.openThread(seeder.ctx, category, {
    title: 'التقييم',
    body,
    attachments: [],
  });
  const english = await forum.posts.reply(seeder.ctx, thread.id, {
    body: 'Rubrics help **a lot**.',
    attachments: [],
  });
  for (let i = 2; i < POSTS_PER_PAGE; i++) {
    const quotePostId = i % 5 === 0 ? english.id : i % 7 === 0 ? post.id : undefined;
    await forum.posts.reply(seeder.ctx, thread.id, { body: `${body} (${i})`, quotePostId, attachments: [] });
  }
  return [
    {
      name: 'GET /api/forum/threads/:id (page of 50 posts, ar)',
      path: `/api/forum/threads/${thread.id}?limit=${POSTS_PER_PAGE}`,
      headers: { 'accept-language': 'ar' },
    },
    {
      name: 'POST /api/forum/threads/:id/posts (reply, Markdown rendered)',
      method: 'POST',
      path: `/api/forum/threads/${thread.id}/posts`,
      headers: { authorization: `Bearer ${reader.token}` },
      body: JSON.stringify({ body: 'أوافق، **شكرًا** على المشاركة.' }),
    },
  ];
}
