import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AUDIENCES, COURSE_FORMATS, LEVELS, TOPICS } from '../../../server/shared/vocabulary';

/**
 * Structural checks on the seed catalog in content/: every file is valid JSON with the fields and
 * vocabularies the loader expects, keys are unique, quizzes are answerable, credentials point at real
 * courses, and a language marked `reviewed` is really present in every translatable field.
 */
type Json = Record<string, unknown>;
type Text = Record<string, string>;

const CONTENT_DIR = path.join(__dirname, '../../../content');
const LANGUAGES = ['en', 'ar', 'ru', 'zh'];
const TRANSLATION_STATES = ['draft', 'reviewed', 'stale'];
const RESOURCE_TYPES = ['report', 'policy-brief', 'guide', 'teachers-manual', 'toolkit'];
const COLLECTIONS = ['e-library-for-teachers', 'eduhub-health-education'];
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_COURSE_BYTES = 60 * 1024;

function load(kind: string): { file: string; doc: Json }[] {
  const dir = path.join(CONTENT_DIR, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file: path.join(dir, file),
      doc: JSON.parse(readFileSync(path.join(dir, file), 'utf8')),
    }));
}

const courses = load('courses');
const resources = load('resources');
const credentials = load('credentials');
const courseSlugs = new Set(courses.map(({ doc }) => doc.slug));

/** Collects every translatable text field (an object of language → string) in a document. */
function translatable(node: unknown, found: Text[] = []): Text[] {
  if (Array.isArray(node)) {
    for (const item of node) translatable(item, found);
  } else if (node && typeof node === 'object') {
    const values = Object.entries(node);
    const isText =
      values.length > 0 && values.every(([k, v]) => LANGUAGES.includes(k) && typeof v === 'string');
    if (isText) found.push(node as Text);
    else for (const [, v] of values) translatable(v, found);
  }
  return found;
}

function expectText(value: unknown, source: string): void {
  expect(value).toEqual(expect.any(Object));
  const text = value as Text;
  expect(typeof text[source]).toBe('string');
  for (const v of Object.values(text)) expect(v.trim().length).toBeGreaterThan(0);
}

function expectCommon(file: string, doc: Json): void {
  expect(doc.slug).toMatch(SLUG);
  expect(path.basename(file, '.json')).toBe(doc.slug);
  expect(LANGUAGES).toContain(doc.sourceLanguage);
  expectText(doc.title, doc.sourceLanguage as string);
}

/** A language marked `reviewed` must be present in every translatable field; the source always is. */
function expectHonestStatus(doc: Json): void {
  const status = doc.translationStatus as Text;
  for (const state of Object.values(status)) expect(TRANSLATION_STATES).toContain(state);
  expect(status[doc.sourceLanguage as string]).toBe('reviewed');
  const reviewed = Object.keys(status).filter((lng) => status[lng] === 'reviewed');
  for (const field of translatable(doc))
    for (const lng of reviewed) expect(Object.keys(field)).toContain(lng);
}

function expectUnique(keys: unknown[]): void {
  expect(new Set(keys).size).toBe(keys.length);
}

function expectQuiz(lesson: Json, source: string): void {
  expect(lesson.passingScore).toEqual(expect.any(Number));
  expect(lesson.maxAttempts).toEqual(expect.any(Number));
  const questions = lesson.questions as Json[];
  expect(questions.length).toBeGreaterThanOrEqual(3);
  expect(questions.length).toBeLessThanOrEqual(4);
  expectUnique(questions.map((q) => q.key));
  for (const question of questions) {
    expect(['single', 'multiple']).toContain(question.type);
    expectText(question.prompt, source);
    const options = question.options as Json[];
    expectUnique(options.map((o) => o.key));
    const correct = options.filter((o) => o.correct === true).length;
    expect(correct).toBeGreaterThanOrEqual(1);
    if (question.type === 'single') expect(correct).toBe(1);
    for (const option of options) expectText(option.text, source);
  }
}

function expectLesson(lesson: Json, source: string): void {
  expectText(lesson.title, source);
  expect(typeof lesson.required).toBe('boolean');
  if (lesson.kind === 'text') expectText(lesson.body, source);
  else if (lesson.kind === 'link') expect(lesson.url).toMatch(/^https:\/\/[^\s]+$/);
  else if (lesson.kind === 'quiz') expectQuiz(lesson, source);
  else throw new Error(`unknown lesson kind ${String(lesson.kind)}`);
}

describe('seed content files', () => {
  it('holds at least 12 courses, 8 resources and 5 credentials with unique slugs', () => {
    expect(courses.length).toBeGreaterThanOrEqual(12);
    expect(resources.length).toBeGreaterThanOrEqual(8);
    expect(credentials.length).toBeGreaterThanOrEqual(5);
    for (const set of [courses, resources, credentials]) expectUnique(set.map(({ doc }) => doc.slug));
  });

  it('keeps deliberate translation gaps so fallback and the translators’ worklist are exercised', () => {
    const marked = (state: string) =>
      courses.filter(({ doc }) => Object.values(doc.translationStatus as Text).includes(state)).length;
    const missing = (set: typeof courses, lng: string) =>
      set.filter(({ doc }) => translatable(doc).some((field) => !(lng in field))).length;
    expect(marked('stale')).toBeGreaterThanOrEqual(2);
    expect(missing(courses, 'ar') + missing(courses, 'zh')).toBeGreaterThanOrEqual(3);
    expect(missing(resources, 'ar')).toBeGreaterThanOrEqual(1);
    expect(courses.some(({ doc }) => doc.sourceLanguage !== 'en')).toBe(true);
  });

  it.each(courses.map(({ file, doc }) => [path.basename(file), file, doc] as const))(
    'course %s is well-formed',
    (_name, file, doc) => {
      expectCommon(file, doc);
      const source = doc.sourceLanguage as string;
      expect(statSync(file).size).toBeLessThan(MAX_COURSE_BYTES);
      expect(COLLECTIONS).toContain(doc.collection);
      for (const a of doc.audiences as string[]) expect(AUDIENCES).toContain(a);
      for (const t of doc.topics as string[]) expect(TOPICS).toContain(t);
      expect(LEVELS).toContain(doc.level);
      expect(COURSE_FORMATS).toContain(doc.format);
      expect(['draft', 'published']).toContain(doc.state);
      expect(doc.estimatedHours).toEqual(expect.any(Number));
      expectText(doc.summary, source);
      expectText(doc.description, source);
      expectHonestStatus(doc);
      const modules = doc.modules as Json[];
      expect(modules.length).toBeGreaterThanOrEqual(1);
      expect(modules.length).toBeLessThanOrEqual(3);
      expectUnique(modules.map((m) => m.key));
      const lessons = modules.flatMap((m) => m.lessons as Json[]);
      expectUnique(lessons.map((l) => l.key));
      for (const m of modules) expectText(m.title, source);
      for (const lesson of lessons) expectLesson(lesson, source);
      expect(lessons.some((l) => l.kind === 'text')).toBe(true);
      expect(lessons.some((l) => l.kind === 'quiz')).toBe(true);
    },
  );

  it.each(resources.map(({ file, doc }) => [path.basename(file), file, doc] as const))(
    'resource %s is well-formed',
    (_name, file, doc) => {
      expectCommon(file, doc);
      expect(RESOURCE_TYPES).toContain(doc.type);
      expect(doc.year).toBeGreaterThanOrEqual(2019);
      expect(doc.year).toBeLessThanOrEqual(2026);
      expect((doc.authors as string[]).length).toBeGreaterThan(0);
      for (const t of doc.topics as string[]) expect(TOPICS).toContain(t);
      expectText(doc.abstract, doc.sourceLanguage as string);
      expectHonestStatus(doc);
    },
  );

  it.each(credentials.map(({ file, doc }) => [path.basename(file), file, doc] as const))(
    'credential %s is well-formed and requires existing courses',
    (_name, file, doc) => {
      expectCommon(file, doc);
      const source = doc.sourceLanguage as string;
      expectText(doc.description, source);
      expectText(doc.criteria, source);
      const required = doc.requiredCourses as string[];
      expect(required.length).toBeGreaterThan(0);
      expectUnique(required);
      for (const slug of required) expect(courseSlugs).toContain(slug);
      if (doc.minimumQuizScore !== null) expect(doc.minimumQuizScore).toEqual(expect.any(Number));
      expect(doc.issuer).toEqual({ name: expect.any(String), url: expect.stringMatching(/^https:\/\//) });
    },
  );
});
