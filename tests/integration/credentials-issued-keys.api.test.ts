import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from 'jose';
import request from 'supertest';
import { createIssuerKeys } from '../../server/modules/credentials-issued/issuer-keys';
import { createKeySealer, resolveKeySecrets } from '../../server/modules/credentials-issued/key-sealing';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

const keysCollection = () => ctx.db.collection<{ _id: string } & Record<string, unknown>>('issuer_keys');

/** Signs a token with the key `keys` considers active and verifies it against the published JWKS. */
async function signsVerifiably(keys: ReturnType<typeof createIssuerKeys>) {
  const key = await keys.active();
  const jwt = await new SignJWT({ sub: 'x' })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .sign(key.privateKey);
  const jwks = await request(ctx.app).get('/.well-known/jwks.json');
  await expect(jwtVerify(jwt, createLocalJWKSet(jwks.body))).resolves.toBeDefined();
  return key.kid;
}

describe('issuer keys at rest', () => {
  it('seals a plaintext key stored before sealing existed, on first start, keeping its id', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const privateJwk = await exportJWK(privateKey);
    const thumbprint = await calculateJwkThumbprint(publicJwk);
    await keysCollection().insertOne({
      _id: thumbprint,
      slot: 'active',
      publicJwk,
      privateJwk,
      createdAt: new Date(),
      retiredAt: null,
    });

    const kid = await signsVerifiably(ctx.services.learning.keys);
    expect(kid.endsWith(`#${thumbprint}`)).toBe(true);
    const stored = await keysCollection().findOne({ _id: thumbprint });
    expect(stored?.privateJwk).toBeUndefined();
    expect(stored?.sealedPrivateKey).toMatchObject({ alg: 'A256GCM' });
    expect(JSON.stringify(stored)).not.toContain(privateJwk.d as string);
  });

  it('stores new keys sealed only, and a retired key keeps no private part', async () => {
    const rotated = await ctx.services.learning.keys.rotate();
    const thumbprint = rotated.kid.split('#')[1] as string;
    const fresh = await keysCollection().findOne({ _id: thumbprint });
    expect(fresh?.privateJwk).toBeUndefined();
    const opened = JSON.parse(
      await ctx.services.learning.keySealer.open(fresh?.sealedPrivateKey as never, thumbprint),
    ) as { d: string };
    expect(opened.d).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(fresh)).not.toContain(opened.d);
    const retired = await keysCollection()
      .find({ slot: /^retired:/ })
      .toArray();
    expect(retired.length).toBeGreaterThan(0);
    for (const doc of retired) expect(doc.sealedPrivateKey).toBeNull();
  });

  it('re-seals under a new ISSUER_KEY_SECRET while the old one is given as previous', async () => {
    const identity = ctx.services.learning.keys.identity;
    const { current } = await resolveKeySecrets(ctx.config.issuerKeySecret, ctx.config.dataDir);
    const next = 'n'.repeat(48);
    const wrong = createIssuerKeys(
      ctx.connection,
      identity,
      () => new Date(),
      createKeySealer(async () => ({ current: next, previous: undefined })),
    );
    await expect(wrong.active()).rejects.toThrow(/ISSUER_KEY_SECRET_PREVIOUS/);

    const before = await keysCollection().findOne({ slot: 'active' });
    const sealer = createKeySealer(async () => ({ current: next, previous: current }));
    const rotatedSecret = createIssuerKeys(ctx.connection, identity, () => new Date(), sealer);
    const kid = await signsVerifiably(rotatedSecret);
    expect(kid.endsWith(`#${before?._id}`)).toBe(true);
    const after = await keysCollection().findOne({ slot: 'active' });
    expect(after?.sealedPrivateKey).not.toEqual(before?.sealedPrivateKey);
    expect(await sealer.isCurrent(after?.sealedPrivateKey as never)).toBe(true);
  });
});
