import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../server/config';
import { createKeySealer, resolveKeySecrets } from '../../../server/modules/credentials-issued/key-sealing';

const sealer = (current: string, previous?: string) => createKeySealer(async () => ({ current, previous }));
const SECRET = 'a'.repeat(40);

describe('issuer key sealing (AES-256-GCM)', () => {
  it('round-trips, binds the ciphertext to its key id and detects tampering', async () => {
    const s = sealer(SECRET);
    const sealed = await s.seal('{"d":"private"}', 'thumb-1');
    expect(sealed).toMatchObject({ alg: 'A256GCM' });
    expect(JSON.stringify(sealed)).not.toContain('private');
    expect(await s.open(sealed, 'thumb-1')).toBe('{"d":"private"}');
    await expect(s.open(sealed, 'thumb-2')).rejects.toThrow();
    const flipped = Buffer.from(sealed.data, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    await expect(s.open({ ...sealed, data: flipped.toString('base64url') }, 'thumb-1')).rejects.toThrow();
  });

  it('opens with the previous secret during rotation and says which secret is missing otherwise', async () => {
    const old = await sealer(SECRET).seal('x', 'k');
    const rotated = sealer('b'.repeat(40), SECRET);
    expect(await rotated.isCurrent(old)).toBe(false);
    expect(await rotated.open(old, 'k')).toBe('x');
    expect(await rotated.isCurrent(await rotated.seal('x', 'k'))).toBe(true);
    await expect(sealer('b'.repeat(40)).open(old, 'k')).rejects.toThrow(/ISSUER_KEY_SECRET_PREVIOUS/);
  });

  it('uses the configured secret, or creates one private file in DATA_DIR outside production', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'issuer-secret-'));
    try {
      expect((await resolveKeySecrets({ current: SECRET, previous: undefined }, dir)).current).toBe(SECRET);
      const none = { current: undefined, previous: undefined };
      const [a, b] = await Promise.all([resolveKeySecrets(none, dir), resolveKeySecrets(none, dir)]);
      expect(a.current).toHaveLength(43);
      expect(b.current).toBe(a.current);
      const file = path.join(dir, 'issuer-key-secret');
      expect((await readFile(file, 'utf8')).trim()).toBe(a.current);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('requires ISSUER_KEY_SECRET (≥ 32 characters) in production', () => {
    const prod = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), MONGODB_URI: 'mongodb://db/x' };
    expect(() => loadConfig(prod)).toThrow(/ISSUER_KEY_SECRET/);
    expect(() => loadConfig({ ...prod, ISSUER_KEY_SECRET: 'short' })).toThrow(/ISSUER_KEY_SECRET/);
    expect(loadConfig({ ...prod, ISSUER_KEY_SECRET: SECRET }).issuerKeySecret.current).toBe(SECRET);
  });
});
