import type { Connection } from 'mongoose';
import { idMemo } from '../../shared/db';
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

/** Course documents are re-read at most this often per process (progress is a hot path). */
const COURSE_TTL_MS = 5_000;
const COURSE_CACHE_MAX = 500;

/**
 * Reads the catalog's collections directly; plain objects only. Single-course reads are cached
 * for a few seconds: a catalog edit (publish, archive, a new lesson) reaches enrolment within
 * COURSE_TTL_MS.
 */
export function createLearningCatalog(connection: Connection, now: () => number = Date.now): LearningCatalog {
  const Courses = courseModel(connection);
  const Definitions = credentialModel(connection);
  const cache = new Map<string, { at: number; course: Promise<Course | null> }>();
  const bySlug = idMemo('slug');
  const findCourse = (slug: string) => {
    const key = String(slug);
    const hit = cache.get(key);
    if (hit && now() - hit.at < COURSE_TTL_MS) return hit.course;
    if (cache.size >= COURSE_CACHE_MAX) cache.clear();
    const course = bySlug.find(key, (f) => Courses.findOne(f).lean<Course & { _id?: unknown }>().exec());
    cache.set(key, { at: now(), course });
    course.catch(() => cache.delete(key));
    return course;
  };
  return {
    findCourse,
    async findCourses(slugs) {
      // Through the same cache: "my learning" reads the learner's courses on every request.
      const found = await Promise.all([...new Set(slugs)].map(findCourse));
      return found.filter((c): c is Course => c !== null);
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
