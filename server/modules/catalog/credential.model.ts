import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';
import { addContentIndexes, contentBaseFields, contentSchemaOptions, localizedField } from './content.model';
import type { ContentBase, LocalizedMap } from './content.types';

/** A micro-credential definition (issuing belongs to the credentials module). */
export interface CredentialDefinition extends ContentBase {
  title: LocalizedMap;
  description: LocalizedMap;
  /** Markdown, per language. */
  criteria: LocalizedMap;
  /** Slugs of the courses a learner must complete. */
  requiredCourses: string[];
  /** Minimum score (0–100) on every required course's quizzes, if any. */
  minimumQuizScore: number | null;
  issuer: { name: string; url: string | null };
  imageFileId: string | null;
}

const CredentialSchema = new Schema<CredentialDefinition>(
  {
    ...contentBaseFields,
    title: localizedField,
    description: localizedField,
    criteria: localizedField,
    requiredCourses: { type: [String], default: [] },
    minimumQuizScore: { type: Number, default: null },
    issuer: { type: { name: String, url: String }, _id: false, required: true },
    imageFileId: { type: String, default: null },
  },
  contentSchemaOptions('credential_definitions'),
);

// Indexes: see addContentIndexes (slug unique, state+publishedAt, searchVersion, authorId).
// Shard-key candidate: none needed (dozens of definitions); { slug: 'hashed' } if ever.
addContentIndexes(CredentialSchema);

/** Registers (once per connection) and returns the CredentialDefinition model. */
export function credentialModel(connection: Connection): Model<CredentialDefinition> {
  return modelFor(connection, 'CredentialDefinition', CredentialSchema);
}
