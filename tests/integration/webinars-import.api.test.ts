import request from 'supertest';
import { createAttendanceImports } from '../../server/modules/webinars/attendance-import.service';
import type { ImportRepository } from '../../server/modules/webinars/import.repository';
import { createCourse, textLesson } from '../fixtures/learning';
import { createEvent, createSeries, importAttendance, register, utf16 } from '../fixtures/webinars';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let staff: TestUser;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  staff = await createUser(ctx, { roles: ['staff'] });
});
afterAll(() => ctx.close());

const ZOOM_HEADER = 'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest';
const zoomRow = (name: string, email: string, minutes = 55) =>
  `${name},${email},03/10/2026 03:00:12 PM,03/10/2026 03:55:40 PM,${minutes},No`;
const attendance = (eventId: string) => ctx.db.collection('gathering_attendance').find({ eventId }).toArray();

/** An event with `n` registered platform users (returned in order). */
async function eventWithUsers(n: number, overrides: Record<string, unknown> = {}) {
  const id = await createEvent(ctx, staff, overrides);
  const users = await Promise.all(Array.from({ length: n }, () => createUser(ctx)));
  for (const u of users) expect((await register(ctx, u, id)).status).toBe(201);
  return { id, users };
}

describe('attendance import', () => {
  it('imports a UTF-8 Zoom export with BOM: matches by address, reports unmatched and duplicate rows', async () => {
    const { id, users } = await eventWithUsers(3);
    const [a, b, c] = users.map((u) => u.user.email) as [string, string, string];
    const csv = [
      ZOOM_HEADER,
      zoomRow('Ana', `  ${a.toUpperCase()} `),
      zoomRow('Stranger', 'nobody@example.org'),
      zoomRow('Ana again', a, 12),
      zoomRow('Bob', b),
      zoomRow('No mail', ''),
      '',
    ].join('\r\n');
    const res = await importAttendance(
      ctx,
      staff,
      id,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]),
    );
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      state: 'done',
      file: { encoding: 'utf-8', rows: 5 },
      mapping: { email: 'User Email', name: 'Name (Original Name)', duration: 'Duration (Minutes)' },
      committedRows: 5,
      replayed: false,
      counts: { attended: 2, unmatched: 1, duplicates: 1, invalid: 1, alreadyRecorded: 0 },
      summary: '2 attendees recorded from 5 rows.',
    });
    expect(res.body.data.issues).toEqual([
      { row: 3, code: 'unmatched', message: 'Row 3: no registrant with this email address.' },
      { row: 4, code: 'duplicate', of: 2, message: 'Row 4: the same person as row 2; counted once.' },
      { row: 6, code: 'invalid_email', message: 'Row 6: no valid email address.' },
    ]);
    const stored = await attendance(id);
    expect(stored.map((s) => s.userId).sort()).toEqual([users[0]?.user.id, users[1]?.user.id].sort());
    expect(stored.find((s) => s.row === 2)).toMatchObject({ minutes: 55 });
    expect(stored.some((s) => s.userId === users[2]?.user.id) || c === '').toBe(false);
    expect(
      await ctx.db.collection('stats_events').countDocuments({ type: 'event_attended', event: id }),
    ).toBe(2);
    const report = await request(ctx.app)
      .get(res.headers.location as string)
      .set(staff.authHeader);
    expect(report.body.data).toMatchObject({ state: 'done', counts: { attended: 2 } });
    expect(JSON.stringify(report.body)).not.toContain('nobody@example.org');
  });

  it.each([
    ['le', 'utf-16le'],
    ['be', 'utf-16be'],
  ] as const)(
    'imports a UTF-16 %s tab-separated Teams export with a column mapping',
    async (endian, encoding) => {
      const { id, users } = await eventWithUsers(2);
      const tsv = [
        'Полное имя\tАдрес\tВремя входа\tДлительность',
        `Мария Иванова\t${users[0]?.user.email}\t3/10/26, 3:00:00 PM\t1h 5m 30s`,
        `李华\t${users[1]?.user.email}\t3/10/26, 3:02:00 PM\t48m`,
      ].join('\r\n');
      const res = await importAttendance(ctx, staff, id, utf16(tsv, endian), {
        email: 'Адрес',
        name: 'Полное имя',
        duration: 'Длительность',
      });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        file: { encoding },
        counts: { attended: 2 },
        mapping: { email: 'Адрес' },
      });
      const stored = await attendance(id);
      expect(stored.map((s) => s.minutes).sort()).toEqual([48, 65.5]);
    },
  );

  it('refuses a file in a wrong encoding and imports nothing', async () => {
    const { id, users } = await eventWithUsers(1);
    const latin1 = Buffer.from(`Name,Email\r\nJosé Müller,${users[0]?.user.email}\r\n`, 'latin1');
    const res = await importAttendance(ctx, staff, id, latin1);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'import_encoding_invalid' });
    const ru = await importAttendance(ctx, staff, id, latin1).query({ lang: 'ru' });
    expect(ru.body.title).toBe('Неверная кодировка файла');
    expect(await attendance(id)).toHaveLength(0);
    expect(await ctx.db.collection('attendance_imports').countDocuments({ eventId: id })).toBe(0);
  });

  it('names missing columns and imports nothing', async () => {
    const { id, users } = await eventWithUsers(1);
    const csv = Buffer.from(`Name,Mail\r\nAna,${users[0]?.user.email}\r\n`);
    const res = await importAttendance(ctx, staff, id, csv);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'import_columns_missing' });
    expect(res.body.detail).toContain('email');
    expect(res.body.detail).toContain('Name, Mail');
    const mapped = await importAttendance(ctx, staff, id, csv, { email: 'Mail', joinTime: 'Joined at' });
    expect(mapped.status).toBe(400);
    expect(mapped.body.detail).toContain('Joined at');
    expect(await attendance(id)).toHaveLength(0);
  });

  it('is idempotent: the same file twice adds nothing; another file counts only new people', async () => {
    const { id, users } = await eventWithUsers(3);
    const emails = users.map((u) => u.user.email);
    const file = Buffer.from(
      [ZOOM_HEADER, zoomRow('A', emails[0] as string), zoomRow('B', emails[1] as string)].join('\n'),
    );
    const first = await importAttendance(ctx, staff, id, file);
    expect(first.body.data.counts.attended).toBe(2);
    const again = await importAttendance(ctx, staff, id, file);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ replayed: true, counts: { attended: 2 } });
    const other = Buffer.from(
      [ZOOM_HEADER, zoomRow('B', emails[1] as string), zoomRow('C', emails[2] as string)].join('\n'),
    );
    const second = await importAttendance(ctx, staff, id, other);
    expect(second.body.data.counts).toMatchObject({ attended: 1, alreadyRecorded: 1 });
    expect(await attendance(id)).toHaveLength(3);
    expect(await ctx.db.collection('attendance_imports').countDocuments({ eventId: id })).toBe(2);
    expect(
      await ctx.db.collection('stats_events').countDocuments({ type: 'event_attended', event: id }),
    ).toBe(3);
  });

  it('resumes an interrupted import after the last committed row and reports exact totals', async () => {
    const { id, users } = await eventWithUsers(7);
    const rows = users.map((u, i) => zoomRow(`P${i}`, u.user.email));
    rows.splice(3, 0, zoomRow('X', 'stranger@example.org'), zoomRow('dup', users[0]?.user.email as string));
    const file = Buffer.from([ZOOM_HEADER, ...rows].join('\n'));
    // A run that dies after committing its second batch of 3 rows (rows 2–7 of 10).
    const { imports, registrations, effects } = ctx.services.webinars.repositories
      ? { ...ctx.services.webinars.repositories, effects: ctx.services.webinars.effects }
      : ({} as never);
    let commits = 0;
    const failing: ImportRepository = {
      ...imports,
      async commit(...args) {
        await imports.commit(...args);
        if (++commits === 2) throw new Error('simulated crash');
      },
    };
    const crashing = createAttendanceImports({
      events: ctx.services.webinars.events,
      registrations,
      imports: failing,
      effects,
      clock: () => new Date(),
      batchRows: 3,
    });
    const { writeFile, unlink } = await import('node:fs/promises');
    const path = `${require('node:os').tmpdir()}/resume-${id}.csv`;
    await writeFile(path, file);
    await expect(
      crashing.run(
        { userId: staff.user.id, roles: ['staff'], via: 'token' },
        id,
        { path, filename: 'a.csv' },
        {},
      ),
    ).rejects.toThrow('simulated crash');
    await unlink(path);
    const half = await ctx.db.collection('attendance_imports').findOne({ eventId: id });
    expect(half).toMatchObject({
      state: 'interrupted',
      lastCommittedRow: 7,
      counts: { attended: 4, unmatched: 1, duplicates: 1 },
    });
    expect(await attendance(id)).toHaveLength(4);

    const resumed = await importAttendance(ctx, staff, id, file);
    expect(resumed.status).toBe(201);
    expect(resumed.body.data).toMatchObject({
      state: 'done',
      resumedFromRow: 7,
      committedRows: 9,
      counts: { attended: 7, unmatched: 1, duplicates: 1, alreadyRecorded: 0 },
    });
    expect(resumed.body.data.issues.map((i: { row: number; code: string }) => [i.row, i.code])).toEqual([
      [5, 'unmatched'],
      [6, 'duplicate'],
    ]);
    expect(await attendance(id)).toHaveLength(7);
    expect(
      await ctx.db.collection('stats_events').countDocuments({ type: 'event_attended', event: id }),
    ).toBe(7);
  });

  it('only staff import or read reports (403)', async () => {
    const { id, users } = await eventWithUsers(1);
    const res = await importAttendance(
      ctx,
      users[0] as TestUser,
      id,
      Buffer.from(`Email\n${users[0]?.user.email}\n`),
    );
    expect(res.status).toBe(403);
    const report = await request(ctx.app)
      .get(`/api/events/${id}/attendance-imports/${'a'.repeat(64)}`)
      .set((users[0] as TestUser).authHeader);
    expect(report.status).toBe(403);
    expect(await attendance(id)).toHaveLength(0);
  });
});

describe('series and credit', () => {
  it('counts distinct participants across a series exactly, through /api/stats and the series', async () => {
    const seriesId = await createSeries(ctx, staff);
    const people = await Promise.all(Array.from({ length: 9 }, () => createUser(ctx, { country: 'EG' })));
    const e1 = await createEvent(ctx, staff, { seriesId, startsAt: '2025-03-12T15:00:00Z' });
    const e2 = await createEvent(ctx, staff, { seriesId, startsAt: '2025-03-20T15:00:00Z' });
    const fileOf = (list: TestUser[]) => Buffer.from(['Email', ...list.map((p) => p.user.email)].join('\n'));
    // e1: people 1–6, e2: people 4–9 → 12 attendances, 9 distinct participants.
    for (const [event, list] of [
      [e1, people.slice(0, 6)],
      [e2, people.slice(3, 9)],
    ] as const) {
      for (const p of list) await register(ctx, p, event);
      expect((await importAttendance(ctx, staff, event, fileOf([...list]))).body.data.counts.attended).toBe(
        6,
      );
    }
    const stats = await request(ctx.app)
      .get('/api/stats/breakdown')
      .query({ metrics: 'participants,attendances', series: seriesId, from: '2025-01-01', to: '2025-12-31' })
      .set(staff.authHeader);
    expect(stats.status).toBe(200);
    expect(stats.body.data.totals).toEqual({ participants: 9, attendances: 12 });
    // Registrations count on the day they were made (this year), attendance on the event's day.
    const year = new Date().getUTCFullYear();
    const registered = await request(ctx.app)
      .get('/api/stats/breakdown')
      .query({ metrics: 'registrations', series: seriesId, from: `${year}-01-01`, to: `${year}-12-31` })
      .set(staff.authHeader);
    expect(registered.body.data.totals).toEqual({ registrations: 12 });
    const byEvent = await request(ctx.app)
      .get('/api/stats/breakdown')
      .query({ metrics: 'attendances', by: 'event', series: seriesId, from: '2025-01-01', to: '2025-12-31' })
      .set(staff.authHeader);
    expect(
      byEvent.body.data.rows
        .map((r: { dims: { event: { code: string } }; values: { attendances: number } }) => [
          r.dims.event.code,
          r.values.attendances,
        ])
        .sort(),
    ).toEqual(
      [
        [e1, 6],
        [e2, 6],
      ].sort(),
    );
    const series = await request(ctx.app).get('/api/event-series');
    expect(series.body.data.find((s: { id: string }) => s.id === seriesId)).toMatchObject({
      participants: 9,
    });
    expect(await ctx.db.collection('gathering_series_people').countDocuments({ seriesId })).toBe(9);
  });

  it('credits attendance towards a course lesson through the enrolment service, once', async () => {
    const course = await createCourse(ctx, { lessons: [textLesson('l1'), textLesson('webinar')] });
    const id = await createEvent(ctx, staff, { credit: { course: course.slug, lesson: 'webinar' } });
    const enrolled = await createUser(ctx);
    const outsider = await createUser(ctx);
    const enrolment = await request(ctx.app)
      .post(`/api/courses/${course.slug}/enrolments`)
      .set(enrolled.authHeader)
      .send({});
    expect(enrolment.status).toBe(201);
    for (const u of [enrolled, outsider]) await register(ctx, u, id);
    const file = Buffer.from(`Email\n${enrolled.user.email}\n${outsider.user.email}\n`);
    const res = await importAttendance(ctx, staff, id, file);
    expect(res.body.data.counts).toMatchObject({ attended: 2, credited: 1, creditSkipped: 1 });
    await ctx.services.learning.idle();
    const enrolmentId = enrolment.body.data.id;
    expect(
      await ctx.db
        .collection('learning_facts')
        .countDocuments({ enrolmentId, type: 'lesson_completed', lessonKey: 'webinar' }),
    ).toBe(1);
    expect(
      await ctx.db
        .collection<{ _id: string }>('progress_events')
        .countDocuments({ enrolmentId, _id: `${enrolmentId}:event:${id}` }),
    ).toBe(1);
    const mine = await request(ctx.app).get(`/api/enrolments/${enrolmentId}`).set(enrolled.authHeader);
    expect(mine.body.data.progress.completedLessons).toEqual(['webinar']);
  });
});
