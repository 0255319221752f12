import request from 'supertest';
import { RowFolder } from '../../server/modules/outreach/report.fold';
import { parseReportQuery, type RawReportQuery } from '../../server/modules/outreach/report.query';
import { createReportService } from '../../server/modules/outreach/report.service';
import { rebuildRollups } from '../../server/modules/outreach/stats.rebuild';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

/**
 * The cuboids (day/month/year rollup documents, day and month cells) must give the numbers the
 * finest data gives: every breakdown below is compared with the same rows folded straight from
 * the stored events. The events span 2024-12-20 … 2025-03-10, so ranges have partial months.
 */
let ctx: TestContext;
let staff: TestUser;
const COUNTRIES = ['RU', 'KZ', 'EG', 'CN', null];
const AUDIENCES = ['teacher', 'student', null];

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  staff = await createUser(ctx, { roles: ['staff'] });
  const { events } = ctx.services.stats;
  for (let i = 0; i < 60; i++) {
    const day = new Date(Date.UTC(2024, 11, 20) + ((i * 4) % 81) * 86_400_000);
    await events.recordEvent({
      id: `cuboid:${i}`,
      type: i % 4 === 3 ? 'course_completed' : 'enrolment',
      occurredAt: new Date(day.getTime() + 10 * 3_600_000),
      userKey: `u${i % 23}`,
      course: i % 3 === 0 ? 'alpha' : 'beta',
      country: COUNTRIES[i % 5] ?? null,
      language: i % 2 ? 'ru' : 'en',
      audience: AUDIENCES[i % 3] ?? null,
      gender: i % 7 < 3 ? 'female' : 'male',
    });
  }
}, 300_000);
afterAll(() => ctx.close());

/** The same query folded from every stored event: the finest data there is. */
async function fromEvents(q: ReturnType<typeof parseReportQuery>) {
  const folder = new RowFolder(q, ctx.services.stats.regions);
  const types: Record<string, string> = { enrolment: 'enrolments', course_completed: 'completions' };
  for (const ev of await ctx.db
    .collection('stats_events')
    .find({ _id: /^cuboid:/ as never })
    .toArray()) {
    const metric = types[ev.type as string];
    if (metric && q.metrics.includes(metric as never) && ev.day >= q.from && ev.day <= q.to)
      folder.add(metric, ev as never, 1, { day: ev.day as string });
  }
  return folder.result();
}

const QUERIES: [string, Partial<RawReportQuery>][] = [
  [
    'country × month with partial months (day documents at the edges)',
    { by: ['country'], period: 'month', from: '2024-12-25', to: '2025-03-05' },
  ],
  ['total over two years (year documents)', { by: [], period: 'all', from: '2024-01-01', to: '2025-12-31' }],
  [
    'country × audience × gender by quarter (month cells)',
    { by: ['country', 'audience', 'gender'], period: 'quarter', from: '2025-01-01', to: '2025-03-31' },
  ],
  [
    'region × gender for teachers, by year (month cells, region from country)',
    {
      by: ['region', 'gender'],
      period: 'year',
      from: '2024-12-01',
      to: '2025-02-28',
      filters: { audience: ['teacher'] },
    },
  ],
  [
    'course × country × audience by month (day cells)',
    { by: ['course', 'country', 'audience'], period: 'month', from: '2024-12-21', to: '2025-03-09' },
  ],
];

describe('cuboids answer like the finest data', () => {
  it('keeps month and year documents and month cells with the demographic dimensions only', async () => {
    const rollups = ctx.db.collection('stats_rollups_coarse');
    const jan = await rollups.findOne({ _id: 'enrolments|month|2025-01' as never });
    const janEvents = await ctx.db
      .collection('stats_events')
      .countDocuments({ type: 'enrolment', day: { $gte: '2025-01-01', $lte: '2025-01-31' } });
    expect(jan).toMatchObject({ m: 'enrolments', g: 'month', b: '2025-01', total: janEvents, pending: [] });
    expect(await rollups.findOne({ _id: 'enrolments|year|2024' as never })).toMatchObject({
      g: 'year',
      b: '2024',
    });
    const cell = await ctx.db.collection('stats_cells_month').findOne({ m: 'enrolments', b: '2025-02' });
    expect(Object.keys(cell?.d ?? {}).sort()).toEqual(['audience', 'country', 'gender', 'language']);
  });

  it.each(QUERIES)('%s', async (_name, partial) => {
    const q = parseReportQuery({
      metrics: ['enrolments', 'completions'],
      by: [],
      period: 'all',
      from: '2024-01-01',
      to: '2025-12-31',
      filters: {},
      ...partial,
    });
    const got = await createReportService({
      models: ctx.services.stats.repo.models,
      regions: ctx.services.stats.regions,
    }).breakdown(q);
    const expected = await fromEvents(q);
    expect(got.rows.length).toBeGreaterThan(0);
    expect(got.rows).toEqual(expected);
  });

  it('a rebuild writes the same cuboids as live counting', async () => {
    const snapshot = async () => {
      const out: Record<string, unknown> = {};
      for (const name of ['stats_rollups', 'stats_rollups_coarse', 'stats_cells', 'stats_cells_month'])
        for (const d of await ctx.db.collection(name).find().toArray()) out[`${name}|${String(d._id)}`] = d;
      return out;
    };
    const live = await snapshot();
    expect(Object.keys(live).filter((k) => k.startsWith('stats_cells_month|')).length).toBeGreaterThan(0);
    await rebuildRollups(ctx.services.stats.repo, ctx.services.stats.regions);
    expect(await snapshot()).toEqual(live);
  });
});

describe('GET /api/stats/export streams the breakdown', () => {
  it('gives the same rows, suppression and totals as /api/stats/breakdown (day cells, two passes)', async () => {
    const query = {
      metrics: 'enrolments,completions,completionRate',
      by: 'course,country,audience',
      period: 'day',
      from: '2024-12-20',
      to: '2025-03-10',
    };
    const breakdown = await request(ctx.app).get('/api/stats/breakdown').query(query).set(staff.authHeader);
    const exported = await request(ctx.app)
      .get('/api/stats/export')
      .query({ ...query, format: 'json' })
      .set(staff.authHeader);
    expect(breakdown.status).toBe(200);
    expect(exported.status).toBe(200);
    const body = JSON.parse(exported.text);
    expect(body.data.rows).toEqual(breakdown.body.data.rows);
    expect(body.data.totals).toEqual(breakdown.body.data.totals);
    expect(JSON.stringify(body.data.rows)).toContain('"<5"');
    const audit = await ctx.db
      .collection('audit_log')
      .findOne({ action: 'stats.exported', actorId: staff.user.id });
    expect(audit?.details.rows).toBe(body.data.rows.length);
  });
});
