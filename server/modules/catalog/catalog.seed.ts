import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { canonicalTag, localizedText, Slug, TranslationStatusMap } from './catalog.schemas';
import type { Catalog } from './catalog.wiring';
import type { CollectionInput, CollectionRepository } from './collection.repository';
import type { ContentChanges, ContentRepository, NewContent } from './content.repository';
import { initialStatus } from './content.service';
import type { ContentBase } from './content.types';
import { buildOutline } from './course.outline';
import { CreateCourseBody, type ModuleInput } from './course.schemas';
import { CreateCredentialBody } from './credential.schemas';
import { CreateResourceBody } from './resource.schemas';
import { normalizeStatus, reviewedLanguages } from './translation';

const seedState = {
  state: z.enum(['draft', 'published']).default('published'),
  translationStatus: TranslationStatusMap.optional(),
};
const CourseSeed = CreateCourseBody.extend(seedState);
const ResourceSeed = CreateResourceBody.extend(seedState);
const CredentialSeed = CreateCredentialBody.extend(seedState);
const CollectionsSeed = z.array(
  z.strictObject({
    slug: Slug,
    sourceLanguage: z.string().transform(canonicalTag),
    title: localizedText(300),
    description: localizedText(2000),
  }),
);

type Outcome = 'created' | 'updated' | 'unchanged';
export type SeedCounts = Record<'courses' | 'resources' | 'credentials', Record<Outcome, number>> & {
  collections: number;
};

/** Reads and validates one JSON file; a bad file fails with its name and every issue. */
function readJson<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: invalid content\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** JSON with sorted keys, so stored and seeded values compare regardless of key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Inserts or, when its content changed, updates one item by slug (version-checked). */
async function upsert<T extends ContentBase>(
  repo: ContentRepository<T>,
  doc: NewContent<T>,
  now: Date,
): Promise<Outcome> {
  const existing = await repo.findBySlug(doc.slug);
  const publishedAt = doc.state === 'published' ? (existing?.publishedAt ?? now) : null;
  const full = { ...doc, publishedAt, authorId: existing?.authorId ?? null } as NewContent<T>;
  if (!existing) {
    await repo.insert(full);
    return 'created';
  }
  const { slug, ...changes } = full as NewContent<T> & { slug: string };
  const same = Object.keys(changes).every(
    (k) => stableJson(changes[k as keyof typeof changes]) === stableJson(existing[k as keyof T]),
  );
  if (same) return 'unchanged';
  await repo.update(slug, existing.version, changes as unknown as ContentChanges<T>);
  return 'updated';
}

/** Status as given (source forced to reviewed), or derived from which titles exist. */
function statusOf(item: {
  title: Record<string, string>;
  sourceLanguage: string;
  translationStatus?: Record<string, 'draft' | 'reviewed' | 'stale'> | undefined;
}) {
  const status = item.translationStatus
    ? normalizeStatus(item.translationStatus, item.sourceLanguage)
    : initialStatus(item.title, item.sourceLanguage);
  return { translationStatus: status, reviewedLanguages: reviewedLanguages(status, item.sourceLanguage) };
}

/** Seeded modules and lessons get positional keys when they have none (stable across runs). */
function withKeys(modules: ModuleInput[]): ModuleInput[] {
  return modules.map((m, i) => ({
    ...m,
    key: m.key ?? `m${i + 1}`,
    lessons: m.lessons.map((l, j) => ({ ...l, key: l.key ?? `m${i + 1}-l${j + 1}` })),
  }));
}

async function seedCollections(dir: string, collections: CollectionRepository): Promise<CollectionInput[]> {
  const file = path.join(dir, 'collections.json');
  if (!existsSync(file)) return collections.list();
  const items = readJson(file, CollectionsSeed);
  for (const c of items) await collections.upsert(c);
  return items;
}

/**
 * Loads a content directory (collections.json, courses/, resources/, credentials/) into the
 * catalog, idempotently: upserts by slug and leaves unchanged items (and their versions) alone.
 */
export async function seedCatalog(
  catalog: Catalog,
  collections: CollectionRepository,
  dir: string,
  now: Date = new Date(),
): Promise<SeedCounts> {
  const zero = () => ({ created: 0, updated: 0, unchanged: 0 });
  const counts: SeedCounts = { collections: 0, courses: zero(), resources: zero(), credentials: zero() };
  const known = new Set((await seedCollections(dir, collections)).map((c) => c.slug));
  counts.collections = known.size;
  const { courses, resources, credentials } = catalog.repositories;
  const courseSlugs = new Set((await courses.find({}, { exclude: ['modules'] })).map((c) => c.slug));
  for (const file of jsonFiles(path.join(dir, 'courses'))) {
    const { translationStatus, ...c } = readJson(file, CourseSeed);
    if (c.collection && !known.has(c.collection))
      throw new Error(`${file}: unknown collection "${c.collection}"`);
    const doc = {
      ...c,
      modules: buildOutline(withKeys(c.modules)),
      ...statusOf({ ...c, translationStatus }),
    };
    counts.courses[await upsert(courses, doc as never, now)]++;
    courseSlugs.add(c.slug);
  }
  for (const file of jsonFiles(path.join(dir, 'resources'))) {
    const { translationStatus, ...r } = readJson(file, ResourceSeed);
    counts.resources[
      await upsert(resources, { ...r, ...statusOf({ ...r, translationStatus }) } as never, now)
    ]++;
  }
  for (const file of jsonFiles(path.join(dir, 'credentials'))) {
    const { translationStatus, ...c } = readJson(file, CredentialSeed);
    const unknown = c.requiredCourses.filter((s) => !courseSlugs.has(s));
    if (unknown.length > 0) throw new Error(`${file}: unknown required course(s): ${unknown.join(', ')}`);
    counts.credentials[
      await upsert(credentials, { ...c, ...statusOf({ ...c, translationStatus }) } as never, now)
    ]++;
  }
  catalog.cache.clear();
  return counts;
}
