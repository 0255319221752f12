import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createLocalJWKSet, jwtVerify } from 'jose';
import request from 'supertest';
import { createIssuerKeys } from '../../server/modules/credentials-issued/issuer-keys';
import { createCourse, createDefinition, progressEvent, quizLesson, textLesson } from '../fixtures/learning';
import schema from '../fixtures/ob-v3p0-credential.schema.json';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateOb3 = ajv.compile(schema);

async function enrol(user: TestUser, slug: string): Promise<string> {
  const res = await request(ctx.app).post(`/api/courses/${slug}/enrolments`).set(user.authHeader).send({});
  return res.body.data.id;
}
const complete = (user: TestUser, id: string, lessonKey: string) =>
  request(ctx.app).post(`/api/enrolments/${id}/progress`).set(user.authHeader).send(progressEvent(lessonKey));

/** Two one-lesson courses and a credential requiring both; the learner is enrolled in both. */
async function series(user: TestUser, minimumQuizScore: number | null = null) {
  const a = await createCourse(ctx, { lessons: [textLesson('l1')] });
  const b = await createCourse(ctx, { lessons: [textLesson('l1')] });
  const def = await createDefinition(ctx, [a.slug, b.slug], { minimumQuizScore });
  return { def, ids: [await enrol(user, a.slug), await enrol(user, b.slug)] as const };
}

async function issuedFor(user: TestUser) {
  const mine = await request(ctx.app).get('/api/me/credentials').set(user.authHeader);
  expect(mine.status).toBe(200);
  return mine.body.data as {
    id: string;
    jwt: string;
    credential: Record<string, unknown>;
    title: { value: string };
  }[];
}

describe('issuing', () => {
  it('issues exactly one credential when the last two required courses complete at the same time', async () => {
    const user = await createUser(ctx, { preferredLanguage: 'ar', displayName: 'ليلى حسن', country: 'JO' });
    const { def, ids } = await series(user);
    await Promise.all(ids.map((id) => complete(user, id, 'l1')));
    expect(await ctx.db.collection('issued_credentials').countDocuments({ definitionSlug: def.slug })).toBe(
      1,
    );
    await ctx.services.learning.idle();
    expect(
      await ctx.db
        .collection('stats_events')
        .countDocuments({ type: 'credential_issued', credential: def.slug }),
    ).toBe(1);
    const [mine] = await issuedFor(user);
    if (!mine) throw new Error('no credential issued');
    expect(mine.title.value).toBe('المعلّم الرقمي');
    const achievement = (mine.credential.credentialSubject as { achievement: Record<string, unknown> })
      .achievement;
    expect(achievement).toMatchObject({ name: 'المعلّم الرقمي', inLanguage: 'ar' });
    expect((achievement.related as { inLanguage: string }[]).map((r) => r.inLanguage).sort()).toEqual([
      'en',
      'zh',
    ]);
  });

  it('does not issue before every required course is complete, nor below the minimum quiz score', async () => {
    const user = await createUser(ctx);
    const { def, ids } = await series(user);
    await complete(user, ids[0], 'l1');
    expect(await ctx.db.collection('issued_credentials').countDocuments({ definitionSlug: def.slug })).toBe(
      0,
    );

    const weak = await createUser(ctx);
    const course = await createCourse(ctx, { lessons: [quizLesson('q1', { passingScore: 0 })] });
    const strict = await createDefinition(ctx, [course.slug], { minimumQuizScore: 80 });
    const id = await enrol(weak, course.slug);
    const res = await request(ctx.app)
      .post(`/api/enrolments/${id}/quiz-attempts`)
      .set(weak.authHeader)
      .send({ lessonKey: 'q1', answers: [{ question: 'k1', options: ['wrong'] }] });
    expect(res.body.data.enrolment.completedAt).not.toBeNull();
    expect(
      await ctx.db.collection('issued_credentials').countDocuments({ definitionSlug: strict.slug }),
    ).toBe(0);
  });
});

describe('verification', () => {
  let holder: TestUser;
  let issued: { id: string; jwt: string };

  beforeAll(async () => {
    holder = await createUser(ctx, { displayName: 'Wang Fang', preferredLanguage: 'zh' });
    const { ids } = await series(holder);
    for (const id of ids) await complete(holder, id, 'l1');
    const [first] = await issuedFor(holder);
    if (!first) throw new Error('no credential issued');
    issued = first;
  });

  it('verifies independently with jose and the published JWKS, and the JSON is an OB 3.0 credential', async () => {
    const jwks = await request(ctx.app).get('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    const did = await request(ctx.app).get('/.well-known/did.json');
    const issuerId = did.body.id as string;
    expect(issuerId).toMatch(/^did:web:/);
    const { payload, protectedHeader } = await jwtVerify(issued.jwt, createLocalJWKSet(jwks.body), {
      issuer: issuerId,
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader.kid).toBe(did.body.verificationMethod[0].id);
    expect(payload.jti).toBe(`urn:uuid:${issued.id}`);
    const ok = validateOb3(payload);
    expect(validateOb3.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const publicJson = await request(ctx.app).get(`/api/credentials/issued/${issued.id}`);
    expect(publicJson.status).toBe(200);
    expect(validateOb3(publicJson.body.data.credential)).toBe(true);
    expect(publicJson.body.data.credential.credentialSubject.identifier[0].identityHash).toBe('Wang Fang');
  });

  it('says verified for the original and why not for a changed byte', async () => {
    const good = await request(ctx.app).post('/api/credentials/verify').send({ jwt: issued.jwt });
    expect(good.body.data).toMatchObject({ verified: true, reason: null });
    const [h, p, s] = issued.jwt.split('.') as [string, string, string];
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const badSignature = await request(ctx.app)
      .post('/api/credentials/verify')
      .send({ jwt: `${h}.${p}.${flip(s, 5)}` });
    expect(badSignature.body.data).toMatchObject({ verified: false, reason: 'signature_invalid' });
    const badPayload = await request(ctx.app)
      .post('/api/credentials/verify')
      .query({ lang: 'ar' })
      .send({ jwt: `${h}.${flip(p, 40)}.${s}` });
    expect(badPayload.body.data.verified).toBe(false);
    expect(['signature_invalid', 'malformed']).toContain(badPayload.body.data.reason);
    expect(badPayload.body.data.message).toMatch(/[\u0600-\u06FF]/);
    const garbage = await request(ctx.app).post('/api/credentials/verify').send({ jwt: 'not-a-jwt' });
    expect(garbage.body.data).toMatchObject({ verified: false, reason: 'malformed' });
  });

  it('lets staff revoke with a reason; verification then fails as revoked', async () => {
    const staff = await createUser(ctx, { roles: ['staff'] });
    const path = `/api/credentials/issued/${issued.id}/revocation`;
    expect((await request(ctx.app).post(path).set(holder.authHeader).send({ reason: 'mine' })).status).toBe(
      403,
    );
    const res = await request(ctx.app).post(path).set(staff.authHeader).send({ reason: 'Issued in error' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'revoked', revocationReason: 'Issued in error' });
    expect((await request(ctx.app).post(path).set(staff.authHeader).send({ reason: 'again' })).status).toBe(
      409,
    );
    const verdict = await request(ctx.app).post('/api/credentials/verify').send({ jwt: issued.jwt });
    expect(verdict.body.data).toMatchObject({
      verified: false,
      reason: 'revoked',
      revocation: { reason: 'Issued in error' },
    });
    const list = await request(ctx.app).get('/api/credentials/revocation-list');
    expect(list.body.revokedCredentials.map((r: { id: string }) => r.id)).toContain(`urn:uuid:${issued.id}`);
    const audit = await ctx.db
      .collection('audit_log')
      .findOne({ action: 'credential.revoked', targetId: issued.id });
    expect(audit?.actorId).toBe(staff.user.id);
  });

  it('keeps the signing key across restarts and verifies old credentials after rotation', async () => {
    const identity = ctx.services.learning.keys.identity;
    const again = createIssuerKeys(
      ctx.connection,
      identity,
      () => new Date(),
      ctx.services.learning.keySealer,
    );
    const first = await ctx.services.learning.keys.active();
    expect((await again.active()).kid).toBe(first.kid);
    const rotated = await again.rotate();
    expect(rotated.kid).not.toBe(first.kid);
    const jwks = await request(ctx.app).get('/.well-known/jwks.json');
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toEqual(
      expect.arrayContaining([first.kid, rotated.kid]),
    );
    await expect(jwtVerify(issued.jwt, createLocalJWKSet(jwks.body))).resolves.toBeDefined();
  });

  it('answers 404 for an unknown credential', async () => {
    const res = await request(ctx.app).get('/api/credentials/issued/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('credential_not_found');
  });
});
