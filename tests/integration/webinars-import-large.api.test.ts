import request from 'supertest';
import { createEvent, importAttendance } from '../fixtures/webinars';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let staff: TestUser;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  staff = await createUser(ctx, { roles: ['staff'] });
});
afterAll(() => ctx.close());

const ROWS = 100_000;
const REGISTRANTS = 50;

/** Row i of the file: the first 50 are registrants; then every 10th repeats one, every 97th has no address. */
function rowOf(i: number): { email: string; kind: 'new' | 'duplicate' | 'invalid' | 'unmatched' } {
  if (i < REGISTRANTS) return { email: `person${i}@example.org`, kind: 'new' };
  if (i % 10 === 0) return { email: `PERSON${i % REGISTRANTS}@example.org`, kind: 'duplicate' };
  if (i % 97 === 0) return { email: 'n/a', kind: 'invalid' };
  return { email: `guest${i}@example.net`, kind: 'unmatched' };
}

describe('a 100,000-row attendance file', () => {
  it('is imported streaming, in batches, with exact per-row report counts', async () => {
    const id = await createEvent(ctx, staff);
    // Registrants as stored records (registering 100 people through the API is tested elsewhere).
    await ctx.db.collection<{ _id: string }>('gathering_registrations').insertMany(
      Array.from({ length: REGISTRANTS }, (_, n) => ({
        _id: `${id}:${n + 1}`,
        eventId: id,
        seat: n + 1,
        personKey: `email:person${n}@example.org`,
        userId: null,
        external: { name: `Person ${n}`, email: `person${n}@example.org`, country: 'UZ', role: null },
        email: `person${n}@example.org`,
        userKey: `large-${n}`,
        country: 'UZ',
        audience: null,
        gender: null,
        registeredAt: new Date(),
      })),
    );
    const lines = ['Name,Email,Join Time,Duration (Minutes)'];
    const expected = { new: 0, duplicate: 0, invalid: 0, unmatched: 0 };
    for (let i = 0; i < ROWS; i++) {
      const row = rowOf(i);
      expected[row.kind]++;
      lines.push(`"Участник ${i}",${row.email},2026-03-10 10:0${i % 10}:00,${30 + (i % 60)}`);
    }
    const file = Buffer.from(`${lines.join('\n')}\n`);

    const res = await importAttendance(ctx, staff, id, file);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      state: 'done',
      file: { rows: ROWS },
      committedRows: ROWS,
      counts: {
        attended: expected.new,
        duplicates: expected.duplicate,
        invalid: expected.invalid,
        unmatched: expected.unmatched,
        alreadyRecorded: 0,
      },
    });
    expect(expected.new + expected.duplicate + expected.invalid + expected.unmatched).toBe(ROWS);
    expect(await ctx.db.collection('gathering_attendance').countDocuments({ eventId: id })).toBe(REGISTRANTS);
    expect(
      await ctx.db.collection('stats_events').countDocuments({ type: 'event_attended', event: id }),
    ).toBe(REGISTRANTS);

    // The report pages through every issue in row order; the last page ends at the last issue.
    const issues = ROWS - REGISTRANTS;
    const last = await request(ctx.app)
      .get(res.headers.location as string)
      .query({ page: Math.ceil(issues / 1000), pageSize: 1000 })
      .set(staff.authHeader);
    expect(last.body.pagination).toMatchObject({ total: issues });
    const rows = last.body.data.issues.map((i: { row: number }) => i.row);
    expect(rows).toHaveLength(issues % 1000 || 1000);
    expect(rows[rows.length - 1]).toBe(ROWS + 1);
    const codeOf = { duplicate: 'duplicate', invalid: 'invalid_email', unmatched: 'unmatched' } as const;
    for (const issue of last.body.data.issues as { row: number; code: string }[]) {
      const kind = rowOf(issue.row - 2).kind;
      expect(kind === 'new' ? 'none' : codeOf[kind]).toBe(issue.code);
    }

    const replay = await importAttendance(ctx, staff, id, file);
    expect(replay.status).toBe(200);
    expect(replay.body.data).toMatchObject({ replayed: true, counts: { attended: REGISTRANTS } });
    expect(await ctx.db.collection('gathering_attendance').countDocuments({ eventId: id })).toBe(REGISTRANTS);
  }, 900_000);
});
