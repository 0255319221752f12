import { ObjectId } from 'mongodb';
import request from 'supertest';
import { createEvent, createSeries, eventBody, register } from '../fixtures/webinars';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let staff: TestUser;
let learner: TestUser;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  staff = await createUser(ctx, { roles: ['staff'] });
  learner = await createUser(ctx, { country: 'KZ' });
});
afterAll(() => ctx.close());

const registrations = (eventId: string) =>
  ctx.db.collection('gathering_registrations').find({ eventId }).toArray();

describe('events and series', () => {
  it('staff create a series and an event; readers get it in their language with fallback', async () => {
    const seriesId = await createSeries(ctx, staff);
    const created = await request(ctx.app)
      .post('/api/events')
      .set(staff.authHeader)
      .send(eventBody({ seriesId, capacity: 100, venue: { mode: 'onsite', country: 'kz', city: 'Almaty' } }));
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect(created.headers.location).toBe(`/api/events/${id}`);
    expect(created.body.data).toMatchObject({
      kind: 'webinar',
      status: 'published',
      startsAt: '2026-03-10T10:00:00.000Z',
      endsAt: '2026-03-10T11:30:00.000Z',
      localStart: '2026-03-10T15:00',
      venue: { mode: 'onsite', country: 'KZ', city: 'Almaty' },
      capacity: 100,
      seatsLeft: 100,
      registrations: 0,
      series: { id: seriesId },
    });
    const ru = await request(ctx.app).get(`/api/events/${id}`).set('Accept-Language', 'ru');
    expect(ru.body.data.title).toEqual({ value: 'Обучение с ИИ', lang: 'ru', fallback: false, dir: 'ltr' });
    const ar = await request(ctx.app).get(`/api/events/${id}?lang=ar`);
    expect(ar.body.data.title).toMatchObject({ value: 'Teaching with AI', lang: 'en', fallback: true });
    expect(ar.body.data.series.title).toMatchObject({ value: 'الذكاء الاصطناعي في التعليم', dir: 'rtl' });

    const stored = await ctx.db
      .collection('gatherings')
      .findOne({ title: { en: 'Teaching with AI', ru: 'Обучение с ИИ' }, seriesId });
    expect(stored).toMatchObject({ timeZone: 'Asia/Almaty', durationMinutes: 90, partners: ['UNESCO IITE'] });
    const list = await request(ctx.app).get(`/api/events?series=${seriesId}`);
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([id]);
    const series = await request(ctx.app).get('/api/event-series');
    expect(series.body.data.find((s: { id: string }) => s.id === seriesId)).toMatchObject({
      participants: 0,
    });
  });

  it('staff edit an event; drafts are hidden from everyone else', async () => {
    const id = await createEvent(ctx, staff, { status: 'draft' });
    expect((await request(ctx.app).get(`/api/events/${id}`).set(learner.authHeader)).status).toBe(404);
    expect((await request(ctx.app).get('/api/events?status=draft').set(learner.authHeader)).status).toBe(403);
    const patched = await request(ctx.app)
      .patch(`/api/events/${id}`)
      .set(staff.authHeader)
      .send({ status: 'published', kind: 'workshop' });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ status: 'published', kind: 'workshop' });
    expect(
      await ctx.db.collection('gatherings').countDocuments({ kind: 'workshop', status: 'published' }),
    ).toBe(1);
    expect((await request(ctx.app).get(`/api/events/${id}`)).status).toBe(200);
  });

  it('refuses bad input with the problems named', async () => {
    const res = await request(ctx.app)
      .post('/api/events')
      .set(staff.authHeader)
      .set('Accept-Language', 'ru')
      .send(eventBody({ venue: { mode: 'onsite' }, timeZone: 'Mars/Olympus', language: 'xx-???' }));
    expect(res.status).toBe(400);
    const codes = res.body.errors.map((e: { code: string }) => e.code).sort();
    expect(codes).toEqual(expect.arrayContaining(['invalid_time_zone', 'required_onsite']));
    const series = await request(ctx.app)
      .post('/api/events')
      .set(staff.authHeader)
      .send(eventBody({ seriesId: '64b000000000000000000000' }));
    expect(series.status).toBe(404);
    expect(series.body.code).toBe('event_series_not_found');
    const credit = await request(ctx.app)
      .post('/api/events')
      .set(staff.authHeader)
      .send(eventBody({ credit: { course: 'no-such-course', lesson: 'l1' } }));
    expect(credit.status).toBe(400);
    expect(credit.body.code).toBe('event_credit_invalid');
    // A title without its source language (found by schemathesis: `{}` was stored, then every read failed).
    const before = await ctx.db.collection('gathering_series').countDocuments();
    const noTitle = await request(ctx.app)
      .post('/api/event-series')
      .set(staff.authHeader)
      .send({ title: {}, sourceLanguage: 'ar' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.errors[0]).toMatchObject({ path: ['title', 'ar'], code: 'source_text_required' });
    expect(await ctx.db.collection('gathering_series').countDocuments()).toBe(before);
    const noEventTitle = await request(ctx.app)
      .post('/api/events')
      .set(staff.authHeader)
      .send(eventBody({ title: { fr: 'Atelier' }, language: 'ru' }));
    expect(noEventTitle.status).toBe(400);
    expect(noEventTitle.body.errors[0]).toMatchObject({
      path: ['title', 'ru'],
      code: 'source_text_required',
    });
    expect((await request(ctx.app).get('/api/event-series')).status).toBe(200);
    // An edit may not leave the title without the event's language either (title or language changed).
    const eventId = await createEvent(ctx, staff);
    const stored = await ctx.db.collection('gatherings').findOne({ _id: new ObjectId(eventId) });
    for (const patch of [{ title: { zh: '工作坊' } }, { language: 'ar' }]) {
      const res = await request(ctx.app).patch(`/api/events/${eventId}`).set(staff.authHeader).send(patch);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].code).toBe('source_text_required');
    }
    const after = await ctx.db.collection('gatherings').findOne({ _id: new ObjectId(eventId) });
    expect([after?.title, after?.language]).toEqual([stored?.title, stored?.language]);
    const ok = await request(ctx.app)
      .patch(`/api/events/${eventId}`)
      .set(staff.authHeader)
      .send({ title: { ar: 'ورشة عمل' }, language: 'ar' });
    expect(ok.status).toBe(200);
    expect(
      await ctx.db.collection('gatherings').countDocuments({ 'title.ar': 'ورشة عمل', language: 'ar' }),
    ).toBe(1);
  });

  it('only staff create and edit events and series (403), anonymous callers 401', async () => {
    const id = await createEvent(ctx, staff);
    expect(
      (await request(ctx.app).post('/api/events').set(learner.authHeader).send(eventBody())).status,
    ).toBe(403);
    expect((await request(ctx.app).post('/api/events').send(eventBody())).status).toBe(401);
    expect(
      (
        await request(ctx.app)
          .patch(`/api/events/${id}`)
          .set(learner.authHeader)
          .send({ status: 'cancelled' })
      ).status,
    ).toBe(403);
    expect(
      (
        await request(ctx.app)
          .post('/api/event-series')
          .set(learner.authHeader)
          .send({ title: { en: 'x' }, sourceLanguage: 'en' })
      ).status,
    ).toBe(403);
    expect(
      (await request(ctx.app).get(`/api/events/${id}/registrations`).set(learner.authHeader)).status,
    ).toBe(403);
    expect(
      (
        await request(ctx.app)
          .post(`/api/events/${id}/registrants`)
          .set(learner.authHeader)
          .send({ name: 'A', email: 'a@example.org' })
      ).status,
    ).toBe(403);
    expect(
      await ctx.db.collection('gatherings').countDocuments({ _id: { $exists: true }, status: 'cancelled' }),
    ).toBe(0);
  });
});

describe('registration', () => {
  it('is idempotent and counted once in the statistics', async () => {
    const id = await createEvent(ctx, staff);
    const first = await register(ctx, learner, id);
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ eventId: id, seat: 1, created: true });
    const again = await register(ctx, learner, id);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ id: first.body.data.id, created: false });
    const stored = await registrations(id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ userId: learner.user.id, country: 'KZ', email: learner.user.email });
    expect(
      await ctx.db.collection('stats_events').countDocuments({ type: 'event_registered', event: id }),
    ).toBe(1);
  });

  it('20 concurrent registrations of one user make one registration', async () => {
    const id = await createEvent(ctx, staff, { capacity: 50 });
    const user = await createUser(ctx);
    const responses = await Promise.all(Array.from({ length: 20 }, () => register(ctx, user, id)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(responses.map((r) => r.body.data.id)).size).toBe(1);
    expect(await registrations(id)).toHaveLength(1);
    expect(
      await ctx.db.collection('stats_events').countDocuments({ type: 'event_registered', event: id }),
    ).toBe(1);
  });

  it('never exceeds the capacity, even in parallel: the rest get 409 event_full', async () => {
    const id = await createEvent(ctx, staff, { capacity: 3 });
    const users = await Promise.all(Array.from({ length: 6 }, () => createUser(ctx)));
    const responses = await Promise.all(users.map((u) => register(ctx, u, id)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(3);
    const full = responses.filter((r) => r.status === 409);
    expect(full).toHaveLength(3);
    expect(full[0]?.body).toMatchObject({ code: 'event_full' });
    const stored = await registrations(id);
    expect(stored.map((r) => r.seat).sort()).toEqual([1, 2, 3]);
    const event = await request(ctx.app).get(`/api/events/${id}`);
    expect(event.body.data).toMatchObject({ registrations: 3, seatsLeft: 0 });
  });

  it('refuses a cancelled event', async () => {
    const id = await createEvent(ctx, staff, { status: 'cancelled' });
    const res = await register(ctx, learner, id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('event_cancelled');
    expect(await registrations(id)).toHaveLength(0);
  });

  it('staff add external registrants (one per address) and list them as JSON or CSV', async () => {
    const id = await createEvent(ctx, staff);
    await register(ctx, learner, id);
    const add = (email: string) =>
      request(ctx.app)
        .post(`/api/events/${id}/registrants`)
        .set(staff.authHeader)
        .send({ name: 'Айгерим Садыкова', email, country: 'KZ', role: 'teacher' });
    const first = await add('Aigerim@School.example.kz');
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      kind: 'external',
      seat: 2,
      external: { email: 'aigerim@school.example.kz' },
    });
    expect((await add(' aigerim@school.example.kz ')).status).toBe(200);
    expect(await registrations(id)).toHaveLength(2);

    const list = await request(ctx.app).get(`/api/events/${id}/registrations`).set(staff.authHeader);
    expect(list.body.pagination).toMatchObject({ total: 2 });
    expect(list.body.data.map((r: { kind: string }) => r.kind)).toEqual(['user', 'external']);
    const csv = await request(ctx.app)
      .get(`/api/events/${id}/registrations?format=csv&lang=ru`)
      .set(staff.authHeader);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.startsWith('\uFEFFМесто,')).toBe(true);
    expect(csv.text).toContain('Айгерим Садыкова,aigerim@school.example.kz,KZ,teacher');

    // Statistics hold a pseudonym and dimensions, never a name or an address.
    const events = await ctx.db.collection('stats_events').find({ event: id }).toArray();
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toMatch(/aigerim|Айгерим|@/i);
    expect(events.find((e) => e.country === 'KZ' && e.audience === 'teacher')).toBeDefined();

    // Erasure on request: the name and address go; the seat and the figures stay.
    const erase = (user: TestUser, registrationId: string) =>
      request(ctx.app).delete(`/api/events/${id}/registrants/${registrationId}`).set(user.authHeader);
    const externalId = first.body.data.id;
    expect((await erase(learner, externalId)).status).toBe(403);
    expect((await erase(staff, externalId)).status).toBe(204);
    const erased = await ctx.db
      .collection<{ _id: string }>('gathering_registrations')
      .findOne({ _id: externalId });
    expect(erased).toMatchObject({ external: null, email: null, seat: 2 });
    expect(JSON.stringify(erased)).not.toMatch(/aigerim|Айгерим/i);
    const again = await erase(staff, externalId);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('registrant_not_found');
    expect((await erase(staff, `${id}:1`)).status).toBe(404);
    expect(await ctx.db.collection('stats_events').countDocuments({ event: id })).toBe(2);
  });

  it("appears in the user's privacy export and is unlinked on erasure", async () => {
    const user = await createUser(ctx);
    const id = await createEvent(ctx, staff);
    await register(ctx, user, id);
    const exported = await ctx.services.accounts.privacy.exportFor(user.user.id);
    expect(exported.events).toEqual([expect.objectContaining({ eventId: id, email: user.user.email })]);
    await ctx.services.webinars.privacy.erase(user.user.id, 'pseudo-1');
    const [stored] = await registrations(id);
    expect(stored).toMatchObject({ userId: null, email: null, personKey: 'erased:pseudo-1' });
  });
});
