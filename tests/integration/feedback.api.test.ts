import { ObjectId } from 'mongodb';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

const feedback = () => ctx.db.collection('feedback');

describe('POST /api/feedback', () => {
  it('stores the feedback in the real database, read back through a separate driver connection', async () => {
    const res = await request(ctx.app)
      .post('/api/feedback')
      .set('Accept-Language', 'ar-EG')
      .send({ message: 'المنصة رائعة، شكرًا لكم', rating: 5, pagePath: '/courses/ai' })
      .expect(201);
    expect(res.body.data).toMatchObject({
      message: 'المنصة رائعة، شكرًا لكم',
      rating: 5,
      lang: 'ar',
      dir: 'rtl',
    });

    const stored = await feedback().findOne({ _id: new ObjectId(res.body.data.id as string) });
    expect(stored).toMatchObject({
      message: 'المنصة رائعة، شكرًا لكم',
      rating: 5,
      pagePath: '/courses/ai',
      lang: 'ar',
    });
    expect(stored?.createdAt).toBeInstanceOf(Date);
  });

  it('lists every validation issue, localized, and stores nothing', async () => {
    const before = await feedback().countDocuments();
    const res = await request(ctx.app)
      .post('/api/feedback')
      .set('Accept-Language', 'ru')
      .send({ message: '', rating: 9, pagePath: 'no-slash', extra: true })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.detail).toBe('В запросе найдены 4 ошибки.');
    const byPointer = Object.fromEntries(
      (res.body.errors as { pointer: string; code: string; message: string }[]).map((e) => [e.pointer, e]),
    );
    expect(Object.keys(byPointer).sort()).toEqual([
      '/body',
      '/body/message',
      '/body/pagePath',
      '/body/rating',
    ]);
    expect(byPointer['/body/message']).toMatchObject({
      code: 'too_small_string',
      message: 'Не короче 1 символа.',
    });
    expect(byPointer['/body/rating']).toMatchObject({
      code: 'too_big_number',
      message: 'Значение должно быть не больше 5.',
    });
    expect(byPointer['/body']).toMatchObject({
      code: 'unrecognized_keys',
      message: 'Неизвестное поле: extra.',
    });
    expect(await feedback().countDocuments()).toBe(before);
  });

  it('uses Arabic plural forms in the issue count', async () => {
    const res = await request(ctx.app)
      .post('/api/feedback')
      .set('Accept-Language', 'ar')
      .send({ rating: 'five' })
      .expect(400);
    expect(res.body.detail).toBe('وُجدت مشكلتان في الطلب.');
    expect(res.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['invalid_type', 'required']);
  });

  it('rejects operator injection as a validation error, never a query', async () => {
    const res = await request(ctx.app)
      .post('/api/feedback')
      .send({ message: { $gt: '' } })
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/body/message', code: 'invalid_type' });
  });
});

describe('Idempotency-Key', () => {
  it('replays the original for a repeated submission and stores one record', async () => {
    const key = `fb-${Date.now()}-replay`;
    const body = { message: 'Отличные курсы по ИИ' };
    const first = await request(ctx.app)
      .post('/api/feedback')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    const second = await request(ctx.app)
      .post('/api/feedback')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.data).toEqual(first.body.data);
    expect(await feedback().countDocuments({ idempotencyKey: key })).toBe(1);
  });

  it('refuses a reused key with different content (409) and keeps the original', async () => {
    const key = `fb-${Date.now()}-reuse`;
    await request(ctx.app)
      .post('/api/feedback')
      .set('Idempotency-Key', key)
      .send({ message: 'first' })
      .expect(201);
    const res = await request(ctx.app)
      .post('/api/feedback')
      .set('Idempotency-Key', key)
      .set('Accept-Language', 'zh')
      .send({ message: 'second' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'idempotency_key_reused', title: '幂等键已被使用' });
    const stored = await feedback().find({ idempotencyKey: key }).toArray();
    expect(stored.map((d) => d.message)).toEqual(['first']);
  });

  it('creates exactly one record from 20 concurrent submissions with the same key', async () => {
    const key = `fb-${Date.now()}-race`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(ctx.app).post('/api/feedback').set('Idempotency-Key', key).send({ message: '并发提交' }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
    expect(await feedback().countDocuments({ idempotencyKey: key })).toBe(1);
  });

  it('rejects a malformed key', async () => {
    const res = await request(ctx.app)
      .post('/api/feedback')
      .set('Idempotency-Key', 'x')
      .send({ message: 'hi' })
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ in: 'headers', pointer: '/headers/idempotency-key' });
  });
});
