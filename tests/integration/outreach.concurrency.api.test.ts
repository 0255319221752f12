import { createTestContext, type TestContext } from '../helpers/test-app';

// FerretDB 1.24 applies concurrent updates of one document non-atomically (docs/database.md):
// events recorded at the same moment touch the same rollup documents and must all be counted.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

it('counts every one of 30 events recorded at once, in rollups, cells and distinct learners', async () => {
  const { events } = ctx.services.stats;
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      events.recordEvent({
        id: `parallel-${i}`,
        type: 'enrolment',
        occurredAt: new Date('2026-03-10T10:00:00Z'),
        userKey: `learner-${i}`,
        course: 'same-course',
        country: 'KZ',
        language: 'ru',
      }),
    ),
  );
  expect(results.every((r) => r.recorded)).toBe(true);
  const rollups = ctx.db.collection('stats_rollups');
  expect(await rollups.findOne({ _id: 'enrolments|day|2026-03-10' as never })).toMatchObject({
    total: 30,
    by: { country: { KZ: 30 }, course: { 'same-course': 30 } },
    pending: [],
  });
  expect(await rollups.findOne({ _id: 'learners|year|2026' as never })).toMatchObject({
    total: 30,
    by: { country: { KZ: 30 } },
    pending: [],
  });
  const cells = await ctx.db.collection('stats_cells').find({ m: 'enrolments', b: '2026-03-10' }).toArray();
  expect(cells.reduce((sum, c) => sum + Number(c.n), 0)).toBe(30);
  expect(await ctx.db.collection('stats_events').countDocuments({ state: 'done' })).toBe(30);
});
