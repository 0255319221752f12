import { createHash, randomBytes } from 'node:crypto';

/** A new random secret with a recognizable prefix (`lh_pat_…`), 256 bits, base64url. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** hex SHA-256 of a high-entropy secret: enough for lookup, useless to whoever reads the database. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Normalizes an email for storage and lookup: NFKC, trimmed, lower-cased. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
