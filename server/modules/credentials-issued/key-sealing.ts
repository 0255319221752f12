import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A private key encrypted at rest with AES-256-GCM under the key-encryption key `kek`. */
export interface SealedKey {
  alg: 'A256GCM';
  /** Fingerprint of the key-encryption key (which secret opens it), not the key itself. */
  kek: string;
  iv: string;
  tag: string;
  data: string;
}

/** Encrypts and decrypts issuer private keys with the key-encryption secret(s). */
export interface KeySealer {
  /** Encrypts under the current secret; `aad` binds the result to one key (its thumbprint). */
  seal(plaintext: string, aad: string): Promise<SealedKey>;
  /** Decrypts with whichever configured secret sealed it; throws when none did. */
  open(sealed: SealedKey, aad: string): Promise<string>;
  /** True when `sealed` is under the current secret (otherwise re-seal it). */
  isCurrent(sealed: SealedKey): Promise<boolean>;
}

interface Kek {
  readonly key: Buffer;
  readonly fingerprint: string;
}

const DEV_SECRET_FILE = 'issuer-key-secret';

/** AES-256 key from a secret (HKDF-SHA-256), so any long random string is a valid secret. */
function deriveKek(secret: string): Kek {
  const key = Buffer.from(hkdfSync('sha256', secret, 'learning-hub', 'issuer-key-encryption v1', 32));
  return { key, fingerprint: createHash('sha256').update(key).digest('base64url').slice(0, 16) };
}

/**
 * The secrets from config, or outside production (where config requires ISSUER_KEY_SECRET) a
 * random one kept in `<dataDir>/issuer-key-secret`, created once (mode 0600) like a dev keystore.
 */
export async function resolveKeySecrets(
  configured: { current: string | undefined; previous: string | undefined },
  dataDir: string,
): Promise<{ current: string; previous: string | undefined }> {
  if (configured.current) return { current: configured.current, previous: configured.previous };
  const file = path.join(dataDir, DEV_SECRET_FILE);
  const read = async () => (await readFile(file, 'utf8')).trim();
  try {
    return { current: await read(), previous: configured.previous };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return { current: await read(), previous: configured.previous };
}

/** A sealer over the secrets `load` resolves (once, on first use). */
export function createKeySealer(
  load: () => Promise<{ current: string; previous: string | undefined }>,
): KeySealer {
  let keks: Promise<{ current: Kek; all: Kek[] }> | undefined;
  const get = () => {
    keks ??= load().then(({ current, previous }) => {
      const now = deriveKek(current);
      return { current: now, all: previous ? [now, deriveKek(previous)] : [now] };
    });
    return keks;
  };
  return {
    async seal(plaintext, aad) {
      const { current } = await get();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv).setAAD(Buffer.from(aad));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const b64 = (b: Buffer) => b.toString('base64url');
      return {
        alg: 'A256GCM',
        kek: current.fingerprint,
        iv: b64(iv),
        tag: b64(cipher.getAuthTag()),
        data: b64(data),
      };
    },
    async open(sealed, aad) {
      const kek = (await get()).all.find((k) => k.fingerprint === sealed.kek);
      if (!kek)
        throw new Error(
          `issuer key ${aad} is sealed with another ISSUER_KEY_SECRET (set the old one as ISSUER_KEY_SECRET_PREVIOUS)`,
        );
      const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(sealed.iv, 'base64url'))
        .setAAD(Buffer.from(aad))
        .setAuthTag(Buffer.from(sealed.tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(sealed.data, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
    async isCurrent(sealed) {
      return sealed.kek === (await get()).current.fingerprint;
    },
  };
}
