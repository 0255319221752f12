import type { Connection } from 'mongoose';
import { type Course, courseModel } from '../catalog/course.model';
import { type CredentialDefinition, credentialModel } from '../catalog/credential.model';

/** The catalog reads enrolment and credentials need (through the catalog's own models). */
export interface LearningCatalog {
  findCourse(slug: string): Promise<Course | null>;
  /** Courses by slug, modules included (my learning, credential criteria). */
  findCourses(slugs: readonly string[]): Promise<Course[]>;
  findDefinition(slug: string): Promise<CredentialDefinition | null>;
  /** Published credential definitions that list `courseSlug` among their required courses. */
  definitionsRequiring(courseSlug: string): Promise<CredentialDefinition[]>;
}

/** Reads the catalog's collections directly; plain objects only. */
export function createLearningCatalog(connection: Connection): LearningCatalog {
  const Courses = courseModel(connection);
  const Definitions = credentialModel(connection);
  return {
    async findCourse(slug) {
      return Courses.findOne({ slug: String(slug) }).lean<Course>();
    },
    async findCourses(slugs) {
      if (slugs.length === 0) return [];
      return Courses.find({ slug: { $in: [...slugs] } }).lean<Course[]>();
    },
    async findDefinition(slug) {
      return Definitions.findOne({ slug: String(slug) }).lean<CredentialDefinition>();
    },
    async definitionsRequiring(courseSlug) {
      return Definitions.find({ requiredCourses: courseSlug, state: 'published' }).lean<
        CredentialDefinition[]
      >();
    },
  };
}
