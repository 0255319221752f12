import { ObjectId } from 'mongodb';
import request from 'supertest';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let staff: TestUser;
let jurors: TestUser[];
let teachers: TestUser[];
let parent: TestUser;
let competitionId: string;

const HOUR = 3600_000;
const competition = (slug: string, opensInHours: number, closesInHours: number) => ({
  slug,
  title: {
    en: 'Teaching in the 21st Century',
    ar: 'التدريس في القرن الحادي والعشرين',
    ru: 'Учитель XXI века',
    zh: '21世纪的教学',
  },
  rules: { en: 'One entry per teacher. <script>alert(1)</script>', ar: 'مشاركة واحدة لكل معلم.' },
  sourceLanguage: 'en',
  opensAt: new Date(Date.now() + opensInHours * HOUR).toISOString(),
  closesAt: new Date(Date.now() + closesInHours * HOUR).toISOString(),
  audiences: ['teacher'],
  criteria: [
    { key: 'innovation', title: { en: 'Innovation', ar: 'الابتكار' }, maxScore: 10 },
    { key: 'impact', title: { en: 'Impact', ar: 'الأثر' }, maxScore: 10 },
  ],
});

beforeAll(async () => {
  ctx = await createTestContext(__filename, { env: { FORUM_POSTS_PER_WINDOW: '1000' } });
  staff = await createUser(ctx, { roles: ['staff'] });
  jurors = await Promise.all([1, 2, 3].map(() => createUser(ctx, { audience: 'teacher' })));
  teachers = await Promise.all(
    ['ar', 'ru', 'zh'].map((l) => createUser(ctx, { preferredLanguage: l, audience: 'teacher' })),
  );
  parent = await createUser(ctx, { audience: 'parent', preferredLanguage: 'ru' });
  const res = await request(ctx.app)
    .post('/api/competitions')
    .set(staff.authHeader)
    .send(competition('t21-2026', -1, 24))
    .expect(201);
  competitionId = res.body.data.id;
  await request(ctx.app)
    .put(`/api/competitions/${competitionId}/jury`)
    .set(staff.authHeader)
    .send({ jurors: jurors.map((j) => j.user.id) })
    .expect(200);
});
afterAll(() => ctx.close());

const enter = (who: TestUser, title: string, body: string, id = competitionId) =>
  request(ctx.app).post(`/api/competitions/${id}/entries`).set(who.authHeader).send({ title, body });
const score = (who: TestUser, entryId: string, scores: Record<string, number>) =>
  request(ctx.app)
    .post(`/api/competitions/${competitionId}/entries/${entryId}/scores`)
    .set(who.authHeader)
    .send({ scores });

describe('competition setup', () => {
  it('shows a localized title, sanitized rules, criteria and an entries category', async () => {
    const res = await request(ctx.app).get(`/api/competitions/${competitionId}?lang=ar`).expect(200);
    expect(res.body.data).toMatchObject({
      title: 'التدريس في القرن الحادي والعشرين',
      lang: 'ar',
      dir: 'rtl',
      phase: 'open',
      juryCount: 3,
    });
    expect(res.body.data.criteria[0]).toEqual({ key: 'innovation', title: 'الابتكار', maxScore: 10 });
    const en = await request(ctx.app).get('/api/competitions?lang=en').expect(200);
    expect(en.body.data[0].rules.html).not.toContain('<script');
    expect(
      await ctx.db.collection('forum_categories').findOne({ key: 'competition-t21-2026' }),
    ).toMatchObject({ kind: 'competition' });
    const dup = await request(ctx.app)
      .post('/api/competitions')
      .set(staff.authHeader)
      .send(competition('t21-2026', -1, 24));
    expect(dup.status).toBe(409);
    const bad = await request(ctx.app)
      .post('/api/competitions')
      .set(staff.authHeader)
      .send(competition('x-bad', 5, 1))
      .expect(400);
    expect(bad.body.errors[0]).toMatchObject({ path: ['closesAt'], code: 'closes_before_opens' });
  });
});

describe('entries', () => {
  it('accepts one entry per teacher as a forum thread, in Arabic, Russian and Chinese', async () => {
    const texts = [
      ['الفصل المقلوب', 'تجربتي مع الفصل المقلوب'],
      ['Проектное обучение', 'Мой опыт проектного обучения'],
      ['翻转课堂', '我的翻转课堂经验'],
    ];
    for (const [i, t] of teachers.entries()) {
      const res = await enter(t, texts[i]?.[0] ?? '', texts[i]?.[1] ?? '').expect(201);
      expect(res.body.data.thread.lang).toBe(['ar', 'ru', 'zh'][i]);
      expect(
        await ctx.db.collection('forum_threads').findOne({ _id: new ObjectId(res.body.data.thread.id) }),
      ).toMatchObject({ status: 'visible' });
    }
    const second = await enter(teachers[0] as TestUser, 'ثانية', 'نص').expect(409);
    expect(second.body.code).toBe('competition_entry_exists');
    expect(await ctx.db.collection('competition_entries').countDocuments({ competitionId })).toBe(3);
  });

  it('keeps one entry when a participant submits twice at once', async () => {
    const t = await createUser(ctx, { audience: 'teacher' });
    const [a, b] = await Promise.all([enter(t, 'A', 'one'), enter(t, 'B', 'two')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await ctx.db.collection('competition_entries').countDocuments({ participantId: t.user.id })).toBe(
      1,
    );
    expect(await ctx.db.collection('forum_threads').countDocuments({ authorId: t.user.id })).toBe(1);
  });

  it('refuses ineligible participants, direct threads and submissions outside the window', async () => {
    const ineligible = await enter(parent, 'Родитель', 'Текст').expect(403);
    expect(ineligible.body).toMatchObject({ code: 'competition_not_eligible' });
    expect(ineligible.body.detail).toContain('Родитель');
    const category = await ctx.db.collection('forum_categories').findOne({ key: 'competition-t21-2026' });
    await request(ctx.app)
      .post('/api/forum/threads')
      .set((teachers[1] as TestUser).authHeader)
      .send({ categoryId: String(category?._id), title: 'x', body: 'y' })
      .expect(403);
    const later = await request(ctx.app)
      .post('/api/competitions')
      .set(staff.authHeader)
      .send(competition('t21-2027', 24, 48))
      .expect(201);
    const closed = await enter(teachers[1] as TestUser, 'Рано', 'Текст', later.body.data.id)
      .set('Accept-Language', 'ru')
      .expect(409);
    expect(closed.body).toMatchObject({ code: 'competition_window_closed', title: 'Приём заявок закрыт' });
  });
});

describe('jury scores and results', () => {
  it('scores on the criteria, refuses own entries, repeats and outsiders, ranks ties, publishes and exports', async () => {
    const entries = (await request(ctx.app).get(`/api/competitions/${competitionId}/entries`).expect(200))
      .body.data as {
      id: string;
      participantId: string;
    }[];
    const byTeacher = (i: number) =>
      entries.find((e) => e.participantId === teachers[i]?.user.id)?.id as string;
    const [j1, j2, j3] = jurors as [TestUser, TestUser, TestUser];

    const invalid = await score(j1, byTeacher(0), { innovation: 11, extra: 1 }).expect(400);
    expect(invalid.body.code).toBe('competition_scores_invalid');
    expect(invalid.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'score_out_of_range',
      'score_out_of_range',
      'unknown_criterion',
    ]);
    await score(teachers[1] as TestUser, byTeacher(0), { innovation: 1, impact: 1 }).expect(403);

    await score(j1, byTeacher(0), { innovation: 9, impact: 9 }).expect(201);
    await score(j2, byTeacher(0), { innovation: 7, impact: 7 }).expect(201);
    await score(j1, byTeacher(1), { innovation: 8, impact: 8 }).expect(201);
    await score(j1, byTeacher(2), { innovation: 10, impact: 10 }).expect(201);
    await score(j2, byTeacher(2), { innovation: 6, impact: 6 }).expect(201);
    const twice = await score(j1, byTeacher(0), { innovation: 1, impact: 1 }).expect(409);
    expect(twice.body.code).toBe('competition_already_scored');
    expect(await ctx.db.collection('competition_scores').countDocuments({ entryId: byTeacher(0) })).toBe(2);

    // A juror who also entered cannot score their own entry.
    const own = await enter(j3, 'Juror entry', 'text').expect(201);
    expect(
      (await score(j3, own.body.data.entry.id, { innovation: 10, impact: 10 }).expect(409)).body.code,
    ).toBe('competition_own_entry');

    const hidden = await request(ctx.app)
      .get(`/api/competitions/${competitionId}/results`)
      .set((teachers[0] as TestUser).authHeader)
      .expect(409);
    expect(hidden.body.code).toBe('competition_results_unpublished');
    await request(ctx.app)
      .post(`/api/competitions/${competitionId}/results/publish`)
      .set(staff.authHeader)
      .expect(200);
    const results = await request(ctx.app)
      .get(`/api/competitions/${competitionId}/results?lang=zh`)
      .expect(200);
    expect(results.body.data.ranking).toBe('standard-competition');
    const rows = results.body.data.results.map(
      (r: { rank: number; average: number | null; tied: boolean; entry: { id: string } }) => [
        r.entry.id,
        r.rank,
        r.average,
        r.tied,
      ],
    );
    expect(rows.slice(0, 3)).toEqual([
      [byTeacher(0), 1, 16, true],
      [byTeacher(1), 1, 16, true],
      [byTeacher(2), 1, 16, true],
    ]);
    expect(results.body.data.results.at(-1)).toMatchObject({ rank: 0, average: null, jurors: 0 });

    const csv = await request(ctx.app)
      .get(`/api/competitions/${competitionId}/results/export`)
      .set(staff.authHeader)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'rank,tied,average,jurors,mean_innovation,mean_impact,entry_id,thread_id,participant_id,lang,title',
    );
    expect(lines).toHaveLength(1 + entries.length + 1);
    expect(lines.some((l) => l.endsWith(',ar,الفصل المقلوب'))).toBe(true);
    await request(ctx.app)
      .get(`/api/competitions/${competitionId}/results/export`)
      .set((jurors[0] as TestUser).authHeader)
      .expect(403);
    const actions = (await ctx.db.collection('audit_log').find({ targetId: competitionId }).toArray()).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'competition.created',
        'competition.jury.set',
        'competition.scored',
        'competition.results.published',
        'competition.results.exported',
      ]),
    );
  });
});
