import {
  countIncrements,
  distinctIncrements,
  markerCandidates,
} from '../../server/modules/outreach/rollup.plan';
import { rebuildRollups } from '../../server/modules/outreach/stats.rebuild';
import type { StatsEventInput } from '../../server/modules/outreach/stats.service';
import { toEventDoc } from '../../server/modules/outreach/stats.service';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename, { env: { STATS_TIMEZONE: 'Asia/Almaty' } });
});
afterAll(() => ctx.close());

const at = (iso: string) => new Date(iso);
let seq = 0;
const ev = (e: Omit<StatsEventInput, 'id'> & { id?: string }): StatsEventInput => ({
  id: `t-${++seq}`,
  ...e,
});

async function snapshot(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of ['stats_rollups', 'stats_rollups_coarse', 'stats_cells', 'stats_cells_month']) {
    for (const d of await ctx.db.collection(name).find().toArray()) {
      const { pending, ...rest } = d as Record<string, unknown>;
      expect(pending).toEqual([]);
      out[`${name}|${String(d._id)}`] = rest;
    }
  }
  return out;
}

describe('recordEvent: event log and rollups', () => {
  it('stores the event once with its day in the reporting time zone and counts it once', async () => {
    const { events } = ctx.services.stats;
    // 20:30 UTC on 31 Dec is 01:30 on 1 Jan in Almaty (UTC+5).
    const input = ev({
      id: 'enrol-tz',
      type: 'enrolment',
      occurredAt: at('2025-12-31T20:30:00Z'),
      userKey: 'u1',
      course: 'green-tvet',
      country: 'KZ',
    });
    expect(await events.recordEvent(input)).toEqual({ recorded: true });
    expect(await events.recordEvent(input)).toEqual({ recorded: false });
    const stored = await ctx.db.collection('stats_events').findOne({ _id: 'enrol-tz' as never });
    expect(stored).toMatchObject({ day: '2026-01-01', state: 'done', userKey: 'u1', course: 'green-tvet' });
    const day = await ctx.db
      .collection('stats_rollups')
      .findOne({ _id: 'enrolments|day|2026-01-01' as never });
    expect(day).toMatchObject({
      total: 1,
      by: { country: { KZ: 1 }, course: { 'green-tvet': 1 } },
      pending: [],
    });
    const learners = await ctx.db.collection('stats_rollups').findOne({ _id: 'learners|year|2026' as never });
    expect(learners).toMatchObject({
      total: 1,
      by: { country: { KZ: 1 }, region: { 'asia-pacific': 1, eeca: 1 } },
    });
  });

  it('counts a person once per bucket and scope, however many events', async () => {
    const { events } = ctx.services.stats;
    for (const course of ['c-a', 'c-b', 'c-a'])
      await events.recordEvent(
        ev({
          type: 'enrolment',
          occurredAt: at('2024-03-05T10:00:00Z'),
          userKey: 'u-many',
          course,
          country: 'RU',
        }),
      );
    const m = await ctx.db.collection('stats_rollups').findOne({ _id: 'learners|month|2024-03' as never });
    expect(m).toMatchObject({ total: 1, by: { course: { 'c-a': 1, 'c-b': 1 }, country: { RU: 1 } } });
    const e = await ctx.db.collection('stats_rollups').findOne({ _id: 'enrolments|day|2024-03-05' as never });
    expect(e).toMatchObject({ total: 3, by: { course: { 'c-a': 2, 'c-b': 1 } } });
  });

  it('never double-counts when a writer crashes between steps (the sweep finishes the event)', async () => {
    const { repo, regions, events } = ctx.services.stats;
    const past = new Date(Date.now() - 60_000);
    const make = (id: string) =>
      toEventDoc(
        ev({
          id,
          type: 'enrolment',
          occurredAt: at('2023-05-10T12:00:00Z'),
          userKey: `k-${id}`,
          country: 'EG',
        }),
        'Asia/Almaty',
        past,
        past,
      );
    // Crash 1: event stored, nothing applied.
    await repo.insertEvent(make('crash-1'));
    // Crash 2: markers claimed and every increment applied, state never advanced.
    const doc2 = make('crash-2');
    await repo.insertEvent(doc2);
    const owned = await repo.claimMarkers(doc2._id, markerCandidates(doc2, regions));
    const incs = [...countIncrements(doc2), ...distinctIncrements(owned)];
    for (const inc of incs) await repo.applyOnce(doc2._id, inc);
    // Crash 3: applied and marked, pending lists not yet released.
    const doc3 = make('crash-3');
    await repo.insertEvent(doc3);
    const owned3 = await repo.claimMarkers(doc3._id, markerCandidates(doc3, regions));
    for (const inc of [...countIncrements(doc3), ...distinctIncrements(owned3)])
      await repo.applyOnce(doc3._id, inc);
    await repo.setState(doc3._id, 'applied');
    // A replayed increment of an applied event is ignored.
    await repo.applyOnce(doc2._id, incs[0] as never);

    expect(await events.sweep()).toBe(3);
    expect(await events.sweep()).toBe(0);
    const day = await ctx.db
      .collection('stats_rollups')
      .findOne({ _id: 'enrolments|day|2023-05-10' as never });
    expect(day).toMatchObject({ total: 3, by: { country: { EG: 3 } }, pending: [] });
    const learners = await ctx.db
      .collection('stats_rollups')
      .findOne({ _id: 'learners|month|2023-05' as never });
    expect(learners).toMatchObject({ total: 3, pending: [] });
    const states = await ctx.db
      .collection('stats_events')
      .find({ _id: { $in: ['crash-1', 'crash-2', 'crash-3'] as never[] } })
      .toArray();
    expect(states.map((s) => s.state)).toEqual(['done', 'done', 'done']);
  });

  it('rebuild from the event log equals live counting', async () => {
    const { events, repo, regions } = ctx.services.stats;
    const kinds = [
      'enrolment',
      'lesson_completed',
      'course_completed',
      'event_attended',
      'forum_post',
      'pageview',
    ] as const;
    for (let i = 0; i < 40; i++) {
      await events.recordEvent(
        ev({
          type: kinds[i % kinds.length] as (typeof kinds)[number],
          occurredAt: at(`2022-0${1 + (i % 3)}-1${i % 10}T0${i % 10}:15:00Z`),
          userKey: `p-${i % 7}`,
          course: i % 4 === 0 ? null : `course-${i % 3}`,
          series: i % 5 === 0 ? 's-1' : null,
          country: ['RU', 'KZ', 'UZ', 'CN', null][i % 5] ?? null,
          language: ['ru', 'en'][i % 2] ?? null,
          gender: i % 3 === 0 ? 'female' : null,
        }),
      );
    }
    const live = await snapshot();
    const report = await rebuildRollups(repo, regions);
    expect(report.events).toBeGreaterThanOrEqual(40);
    expect(await snapshot()).toEqual(live);
  });

  it('a batch (recordEvents) counts like one event at a time: replays skipped, rebuild equal', async () => {
    const { events, repo, regions } = ctx.services.stats;
    const batch = Array.from({ length: 30 }, (_, i) =>
      ev({
        id: `batch-${i}`,
        type: (['enrolment', 'lesson_completed', 'course_completed'] as const)[i % 3] ?? 'enrolment',
        occurredAt: at(`2021-05-0${1 + (i % 4)}T10:00:00Z`),
        userKey: `b-${i % 6}`,
        course: `bc-${i % 2}`,
        country: ['KZ', 'RU', null][i % 3] ?? null,
      }),
    );
    expect(await events.recordEvent(batch[0] as StatsEventInput)).toEqual({ recorded: true });
    // One is already recorded: 29 new; the same batch again records nothing.
    expect(await events.recordEvents(batch)).toEqual({ recorded: 29 });
    expect(await events.recordEvents(batch)).toEqual({ recorded: 0 });
    const stored = await ctx.db
      .collection('stats_events')
      .find({ _id: { $in: batch.map((b) => b.id) } as never })
      .toArray();
    expect(stored.map((d) => d.state)).toEqual(Array(30).fill('done'));
    // 10 enrolments (i = 0, 3, …, 27), each counted once in the day documents.
    const days = await ctx.db
      .collection('stats_rollups')
      .find({ _id: { $in: ['01', '02', '03', '04'].map((d) => `enrolments|day|2021-05-${d}`) } as never })
      .toArray();
    expect(days.reduce((n, d) => n + (d.total as number), 0)).toBe(10);
    const live = await snapshot();
    await rebuildRollups(repo, regions);
    expect(await snapshot()).toEqual(live);
  });

  it('a group whose document already holds one of its events applies the others once each', async () => {
    const { repo } = ctx.services.stats;
    const inc = (n: number) => ({
      coll: 'rollups' as const,
      id: 'group-test',
      insert: { m: 'test' },
      inc: { total: n },
    });
    await repo.applyOnce('g-2', inc(10));
    await repo.applyGroup([
      { eventId: 'g-1', inc: inc(1) },
      { eventId: 'g-2', inc: inc(10) },
      { eventId: 'g-3', inc: inc(100) },
    ]);
    const doc = await ctx.db.collection('stats_rollups').findOne({ _id: 'group-test' as never });
    expect(doc).toMatchObject({ total: 111, m: 'test' });
    expect([...((doc?.pending ?? []) as string[])].sort()).toEqual(['g-1', 'g-2', 'g-3']);
    await repo.releaseGroup(['g-1', 'g-2', 'g-3'], inc(0));
    expect(await ctx.db.collection('stats_rollups').findOne({ _id: 'group-test' as never })).toMatchObject({
      total: 111,
      pending: [],
    });
    await ctx.db.collection('stats_rollups').deleteOne({ _id: 'group-test' as never });
  });
});
