import { randomUUID } from 'node:crypto';
import { TOPICS } from '../../server/shared/vocabulary';
import type { Call } from './load';
import type { SoakFixtures, SoakLearner } from './soak-seed';

/**
 * The workloads of `npm run bench:soak` and `npm run bench:scale`: weighted mixes of real API
 * requests built from the seeded fixtures. Choices come from a seeded PRNG, so runs repeat.
 */

const LANGS = ['en', 'ar', 'ru', 'zh'] as const;
const QUERIES: Record<(typeof LANGS)[number], { search: string[]; suggest: string[] }> = {
  en: {
    search: ['inclusive education', 'generative AI assessment', 'cyberbullying'],
    suggest: ['gener', 'inclu'],
  },
  ar: { search: ['الذكاء الاصطناعي', 'التعليم الشامل', 'التنمر'], suggest: ['الذكاء الاصط', 'التعل'] },
  ru: {
    search: ['инклюзивное образование', 'искусственный интеллект', 'травля'],
    suggest: ['инклюз', 'искусств'],
  },
  zh: { search: ['人工智能', '包容性教育', '网络欺凌'], suggest: ['人工', '教育'] },
};
const OK = [200] as const;
const POPULAR_TOPICS = [null, 'ai-in-education', 'higher-education', 'digital-skills'] as const;

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pick = <T>(items: readonly T[]) => T;
type Make = (pick: Pick, f: SoakFixtures) => Call;

const lang = (pick: Pick) => ({ 'accept-language': pick(LANGS) });
const bearer = (l: SoakLearner) => ({ authorization: `Bearer ${l.token}` });

/** Anonymous reads: what a visitor's browser asks for. */
const READS: Record<string, Make> = {
  'GET /api/courses (list)': (pick) => {
    const topic = pick([null, ...TOPICS]);
    const query = `pageSize=10&sort=${pick(['newest', 'title'])}${topic ? `&topic=${topic}` : ''}`;
    return {
      label: 'GET /api/courses (list)',
      method: 'GET',
      path: `/api/courses?${query}`,
      headers: lang(pick),
      expect: OK,
    };
  },
  // Most visitors land on the first page of a few lists: what the page cache is for.
  'GET /api/courses (popular lists)': (pick) => {
    const topic = pick(POPULAR_TOPICS);
    const query = `pageSize=10&sort=${pick(['newest', 'title'])}${topic ? `&topic=${topic}` : ''}`;
    return {
      label: 'GET /api/courses (popular lists)',
      method: 'GET',
      path: `/api/courses?${query}`,
      headers: lang(pick),
      expect: OK,
    };
  },
  'GET /api/courses/:slug': (pick, f) => ({
    label: 'GET /api/courses/:slug',
    method: 'GET',
    path: `/api/courses/${pick(f.courses).slug}`,
    headers: lang(pick),
    expect: OK,
  }),
  'GET /api/resources + /api/credentials': (pick) => ({
    label: 'GET /api/resources + /api/credentials',
    method: 'GET',
    path: pick(['/api/resources?pageSize=10', '/api/credentials?pageSize=10', '/api/collections']),
    headers: lang(pick),
    expect: OK,
  }),
  'GET /api/search': (pick) => {
    const l = pick(LANGS);
    const q = encodeURIComponent(pick(QUERIES[l].search));
    return {
      label: 'GET /api/search',
      method: 'GET',
      path: `/api/search?q=${q}`,
      headers: { 'accept-language': l },
      expect: OK,
    };
  },
  'GET /api/search/suggest': (pick) => {
    const l = pick(LANGS);
    const q = encodeURIComponent(pick(QUERIES[l].suggest));
    const path = `/api/search/suggest?q=${q}`;
    return {
      label: 'GET /api/search/suggest',
      method: 'GET',
      path,
      headers: { 'accept-language': l },
      expect: OK,
    };
  },
  'GET /api/forum/categories/:id/threads': (pick, f) => ({
    label: 'GET /api/forum/categories/:id/threads',
    method: 'GET',
    path: `/api/forum/categories/${pick(f.categories)}/threads?limit=20`,
    headers: lang(pick),
    expect: OK,
  }),
  'GET /api/forum/threads/:id': (pick, f) => ({
    label: 'GET /api/forum/threads/:id',
    method: 'GET',
    path: `/api/forum/threads/${pick(f.threads)}?limit=20`,
    headers: lang(pick),
    expect: OK,
  }),
};

/** Signed-in learners and staff: reads that bypass the caches, and the writes. */
function learnerCalls(): Record<string, Make> {
  return {
    'GET /api/forum/threads/:id (learner)': (pick, f) => ({
      label: 'GET /api/forum/threads/:id (learner)',
      method: 'GET',
      path: `/api/forum/threads/${pick(f.threads)}?limit=20`,
      headers: { ...lang(pick), ...bearer(pick(f.learners)) },
      expect: OK,
    }),
    'GET /api/me/enrolments': (pick, f) => ({
      label: 'GET /api/me/enrolments',
      method: 'GET',
      path: '/api/me/enrolments',
      headers: { ...lang(pick), ...bearer(pick(f.learners)) },
      expect: OK,
    }),
    'POST /api/courses/:slug/enrolments': (pick, f) => {
      const learner = pick(f.learners);
      const course = pick(f.courses);
      return {
        label: 'POST /api/courses/:slug/enrolments',
        method: 'POST',
        path: `/api/courses/${course.slug}/enrolments`,
        headers: bearer(learner),
        body: '{}',
        expect: [200, 201],
        // A new enrolment becomes one more target for progress posts.
        onJson: (json) => {
          const id = (json as { data: { id: string } }).data.id;
          if (!learner.enrolments.some((e) => e.id === id)) learner.enrolments.push({ id, course });
        },
      };
    },
    'POST /api/enrolments/:id/progress': (pick, f) => {
      const learner = pick(f.learners);
      const { id, course } = pick(learner.enrolments);
      // Quizzes are completed by an attempt, not by a progress post.
      const complete = course.completable.length > 0 && pick([true, false]);
      const body = JSON.stringify({
        type: complete ? 'lesson_completed' : 'lesson_started',
        lessonKey: pick(complete ? course.completable : course.lessons),
        idempotencyKey: randomUUID(),
        occurredAt: new Date().toISOString(),
      });
      const path = `/api/enrolments/${id}/progress`;
      return {
        label: 'POST /api/enrolments/:id/progress',
        method: 'POST',
        path,
        headers: bearer(learner),
        body,
        expect: OK,
      };
    },
    'POST /api/analytics/pageviews': (pick, f) => ({
      label: 'POST /api/analytics/pageviews',
      method: 'POST',
      path: '/api/analytics/pageviews',
      headers: { ...lang(pick), 'user-agent': 'Mozilla/5.0 (soak)' },
      body: JSON.stringify({ path: `/courses/${pick(f.courses).slug}` }),
      expect: [204],
    }),
    'GET /api/stats/export (staff, csv)': (pick, f) => ({
      label: 'GET /api/stats/export (staff, csv)',
      method: 'GET',
      path: `/api/stats/export?format=csv&metrics=enrolments,completions&by=country&period=month&from=${yearAgo()}`,
      headers: { ...lang(pick), authorization: `Bearer ${f.staffToken}` },
      expect: OK,
    }),
  };
}

function yearAgo(): string {
  return new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
}

/** A workload: its name, its weights (percent per label) and the next-request function. */
export interface Workload {
  readonly name: string;
  readonly weights: Readonly<Record<string, number>>;
  next(): Call;
}

function weighted(
  name: string,
  weights: Record<string, number>,
  makers: Record<string, Make>,
  f: SoakFixtures,
  seed: number,
): Workload {
  const random = rng(seed);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)] as (typeof items)[number];
  const entries = Object.entries(weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return {
    name,
    weights,
    next() {
      let x = random() * total;
      for (const [label, w] of entries) {
        x -= w;
        if (x < 0) return (makers[label] as Make)(pick, f);
      }
      return (makers[(entries[0] as [string, number])[0]] as Make)(pick, f);
    },
  };
}

/** The soak's mix: browsing in four languages, search, forum, learners enrolling and progressing, staff export. */
export function mixedWorkload(f: SoakFixtures, seed = 1): Workload {
  const weights = {
    'GET /api/courses (list)': 16,
    'GET /api/courses/:slug': 18,
    'GET /api/resources + /api/credentials': 5,
    'GET /api/search': 12,
    'GET /api/search/suggest': 5,
    'GET /api/forum/categories/:id/threads': 4,
    'GET /api/forum/threads/:id': 6,
    'GET /api/forum/threads/:id (learner)': 4,
    'GET /api/me/enrolments': 5,
    'POST /api/courses/:slug/enrolments': 5,
    'POST /api/enrolments/:id/progress': 15,
    'POST /api/analytics/pageviews': 4.95,
    'GET /api/stats/export (staff, csv)': 0.05,
  };
  return weighted('mixed', weights, { ...READS, ...learnerCalls() }, f, seed);
}

/** Read-heavy traffic for the scale-out run: anonymous visitors browsing, searching, reading the forum. */
export function readHeavyWorkload(f: SoakFixtures, seed = 2): Workload {
  const weights = {
    'GET /api/courses (popular lists)': 22,
    'GET /api/courses/:slug': 28,
    'GET /api/resources + /api/credentials': 8,
    'GET /api/search': 17,
    'GET /api/search/suggest': 8,
    'GET /api/forum/categories/:id/threads': 5,
    'GET /api/forum/threads/:id': 12,
  };
  return weighted('read-heavy', weights, READS, f, seed);
}
