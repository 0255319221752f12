import { Types } from 'mongoose';
import { AppError } from '../../shared/errors';

/** A position in a (createdAt, _id) ordered list; `pinned` for the category listing. */
export interface CursorPosition {
  readonly at: Date;
  readonly id: string;
  readonly pinned?: boolean;
}

/** Opaque cursor: base64url of `<ms>.<id>[.p]`. */
export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(`${p.at.getTime()}.${p.id}${p.pinned ? '.p' : ''}`).toString('base64url');
}

/** Decodes a cursor, or throws a 400 validation error naming the query parameter. */
export function decodeCursor(cursor: string): CursorPosition {
  const [ms, id, pinned] = Buffer.from(cursor, 'base64url').toString().split('.');
  const at = Number(ms);
  if (!Number.isSafeInteger(at) || !id || !/^[0-9a-f]{24}$/.test(id)) {
    throw new AppError('validation_failed', {
      issues: [{ in: 'query', path: ['cursor'], code: 'invalid_cursor', params: {} }],
    });
  }
  return { at: new Date(at), id, pinned: pinned === 'p' };
}

/** Filter for items strictly after `p` in ascending (createdAt, _id) order. */
export function afterAscending(p: CursorPosition): Record<string, unknown> {
  const _id = new Types.ObjectId(p.id);
  return { $or: [{ createdAt: { $gt: p.at } }, { createdAt: p.at, _id: { $gt: _id } }] };
}

/** Filter for items after `p` in (pinned desc, createdAt desc, _id desc) order. */
export function afterPinnedDescending(p: CursorPosition): Record<string, unknown> {
  const _id = new Types.ObjectId(p.id);
  const within = [
    { pinned: !!p.pinned, createdAt: { $lt: p.at } },
    { pinned: !!p.pinned, createdAt: p.at, _id: { $lt: _id } },
  ];
  return { $or: p.pinned ? [...within, { pinned: false }] : within };
}

/** Filter for items after `p` in descending (createdAt, _id) order (newest first lists). */
export function afterDescending(p: CursorPosition): Record<string, unknown> {
  const _id = new Types.ObjectId(p.id);
  return { $or: [{ createdAt: { $lt: p.at } }, { createdAt: p.at, _id: { $lt: _id } }] };
}
