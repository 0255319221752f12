import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';
import type { LearningEvent, LearningEventType } from './learning-event';

/**
 * A learning fact that happened exactly once: enrolled, lesson completed, quiz passed, course
 * completed, credential issued. `_id` is the event id derived from the fact
 * (`lesson_completed:<enrolment>:<lesson>`), so the insert itself decides "first time" on MongoDB
 * and FerretDB alike (no conditional update, which FerretDB 1.24 does not apply atomically).
 * The fact carries its statistics event: it is the outbox too; `delivered` flips once the event
 * log has it, and the sweep delivers what a crash left behind.
 */
export interface FactDoc {
  _id: string;
  type: LearningEventType;
  userId: string;
  enrolmentId: string | null;
  courseSlug: string | null;
  lessonKey: string | null;
  credentialSlug: string | null;
  at: Date;
  event: LearningEvent;
  delivered: boolean;
  createdAt: Date;
}

const FactSchema = new Schema<FactDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    userId: { type: String, required: true },
    enrolmentId: { type: String, default: null },
    courseSlug: { type: String, default: null },
    lessonKey: { type: String, default: null },
    credentialSlug: { type: String, default: null },
    at: { type: Date, required: true },
    event: { type: Object, required: true },
    delivered: { type: Boolean, required: true, default: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'learning_facts', versionKey: false, minimize: false },
);

// Indexes: _id (exactly once); enrolment (progress of an enrolment); delivered + createdAt (the
// outbox sweep). Shard-key candidate: { enrolmentId: 'hashed' } — reads are per enrolment.
FactSchema.index({ enrolmentId: 1 });
FactSchema.index({ delivered: 1, createdAt: 1 });

/** Registers (once per connection) and returns the learning-fact model. */
export function factModel(connection: Connection): Model<FactDoc> {
  return modelFor(connection, 'LearningFact', FactSchema);
}
