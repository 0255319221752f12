import { type Connection, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

interface SequenceDoc {
  _id: string;
  value: number;
}

const SequenceSchema = new Schema<SequenceDoc>(
  { _id: { type: String, required: true }, value: { type: Number, required: true } },
  { collection: 'catalog_sequences', versionKey: false },
);
// Indexes: _id only (one document per sequence). Shard-key candidate: none (tiny, unsharded).

/** A counter: calling it takes the next value; `current()` reads the last one taken (0 before any). */
export type Sequence = (() => Promise<number>) & { current(): Promise<number> };

/** A catalog-wide counter that only goes up (one atomic `$inc` upsert per call). */
export function createSequence(connection: Connection, name: string): Sequence {
  const Sequence = modelFor(connection, 'CatalogSequence', SequenceSchema);
  const next = async () => {
    const doc = await Sequence.findOneAndUpdate(
      { _id: name },
      { $inc: { value: 1 } },
      { upsert: true, returnDocument: 'after' },
    ).lean<SequenceDoc>();
    return doc?.value ?? 1;
  };
  const current = async () => (await Sequence.findById(name).lean<SequenceDoc>())?.value ?? 0;
  return Object.assign(next, { current });
}
