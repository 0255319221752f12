import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type IssuerKeyDoc, issuerKeyModel } from './issuer-key.model';

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

/** Issuer keys in MongoDB: generated on first use if absent, kept across restarts, rotatable. */
export function createIssuerKeys(connection: Connection, identity: IssuerIdentity, clock: () => Date) {
  const Keys = issuerKeyModel(connection);
  let cached: Promise<SigningKey> | undefined;

  async function generate(): Promise<IssuerKeyDoc> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicJwk = (await exportJWK(publicKey)) as Record<string, string>;
    const privateJwk = (await exportJWK(privateKey)) as Record<string, string>;
    const thumbprint = await calculateJwkThumbprint(publicJwk as JWK);
    return { _id: thumbprint, slot: 'active', publicJwk, privateJwk, createdAt: clock(), retiredAt: null };
  }

  async function loadActive(): Promise<SigningKey> {
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
    return { kid: `${identity.did}#${doc._id}`, privateKey: await importJWK(doc.privateJwk as JWK, 'EdDSA') };
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
    /** Retires the active key and makes a new one active; old credentials keep verifying. */
    async rotate(): Promise<SigningKey> {
      const current = await Keys.findOne({ slot: 'active' }).lean<IssuerKeyDoc>();
      if (current)
        await Keys.updateOne(
          { _id: current._id, slot: 'active' },
          { $set: { slot: `retired:${current._id}`, retiredAt: clock() } },
        );
      cached = undefined;
      return this.active();
    },
  };
}

export type IssuerKeys = ReturnType<typeof createIssuerKeys>;
