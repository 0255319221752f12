import request from 'supertest';
import type { TestUser } from '../helpers/auth';
import type { TestContext } from '../helpers/test-app';

let seq = 0;

/** Creates a forum category through the API as `staff`; returns its presented form. */
export async function createCategory(
  ctx: TestContext,
  staff: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; key: string }> {
  seq += 1;
  const res = await request(ctx.app)
    .post('/api/forum/categories')
    .set(staff.authHeader)
    .send({
      key: `cat-${Date.now().toString(36)}-${seq}`,
      kind: 'topic',
      scope: 'ai-in-education',
      title: {
        en: 'AI in the classroom',
        ar: 'الذكاء الاصطناعي في الفصل',
        ru: 'ИИ в классе',
        zh: '课堂中的人工智能',
      },
      defaultLanguage: 'en',
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`createCategory: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** Starts a thread; returns the response body's data ({ thread, post }). */
export async function startThread(
  ctx: TestContext,
  user: TestUser,
  categoryId: string,
  title: string,
  body: string,
  extra: Record<string, unknown> = {},
) {
  const res = await request(ctx.app)
    .post('/api/forum/threads')
    .set(user.authHeader)
    .send({ categoryId, title, body, ...extra });
  if (res.status !== 201) throw new Error(`startThread: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { thread: { id: string; lang: string }; post: { id: string; html: string } };
}

/** Replies in a thread; returns the supertest response. */
export function reply(
  ctx: TestContext,
  user: TestUser,
  threadId: string,
  body: string,
  extra: Record<string, unknown> = {},
) {
  return request(ctx.app)
    .post(`/api/forum/threads/${threadId}/posts`)
    .set(user.authHeader)
    .send({ body, ...extra });
}
