import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../server/modules/accounts/password';
import { flattenLessons } from '../../server/modules/enrolment/completion';
import type { Services } from '../../server/services';
import type { Actor, Role } from '../../server/shared/auth';
import { seedContent } from '../seed';

/** A signed-in learner of the workload: an API token and the enrolments it may post progress to. */
export interface SoakLearner {
  readonly token: string;
  readonly enrolments: { readonly id: string; readonly course: SoakCourse }[];
}

/** A course learners enrol in: every lesson key, and those a progress post may complete (not quizzes). */
export interface SoakCourse {
  readonly slug: string;
  readonly lessons: readonly string[];
  readonly completable: readonly string[];
}

/** What the seeded database holds that the workload's requests need (ids, tokens, slugs). */
export interface SoakFixtures {
  readonly courses: SoakCourse[];
  readonly learners: SoakLearner[];
  readonly staffToken: string;
  readonly categories: string[];
  readonly threads: string[];
}

export interface SoakSeedOptions {
  readonly learners: number;
  readonly threads: number;
  readonly postsPerThread: number;
}

const LANGS = ['en', 'ar', 'ru', 'zh'] as const;
// FerretDB (SQLite) serializes writes to one database: parallel seeding only thrashes its lock.
const PARALLEL = 1;
const COUNTRIES = ['EG', 'RU', 'CN', 'KZ', 'FR', 'SA', 'UZ', 'IN'];
const THREAD_TEXT: Record<(typeof LANGS)[number], { title: string; body: string }> = {
  en: {
    title: 'Rubrics for AI-assisted essays',
    body: 'How do you **assess** essays written with an assistant?',
  },
  ar: {
    title: 'التقييم بمساعدة الذكاء الاصطناعي',
    body: 'نشارك **تجاربنا** في استخدام الذكاء الاصطناعي في التقييم.',
  },
  ru: {
    title: 'Инклюзивный класс',
    body: 'Как вы **адаптируете** материалы для учеников с особыми потребностями?',
  },
  zh: { title: '课堂中的生成式人工智能', body: '大家如何在**评估**中使用生成式人工智能？' },
};

/** `count` users at once, with one password hash (hashing is deliberately slow) and an API token each. */
async function createUsers(services: Services, count: number, roles: Role[], passwordHash: string) {
  const one = async (i: number) => {
    const lang = LANGS[i % LANGS.length] as string;
    const user = await services.accounts.users.create({
      email: `soak-${randomBytes(6).toString('hex')}@example.test`,
      passwordHash,
      displayName: `Soak ${i}`,
      country: COUNTRIES[i % COUNTRIES.length] as string,
      preferredLanguage: lang,
      audience: 'teacher',
      gender: null,
      organisation: null,
      roles,
      emailVerifiedAt: new Date(),
    });
    if (!user) throw new Error('soak user exists');
    const actor: Actor = { userId: user.id, roles, via: 'session' };
    const { secret } = await services.accounts.tokens.create(
      { actor, requestId: 'soak-seed' },
      { name: 'soak', scopes: roles, expiresInDays: 1 },
    );
    return { actor: { ...actor, via: 'token' } as Actor, token: secret, lang };
  };
  return Promise.all(Array.from({ length: count }, (_, i) => one(i)));
}

/** Threads in the four languages, spread over a few topic categories, each with replies. */
async function seedForum(services: Services, o: SoakSeedOptions, passwordHash: string) {
  const { forum } = services;
  const [moderator] = await createUsers(services, 1, ['moderator'], passwordHash);
  if (!moderator) throw new Error('no moderator');
  const ctx = { actor: moderator.actor, requestId: 'soak-seed' };
  const categories = [];
  for (const [i, scope] of ['ai-in-education', 'inclusive-education', 'health-and-well-being'].entries()) {
    categories.push(
      await forum.deps.categories.ensure({
        key: `soak-${scope}`,
        kind: 'topic',
        scope,
        title: { en: `Soak: ${scope}`, ar: 'نقاش', ru: 'Обсуждение', zh: '讨论' },
        description: {},
        defaultLanguage: LANGS[i] as string,
        postingPolicy: 'everyone',
        position: i,
      }),
    );
  }
  const threads: string[] = [];
  for (let t = 0; t < o.threads; t++) {
    const text = THREAD_TEXT[LANGS[t % LANGS.length] as keyof typeof THREAD_TEXT];
    const category = categories[t % categories.length] as (typeof categories)[number];
    const { thread } = await forum.forum.openThread(ctx, category, { ...text, attachments: [] });
    for (let p = 1; p < o.postsPerThread; p++) {
      await forum.posts.reply(ctx, thread.id, { body: `${text.body} (${p})`, attachments: [] });
    }
    threads.push(thread.id);
  }
  return { categories: categories.map((c) => c.id), threads };
}

/** Learners in parallel batches: a user, an API token, and an enrolment in one course each. */
async function seedLearners(
  services: Services,
  courses: readonly SoakCourse[],
  count: number,
  passwordHash: string,
) {
  const learners: SoakLearner[] = [];
  for (let first = 0; first < count; first += PARALLEL) {
    const users = await createUsers(services, Math.min(PARALLEL, count - first), ['learner'], passwordHash);
    const batch = await Promise.all(
      users.map(async (u, i) => {
        const course = courses[(first + i) % courses.length] as SoakCourse;
        const { enrolment } = await services.learning.enrolment.enrol(u.actor, course.slug, {});
        return { token: u.token, enrolments: [{ id: enrolment.id, course }] };
      }),
    );
    learners.push(...batch);
  }
  return learners;
}

/**
 * Seeds the catalog, learners (each enrolled in one course, with a token), a staff token and
 * forum threads; returns the workload's fixtures. Outreach statistics come from these writes
 * through the live path (enrolments, forum posts), and from the workload's own.
 */
export async function seedSoak(
  services: Services,
  o: SoakSeedOptions,
  log: (step: string) => void = () => {},
): Promise<SoakFixtures> {
  let t = Date.now();
  const step = (name: string) => {
    log(`seeded ${name} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
  };
  await seedContent(services);
  step('the catalog');
  const published = await services.catalog.repositories.courses.find({
    state: 'published',
    format: 'self-paced',
  });
  const courses = published.map((c) => {
    const lessons = flattenLessons(c.modules);
    const completable = lessons.filter((l) => l.kind !== 'quiz').map((l) => l.key);
    return { slug: c.slug, lessons: lessons.map((l) => l.key), completable };
  });
  const passwordHash = await hashPassword(randomBytes(12).toString('base64url'));
  const learners = await seedLearners(services, courses, o.learners, passwordHash);
  const [staff] = await createUsers(services, 1, ['staff'], passwordHash);
  step(`${o.learners} learners with tokens and enrolments`);
  const forum = await seedForum(services, o, passwordHash);
  await services.learning.idle();
  step(`${o.threads} forum threads of ${o.postsPerThread} posts`);
  return { courses, learners, staffToken: staff?.token ?? '', ...forum };
}
