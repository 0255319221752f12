import { type Connection, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';
import type { Sequence } from '../catalog/sequence.model';

/** True for a 24-hex ObjectId string; anything else can never match a forum document. */
export const isObjectId = (id: string): boolean => /^[0-9a-f]{24}$/i.test(id);

/** Turns a lean document into a plain object with a string `id`. */
export function plain<T extends { _id: { toHexString(): string } }>(doc: T): Omit<T, '_id'> & { id: string } {
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}

interface CounterDoc {
  _id: string;
  value: number;
}
const CounterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, value: { type: Number, required: true } },
  { collection: 'forum_counters', versionKey: false },
);

/** The forum's searchVersion counter: one atomic `$inc` upsert per change. */
export function createForumSequence(connection: Connection): Sequence {
  const Counter = modelFor(connection, 'ForumCounter', CounterSchema);
  const next = async () => {
    const doc = await Counter.findOneAndUpdate(
      { _id: 'searchVersion' },
      { $inc: { value: 1 } },
      { upsert: true, returnDocument: 'after' },
    ).lean<CounterDoc>();
    return doc?.value ?? 1;
  };
  const current = async () => (await Counter.findById('searchVersion').lean<CounterDoc>())?.value ?? 0;
  return Object.assign(next, { current });
}
