import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type IssuerKeyDoc, issuerKeyModel } from './issuer-key.model';
import type { KeySealer } from './key-sealing';

/** The issuer's identity: a did:web derived from the public URL, and its key ids. */
export interface IssuerIdentity {
  /** `did:web:learning-hub.example.org` (a port is encoded as `%3A`). */
  readonly did: string;
  readonly name: string;
  readonly url: string;
}

/** The key that signs new credentials. */
export interface SigningKey {
  /** `<did>#<thumbprint>`: the JWS `kid`, the JWKS `kid` and the DID verification method id. */
  readonly kid: string;
  readonly privateKey: Awaited<ReturnType<typeof importJWK>>;
}

/** did:web for a public URL: host (and port) and path segments joined by ":". */
export function didWebFor(publicUrl: string): string {
  const url = new URL(publicUrl);
  const host = encodeURIComponent(url.host);
  const path = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path].join(':');
}

/**
 * Issuer keys in MongoDB: generated on first use if absent, kept across restarts, rotatable. The
 * private key is stored sealed by `sealer`; the first use also seals plaintext keys stored before
 * sealing existed and re-seals keys under ISSUER_KEY_SECRET_PREVIOUS with the current secret.
 */
export function createIssuerKeys(
  connection: Connection,
  identity: IssuerIdentity,
  clock: () => Date,
  sealer: KeySealer,
) {
  const Keys = issuerKeyModel(connection);
  let cached: Promise<SigningKey> | undefined;

  async function generate(): Promise<IssuerKeyDoc> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicJwk = (await exportJWK(publicKey)) as Record<string, string>;
    const privateJwk = (await exportJWK(privateKey)) as Record<string, string>;
    const thumbprint = await calculateJwkThumbprint(publicJwk as JWK);
    const sealedPrivateKey = await sealer.seal(JSON.stringify(privateJwk), thumbprint);
    return {
      _id: thumbprint,
      slot: 'active',
      publicJwk,
      sealedPrivateKey,
      createdAt: clock(),
      retiredAt: null,
    };
  }

  /** Seals legacy plaintext keys and re-seals keys sealed under the previous secret. */
  async function migrate(): Promise<void> {
    for (const doc of await Keys.find({}).lean<IssuerKeyDoc[]>()) {
      const sealed = doc.sealedPrivateKey;
      let plaintext: string | null = null;
      if (doc.privateJwk) plaintext = JSON.stringify(doc.privateJwk);
      else if (sealed && !(await sealer.isCurrent(sealed))) plaintext = await sealer.open(sealed, doc._id);
      if (plaintext === null) continue;
      await Keys.updateOne(
        { _id: doc._id },
        { $set: { sealedPrivateKey: await sealer.seal(plaintext, doc._id) }, $unset: { privateJwk: '' } },
      );
    }
  }

  async function loadActive(): Promise<SigningKey> {
    await migrate();
    let doc = await Keys.findOne({ slot: 'active' }).lean<IssuerKeyDoc>();
    if (!doc) {
      try {
        doc = (await Keys.create(await generate())).toObject();
      } catch (err) {
        // Another process generated it first: use theirs.
        if (!isDuplicateKey(err)) throw err;
        doc = await Keys.findOne({ slot: 'active' }).lean<IssuerKeyDoc>();
        if (!doc) throw err;
      }
    }
    if (!doc.sealedPrivateKey) throw new Error(`issuer key ${doc._id} has no private key`);
    const jwk = JSON.parse(await sealer.open(doc.sealedPrivateKey, doc._id)) as JWK;
    return { kid: `${identity.did}#${doc._id}`, privateKey: await importJWK(jwk, 'EdDSA') };
  }

  return {
    identity,
    /** The active signing key (created on first call if there is none). */
    active(): Promise<SigningKey> {
      cached ??= loadActive().catch((err: unknown) => {
        cached = undefined;
        throw err;
      });
      return cached;
    },
    /** Every published key (active and retired) as JWKs with `kid`, `alg` and `use`. */
    async publicJwks(): Promise<JWK[]> {
      await this.active();
      const docs = await Keys.find({}).sort({ createdAt: 1 }).lean<IssuerKeyDoc[]>();
      return docs.map((d) => ({ ...d.publicJwk, kid: `${identity.did}#${d._id}`, alg: 'EdDSA', use: 'sig' }));
    },
    /**
     * Retires the active key and makes a new one active; old credentials keep verifying (the
     * public key stays published), and the retired key's private part is deleted.
     */
    async rotate(): Promise<SigningKey> {
      const current = await Keys.findOne({ slot: 'active' }).lean<IssuerKeyDoc>();
      if (current)
        await Keys.updateOne(
          { _id: current._id, slot: 'active' },
          { $set: { slot: `retired:${current._id}`, retiredAt: clock(), sealedPrivateKey: null } },
        );
      cached = undefined;
      return this.active();
    },
  };
}

export type IssuerKeys = ReturnType<typeof createIssuerKeys>;
