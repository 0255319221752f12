import request from 'supertest';
import { createUser, type TestUser } from './auth';
import type { TestContext } from './test-app';

/** The users a catalog authoring test acts as. */
export interface CatalogActors {
  readonly author: TestUser;
  readonly otherAuthor: TestUser;
  readonly reviewer: TestUser;
  readonly learner: TestUser;
}

/** Creates the collection courses refer to and one user per role a catalog test needs. */
export async function setUpCatalog(ctx: TestContext): Promise<CatalogActors> {
  await ctx.services.repositories.collections.upsert({
    slug: 'e-library-for-teachers',
    sourceLanguage: 'en',
    title: { en: 'E-library for Teachers' },
    description: {},
  });
  const [author, otherAuthor, reviewer, learner] = await Promise.all([
    createUser(ctx, { roles: ['author'] }),
    createUser(ctx, { roles: ['author'] }),
    createUser(ctx, { roles: ['reviewer'] }),
    createUser(ctx, { roles: ['learner'] }),
  ]);
  return { author, otherAuthor, reviewer, learner } as CatalogActors;
}

let n = 0;

/** A valid POST /api/courses body with a unique slug. */
export function newCourse(overrides: Record<string, unknown> = {}) {
  return {
    slug: `course-${++n}-${Date.now().toString(36)}`,
    sourceLanguage: 'en',
    title: { en: 'Prompt Engineering for Teachers', ar: 'هندسة الأوامر للمعلمين' },
    summary: { en: 'Write prompts that help learning.' },
    level: 'introductory',
    format: 'self-paced',
    audiences: ['teacher'],
    topics: ['ai-in-education'],
    collection: 'e-library-for-teachers',
    ...overrides,
  };
}

/** supertest calls carrying `user`'s bearer token. */
export function actingAs(ctx: TestContext, user: TestUser) {
  return {
    get: (url: string) => request(ctx.app).get(url).set(user.authHeader),
    post: (url: string, body: object = {}) => request(ctx.app).post(url).set(user.authHeader).send(body),
    patch: (url: string, body: object) => request(ctx.app).patch(url).set(user.authHeader).send(body),
    put: (url: string, body: object) => request(ctx.app).put(url).set(user.authHeader).send(body),
    delete: (url: string) => request(ctx.app).delete(url).set(user.authHeader),
  };
}

/** Creates a draft course through the API as `author`; returns its slug and version. */
export async function createDraftCourse(
  ctx: TestContext,
  author: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ slug: string; version: number }> {
  const res = await actingAs(ctx, author).post('/api/courses', newCourse(overrides)).expect(201);
  return res.body.data as { slug: string; version: number };
}
