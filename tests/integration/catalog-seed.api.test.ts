import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { CONTENT_DIR, needsSeed, seedContent } from '../../scripts/seed';
import { seedCatalog } from '../../server/modules/catalog/catalog.seed';
import { createTestContext, type TestContext } from '../helpers/test-app';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'content');
let ctx: TestContext;
let tmp: string;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'catalog-seed-'));
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await ctx.close();
});

const seed = (dir: string) => seedCatalog(ctx.services.catalog, ctx.services.repositories.collections, dir);

describe('seeding the shipped content/', () => {
  it('loads every course, resource and credential, then is idempotent', async () => {
    expect(await needsSeed(ctx.services)).toBe(true);
    const first = await seedContent(ctx.services);
    expect(first.courses.created).toBeGreaterThanOrEqual(12);
    expect(first.resources.created).toBeGreaterThanOrEqual(8);
    expect(first.credentials.created).toBeGreaterThanOrEqual(5);
    expect(await needsSeed(ctx.services)).toBe(false);
    const versions = await ctx.db
      .collection('courses')
      .find({}, { projection: { slug: 1, version: 1 } })
      .toArray();

    const second = await seedContent(ctx.services, CONTENT_DIR);
    expect(second.courses).toEqual({ created: 0, updated: 0, unchanged: first.courses.created });
    expect(second.resources.unchanged).toBe(first.resources.created);
    expect(second.credentials.unchanged).toBe(first.credentials.created);
    const after = await ctx.db
      .collection('courses')
      .find({}, { projection: { slug: 1, version: 1 } })
      .toArray();
    expect(after).toEqual(versions);
  });

  it('serves the seeded catalog in all four languages, with the deliberate gaps in the worklist', async () => {
    for (const lang of ['en', 'ar', 'ru', 'zh']) {
      const { body } = await request(ctx.app).get(`/api/courses?lang=${lang}&pageSize=100`).expect(200);
      expect(body.pagination.total).toBeGreaterThanOrEqual(12);
      for (const item of body.data.items) expect(item.title).toEqual(expect.any(String));
    }
    const staff = { userId: 'staff', roles: ['staff' as const], via: 'token' as const };
    const gaps = await ctx.services.catalog.worklist.list(staff, 'zh', { page: 1, pageSize: 500 });
    const gapsRu = await ctx.services.catalog.worklist.list(staff, 'ru', { page: 1, pageSize: 500 });
    expect(gaps.total + gapsRu.total).toBeGreaterThan(0);
  });
});

describe('the loader', () => {
  it('updates a changed item and bumps its version', async () => {
    const dir = path.join(tmp, 'changed');
    cpSync(FIXTURES, dir, { recursive: true });
    await seed(dir);
    const before = await ctx.db.collection('courses').findOne({ slug: 'fixture-healthy-schools' });
    const file = path.join(dir, 'courses', 'fixture-healthy-schools.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.estimatedHours = 3;
    writeFileSync(file, JSON.stringify(json));
    const counts = await seed(dir);
    expect(counts.courses).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(await ctx.db.collection('courses').findOne({ slug: 'fixture-healthy-schools' })).toMatchObject({
      estimatedHours: 3,
      version: 2,
      searchVersion: expect.any(Number),
    });
    const after = await ctx.db.collection('courses').findOne({ slug: 'fixture-healthy-schools' });
    expect(after?.searchVersion).toBeGreaterThan(before?.searchVersion);
  });

  it('fails loudly with the file name on a bad file', async () => {
    const dir = path.join(tmp, 'bad');
    cpSync(FIXTURES, dir, { recursive: true });
    const file = path.join(dir, 'courses', 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({ slug: 'Broken Slug', sourceLanguage: 'en', title: { en: 'x' }, level: 'expert' }),
    );
    await expect(seed(dir)).rejects.toThrow(/broken\.json: invalid content[\s\S]*slug[\s\S]*level/);
    writeFileSync(file, '{ not json');
    await expect(seed(dir)).rejects.toThrow(/broken\.json: not valid JSON/);
  });

  it('rejects a credential that requires an unknown course', async () => {
    const dir = path.join(tmp, 'cred');
    cpSync(FIXTURES, dir, { recursive: true });
    const file = path.join(dir, 'credentials', 'fixture-inclusive-classroom.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.requiredCourses = ['no-such-course'];
    writeFileSync(file, JSON.stringify(json));
    await expect(seed(dir)).rejects.toThrow(
      /fixture-inclusive-classroom\.json: unknown required course\(s\): no-such-course/,
    );
  });
});

describe('the search feed', () => {
  it('lists changes after a watermark across kinds, oldest first, flagging unpublished items', async () => {
    const all = await ctx.services.catalog.searchFeed.listChangedSince(0, 1000);
    expect(all.length).toBeGreaterThanOrEqual(25);
    const versions = all.map((c) => c.searchVersion);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(all.map((c) => c.kind))).toEqual(new Set(['course', 'resource', 'credential']));
    const last = versions[versions.length - 1] ?? 0;
    expect(await ctx.services.catalog.searchFeed.listChangedSince(last, 10)).toEqual([]);
    const repoPage = await ctx.services.catalog.repositories.courses.listChangedSince(0, 2);
    expect(repoPage).toHaveLength(2);
    expect(repoPage[0]).toMatchObject({
      slug: expect.any(String),
      searchVersion: expect.any(Number),
      state: 'published',
    });
  });
});
