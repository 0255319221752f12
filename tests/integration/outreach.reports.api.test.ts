import ExcelJS from 'exceljs';
import request from 'supertest';
import type { StatsEventInput } from '../../server/modules/outreach/stats.service';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

/**
 * Every figure here is computed by hand from the events recorded in beforeAll:
 * March 2025, course alpha: RU 7 learners, KZ 3, UZ 1, CN 6 (17 enrolments); RU learners 1–5 complete it.
 * April 2025: two RU learners enrol in beta. Webinar series ai-webinars: e1 attended by p1–p6,
 * e2 by p4–p9 (12 attendances, 9 distinct participants). Learner r1 is a real account, later deleted.
 */
let ctx: TestContext;
let staff: TestUser;
let learner: TestUser;
const MARCH = { from: '2025-03-01', to: '2025-03-31' };

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  staff = await createUser(ctx, { roles: ['staff'] });
  learner = await createUser(ctx);
  const { events } = ctx.services.stats;
  const r1 = events.pseudonym(learner.user.id);
  const list: StatsEventInput[] = [];
  const enrol = (u: string, country: string, day: string, course = 'alpha') =>
    list.push({
      id: `enrol:${u}:${course}`,
      type: 'enrolment',
      occurredAt: new Date(`${day}T09:00:00Z`),
      userKey: u,
      course,
      collection: 'lib',
      country,
      language: 'ru',
    });
  for (let i = 1; i <= 7; i++) enrol(i === 1 ? r1 : `r${i}`, 'RU', '2025-03-10');
  for (let i = 1; i <= 3; i++) enrol(`k${i}`, 'KZ', '2025-03-11');
  enrol('z1', 'UZ', '2025-03-12');
  for (let i = 1; i <= 6; i++) enrol(`c${i}`, 'CN', '2025-03-13');
  for (let i = 1; i <= 5; i++)
    list.push({
      id: `done:r${i}`,
      type: 'course_completed',
      occurredAt: new Date('2025-03-28T10:00:00Z'),
      userKey: i === 1 ? r1 : `r${i}`,
      course: 'alpha',
      collection: 'lib',
      country: 'RU',
    });
  enrol(r1, 'RU', '2025-04-02', 'beta');
  enrol('r2', 'RU', '2025-04-03', 'beta');
  const attend = (p: number, event: string, day: string) =>
    list.push({
      id: `att:${event}:p${p}`,
      type: 'event_attended',
      occurredAt: new Date(`${day}T15:00:00Z`),
      userKey: `p${p}`,
      event,
      series: 'ai-webinars',
      country: 'EG',
    });
  for (let p = 1; p <= 6; p++) attend(p, 'e1', '2025-03-12');
  for (let p = 4; p <= 9; p++) attend(p, 'e2', '2025-03-20');
  for (const e of list) await events.recordEvent(e);
  // Erasing the account keeps its pseudonymous events: totals do not change.
  await ctx.services.accounts.users.deleteById(learner.user.id);
}, 120_000);
afterAll(() => ctx.close());

const get = (path: string, query: Record<string, string>, user: TestUser | null = staff) => {
  const req = request(ctx.app).get(path).query(query);
  return user ? req.set(user.authHeader) : req;
};
const rowsOf = (
  body: {
    data: {
      rows: {
        period: string | null;
        dims: Record<string, { code: string }>;
        values: Record<string, unknown>;
      }[];
    };
  },
  dim?: string,
) => Object.fromEntries(body.data.rows.map((r) => [dim ? r.dims[dim]?.code : r.period, r.values]));

describe('GET /api/stats/breakdown', () => {
  it('is for staff only: 401 anonymous, 403 learner', async () => {
    expect((await get('/api/stats/breakdown', { metrics: 'enrolments' }, null)).status).toBe(401);
    const other = await createUser(ctx);
    expect((await get('/api/stats/breakdown', { metrics: 'enrolments' }, other)).status).toBe(403);
  });

  it('suppresses small cells and withholds a complementary one so the total reveals nothing', async () => {
    const res = await get('/api/stats/breakdown', { metrics: 'enrolments', by: 'country', ...MARCH });
    expect(res.status).toBe(200);
    expect(rowsOf(res.body, 'country')).toEqual({
      CN: { enrolments: 'x' },
      KZ: { enrolments: '<5' },
      RU: { enrolments: 7 },
      UZ: { enrolments: '<5' },
    });
    expect(res.body.data.totals).toEqual({ enrolments: 17 });
    expect(res.body.data.suppression).toEqual({ k: 5, marker: '<5' });
    expect(
      res.body.data.rows.find((r: { dims: { country: { code: string } } }) => r.dims.country.code === 'RU')
        .dims.country.label,
    ).toBe('Russian Federation');
    const ru = await get('/api/stats/breakdown', {
      metrics: 'enrolments',
      by: 'country',
      lang: 'ru',
      ...MARCH,
    });
    expect(
      ru.body.data.rows.map((r: { dims: { country: { label: string } } }) => r.dims.country.label),
    ).toContain('Российская Федерация');
  });

  it('breaks down by UNESCO region and focus grouping (rows overlap, the total does not)', async () => {
    const res = await get('/api/stats/breakdown', { metrics: 'enrolments', by: 'region', ...MARCH });
    expect(rowsOf(res.body, 'region')).toEqual({
      'asia-pacific': { enrolments: 10 },
      eeca: { enrolments: 11 },
      'europe-north-america': { enrolments: 7 },
    });
    expect(res.body.data.totals.enrolments).toBe(17);
    const eeca = await get('/api/stats/breakdown', { metrics: 'enrolments', region: 'eeca', ...MARCH });
    expect(eeca.body.data.totals.enrolments).toBe(11);
  });

  it('counts distinct learners exactly per month, the deleted account included', async () => {
    const res = await get('/api/stats/breakdown', {
      metrics: 'learners,enrolments',
      period: 'month',
      from: '2025-03-01',
      to: '2025-04-30',
    });
    // April's 2 enrolments are hidden; with the total (19) published, March is withheld too.
    expect(rowsOf(res.body)).toEqual({
      '2025-03': { learners: 17, enrolments: 'x' },
      '2025-04': { learners: '<5', enrolments: '<5' },
    });
    // Distinct counts do not add up across months: no total is published for them.
    expect(res.body.data.totals).toEqual({ learners: null, enrolments: 19 });
    const q1 = await get('/api/stats/breakdown', {
      metrics: 'learners',
      from: '2025-01-01',
      to: '2025-03-31',
    });
    expect(q1.body.data.totals.learners).toBe(17);
    const ru = await get('/api/stats/breakdown', {
      metrics: 'learners',
      country: 'RU',
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(ru.body.data.totals.learners).toBe(7);
    // The log holds the pseudonym only, never the account id.
    expect(await ctx.db.collection('stats_events').countDocuments({ userKey: learner.user.id })).toBe(0);
    expect(
      await ctx.db
        .collection('stats_events')
        .countDocuments({ userKey: ctx.services.stats.events.pseudonym(learner.user.id) }),
    ).toBe(3);
  });

  it('counts participants across a webinar series once', async () => {
    const res = await get('/api/stats/breakdown', {
      metrics: 'participants,attendances',
      series: 'ai-webinars',
      ...MARCH,
    });
    expect(res.body.data.totals).toEqual({ participants: 9, attendances: 12 });
    const byEvent = await get('/api/stats/breakdown', { metrics: 'participants', by: 'event', ...MARCH });
    expect(rowsOf(byEvent.body, 'event')).toEqual({ e1: { participants: 6 }, e2: { participants: 6 } });
    expect(byEvent.body.data.totals.participants).toBe(9);
  });

  it('computes the completion rate from unsuppressed cells only', async () => {
    const res = await get('/api/stats/breakdown', {
      metrics: 'completionRate,completions,enrolments',
      by: 'country',
      ...MARCH,
    });
    const rows = rowsOf(res.body, 'country');
    expect(rows.RU).toEqual({ completionRate: 0.7143, completions: 5, enrolments: 7 });
    expect(rows.KZ).toEqual({ completionRate: null, completions: 0, enrolments: '<5' });
    expect(res.body.data.totals.completionRate).toBe(0.2941);
  });

  it.each([
    [{ metrics: 'enrolments', from: '2025-04-01', to: '2025-03-01' }, 'stats_invalid_range'],
    [{ metrics: 'enrolments,hugs' }, 'stats_unknown_metric'],
    [{ metrics: 'enrolments', by: 'shoe-size' }, 'stats_unknown_dimension'],
    [{ metrics: 'enrolments', by: 'country,course,language,gender,audience' }, 'stats_too_many_dimensions'],
    [{ metrics: 'enrolments', from: '2010-01-01', to: '2025-01-01' }, 'stats_range_too_long'],
    [{ metrics: 'learners', from: '2025-03-01', to: '2025-04-30' }, 'stats_range_misaligned'],
    [{ metrics: 'learners', by: 'country,course', ...MARCH }, 'stats_metric_dimensions'],
    [{ metrics: 'enrolments', region: 'atlantis' }, 'stats_unknown_region'],
  ])('rejects bad input %j with 400 %s', async (query, code) => {
    const res = await get('/api/stats/breakdown', query);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });

  it('names the problem in the caller’s language', async () => {
    const res = await get('/api/stats/breakdown', { metrics: 'hugs', lang: 'ru' });
    expect(res.body.detail).toContain('«hugs» — неизвестный показатель');
  });
});

describe('GET /api/stats/summary', () => {
  it('gives the headline figures of a month, distinct counts included', async () => {
    const res = await get('/api/stats/summary', MARCH);
    expect(res.status).toBe(200);
    expect(res.body.data.totals).toMatchObject({
      enrolments: 17,
      completions: 5,
      attendances: 12,
      learners: 17,
      activeLearners: 17,
      participants: 9,
      completionRate: 0.2941,
      pageviews: 0,
    });
  });
});

describe('GET /api/stats/export', () => {
  it('streams CSV in UTF-8 with a BOM, localized headers, and writes the audit log', async () => {
    const res = await get('/api/stats/export', {
      format: 'csv',
      metrics: 'enrolments',
      by: 'country',
      lang: 'ar',
      ...MARCH,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = res.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('البلد (الرمز),البلد,التسجيلات في الدورات');
    expect(lines).toContain('UZ,أوزبكستان,<5');
    expect(lines[lines.length - 1]).toBe('المجموع,,17');
    expect(text).not.toMatch(/@example\.test/);
    const audit = await ctx.db
      .collection('audit_log')
      .findOne({ action: 'stats.exported', actorId: staff.user.id });
    expect(audit?.details).toMatchObject({ format: 'csv', rows: 4 });
    expect(JSON.parse(audit?.details.query)).toMatchObject({
      metrics: ['enrolments'],
      by: ['country'],
      ...MARCH,
    });
  });

  it('streams XLSX with a README sheet stating period, filters, suppression and generation time', async () => {
    const res = await get('/api/stats/export', {
      format: 'xlsx',
      metrics: 'enrolments',
      by: 'country',
      course: 'alpha',
      ...MARCH,
    })
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const readme = wb.getWorksheet('README');
    const text = JSON.stringify(readme?.getSheetValues());
    expect(text).toContain('2025-03-01 – 2025-03-31');
    expect(text).toContain('Course = alpha');
    expect(text).toContain('Counts from 1 to 5 − 1 are shown as “<5”');
    const data = wb.getWorksheet('Data');
    expect(data?.getRow(1).values).toEqual([undefined, 'Country (code)', 'Country', 'Enrolments']);
    expect(data?.rowCount).toBe(6);
  });

  it('streams JSON with the same rows as the breakdown', async () => {
    const res = await get('/api/stats/export', {
      format: 'json',
      metrics: 'enrolments',
      by: 'country',
      ...MARCH,
    });
    const body = JSON.parse(res.text);
    expect(body.data.rows).toHaveLength(4);
    expect(body.data.totals).toEqual({ enrolments: 17 });
  });
});
