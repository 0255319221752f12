import request from 'supertest';
import { dayBucket } from '../../server/modules/outreach/buckets';
import { createUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename, { env: { STATS_SUPPRESSION_K: '1' } });
});
afterAll(() => ctx.close());

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const MOSCOW_IP = '95.173.136.70';
const beacon = (headers: Record<string, string>, path = '/courses/green-tvet?utm=x') =>
  request(ctx.app).post('/api/analytics/pageviews').set(headers).send({ path });
const pageviews = () => ctx.db.collection('stats_events').countDocuments({ type: 'pageview' });

describe('POST /api/analytics/pageviews', () => {
  it('stores nothing for Do-Not-Track, Global Privacy Control or a bot', async () => {
    expect((await beacon({ 'User-Agent': BROWSER, DNT: '1' })).status).toBe(204);
    expect((await beacon({ 'User-Agent': BROWSER, 'Sec-GPC': '1' })).status).toBe(204);
    expect(
      (
        await beacon({
          'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
        })
      ).status,
    ).toBe(204);
    expect((await beacon({})).status).toBe(204);
    expect(await pageviews()).toBe(0);
  });

  it('counts views and daily unique visitors with the country from the IP, never storing the IP', async () => {
    const today = dayBucket(new Date(), 'UTC');
    await ctx.db.collection('stats_salts').insertOne({ _id: '2000-01-01' as never, salt: 'old' });
    for (const ua of [BROWSER, BROWSER, `${BROWSER} Edg/131.0`])
      expect((await beacon({ 'User-Agent': ua, 'X-Forwarded-For': MOSCOW_IP })).status).toBe(204);
    expect(await pageviews()).toBe(3);
    const stored = await ctx.db.collection('stats_events').find({ type: 'pageview' }).toArray();
    expect(JSON.stringify(stored)).not.toContain(MOSCOW_IP);
    expect(stored.map((e) => [e.country, e.path])).toEqual(Array(3).fill(['RU', '/courses/green-tvet']));
    // Only today's salt is kept: yesterday's hashes can no longer be linked to anyone.
    expect((await ctx.db.collection('stats_salts').find().toArray()).map((s) => s._id)).toEqual([today]);

    const staff = await createUser(ctx, { roles: ['staff'] });
    const res = await request(ctx.app)
      .get('/api/stats/breakdown')
      .query({ metrics: 'pageviews,visitors', by: 'country', from: today, to: today })
      .set(staff.authHeader);
    expect(res.body.data.rows).toEqual([
      {
        period: null,
        dims: { country: { code: 'RU', label: 'Russian Federation' } },
        values: { pageviews: 3, visitors: 2 },
      },
    ]);
  });

  it('rejects a body that is not a path', async () => {
    const res = await beacon({ 'User-Agent': BROWSER }, 'https://example.org/');
    expect(res.status).toBe(400);
  });
});
