import { type Db, MongoClient, ObjectId } from 'mongodb';
import type { Schema } from 'mongoose';
import { loadConfig } from '../../server/config';
import { createRuntime } from '../../server/runtime';
import { createLogger } from '../../server/shared/logger';
import { createTestContext, type TestContext, testDatabaseUri, uniqueDbName } from '../helpers/test-app';

/**
 * The patched FerretDB (scripts/ferretdb/patches.cjs) pushes string / ObjectId equality on
 * indexed top-level fields down to SQLite. A pushed-down condition may only narrow what the
 * handlers re-filter, never drop a match: these tests check the answers against what MongoDB
 * answers (they pass on a real mongod too) and, on FerretDB, that SQLite uses the index.
 * The rule that makes this safe: a field that may hold an array is indexed under a name containing
 * "multikey" (never pushed down) — checked over every model at the end.
 */
let client: MongoClient;
let db: Db;
let ferret = false;

const odd = 'x<&>"\\\' عربي 中文 ё';
const oid = new ObjectId();

beforeAll(async () => {
  client = await new MongoClient(testDatabaseUri(), { serverSelectionTimeoutMS: 3000 }).connect();
  db = client.db(uniqueDbName(__filename));
  const info = await db.admin().command({ buildInfo: 1 });
  ferret = 'ferretdbVersion' in info;
  const c = db.collection('things');
  await c.createIndex({ userId: 1 });
  await c.createIndex({ courseSlug: 1, userId: 1 }, { unique: true });
  await c.createIndex({ ref: 1 });
  await c.createIndex({ tags: 1 }, { name: 'tags_1_multikey' });
  await c.insertMany([
    { _id: 'a' as never, userId: 'u1', courseSlug: 'c1', tags: ['red', 'blue'], ref: oid, n: 1 },
    { _id: 'b' as never, userId: 'u1', courseSlug: 'c2', tags: 'red', n: 2 },
    { _id: 'c' as never, userId: 'u2', courseSlug: 'c1', tags: [], n: 3 },
    { _id: 'd' as never, userId: odd, courseSlug: 'c1', tags: ['blue'], n: 4 },
    { _id: 'f' as never, courseSlug: 'c4', ref: oid.toHexString(), n: 6 },
  ]);
});

afterAll(async () => {
  await db.dropDatabase().catch(() => {});
  await client.close();
});

const ids = async (filter: object) =>
  (await db.collection('things').find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);

describe('filters on indexed fields', () => {
  it('answers equality, $eq, $in and $and as MongoDB does', async () => {
    expect(await ids({ userId: 'u1' })).toEqual(['a', 'b']);
    expect(await ids({ userId: { $eq: 'u2' } })).toEqual(['c']);
    expect(await ids({ userId: { $in: ['u2', odd, 'nobody'] } })).toEqual(['c', 'd']);
    expect(await ids({ $and: [{ courseSlug: 'c1' }, { userId: 'u1' }] })).toEqual(['a']);
    expect(await ids({ courseSlug: 'c1', userId: 'u1', n: { $gt: 1 } })).toEqual([]);
    expect(await ids({ courseSlug: 'c1', n: { $gte: 3 } })).toEqual(['c', 'd']);
    expect(await ids({ userId: odd })).toEqual(['d']);
  });

  it('matches ObjectIds by type, not by their hex text', async () => {
    expect(await ids({ ref: oid })).toEqual(['a']);
    expect(await ids({ ref: oid.toHexString() })).toEqual(['f']);
  });

  it('finds array members of a field whose index is named multikey', async () => {
    expect(await ids({ tags: 'red' })).toEqual(['a', 'b']);
    expect(await ids({ tags: { $in: ['blue'] } })).toEqual(['a', 'd']);
  });

  it('updates, counts and deletes what the filter matches, nothing else', async () => {
    const c = db.collection('things');
    expect(await c.countDocuments({ userId: 'u1' })).toBe(2);
    const updated = await c.updateMany({ userId: 'u1', courseSlug: { $ne: 'c3' } }, { $set: { seen: true } });
    expect(updated.modifiedCount).toBe(2);
    expect(await ids({ seen: true })).toEqual(['a', 'b']);
    const found = await c.findOneAndUpdate({ userId: odd }, { $inc: { n: 10 } }, { returnDocument: 'after' });
    expect(found?.n).toBe(14);
    expect((await c.deleteMany({ courseSlug: { $in: ['c2', 'c4'] } })).deletedCount).toBe(2);
    expect(await ids({})).toEqual(['a', 'c', 'd']);
  });

  it('on FerretDB, SQLite uses the index for them and not for a multikey field', async () => {
    if (!ferret) return; // MongoDB plans its own queries
    const plan = async (filter: object) => {
      const e = (await db.collection('things').find(filter).explain()) as Record<string, unknown>;
      return { pushdown: e.filterPushdown, plan: JSON.stringify(e.queryPlanner) };
    };
    const byUser = await plan({ userId: 'u2', n: { $gt: 0 } });
    expect(byUser.pushdown).toBe(true);
    expect(byUser.plan).toMatch(/USING INDEX/);
    const both = await plan({ $and: [{ courseSlug: 'c1' }, { userId: 'u2' }] });
    expect(both.plan).toMatch(/USING INDEX .*courseSlug_1_userId_1/);
    expect((await plan({ tags: 'red' })).pushdown).toBe(false);
    expect((await plan({ n: 3 })).pushdown).toBe(false);
  });
});

describe('prefix ranges on strings', () => {
  // An enrolment's progress records are the `_id`s "<enrolment>:<key>": the range "e1:" … "e1;".
  const stored = [
    'e1:',
    'e1:a',
    'e1: space',
    'e1:<&>',
    'e1:"q"',
    'e1:\\',
    'e1:ё中',
    'e1:\u2028',
    'e1;',
    'e1',
    'e10:a',
    'e0:z',
  ];
  const records = () => db.collection<{ _id: string; k: string }>('records');
  beforeAll(async () => {
    await records().createIndex({ k: 1 });
    await records().insertMany(stored.map((id) => ({ _id: id, k: id })));
    await db.collection('records').insertOne({ _id: new ObjectId(), k: 42 } as never);
  });
  const expected = (low: (s: string) => boolean) => stored.filter((s) => low(s) && s < 'e1;').sort();
  const found = async (filter: object) => (await records().find(filter).toArray()).map((d) => d._id).sort();

  it('answers $gt/$gte … $lt on _id and on an indexed field as MongoDB does', async () => {
    const gt = expected((s) => s > 'e1:');
    expect(gt).toHaveLength(7);
    expect(await found({ _id: { $gt: 'e1:', $lt: 'e1;' } })).toEqual(gt);
    expect(await found({ _id: { $gte: 'e1:', $lt: 'e1;' } })).toEqual(expected((s) => s >= 'e1:'));
    expect(await found({ k: { $gt: 'e1:', $lt: 'e1;' } })).toEqual(gt);
    expect(await found({ $and: [{ _id: { $gt: 'e1:', $lt: 'e1;' } }, { k: { $ne: 'e1:a' } }] })).toEqual(
      gt.filter((s) => s !== 'e1:a'),
    );
    // Not prefix ranges: answered by a scan, still right.
    expect(await found({ _id: { $gt: 'e1', $lt: 'e1;' } })).toEqual(expected((s) => s > 'e1'));
    expect(await found({ _id: { $gte: 'e1: ', $lt: 'e1:z' } })).toEqual(
      stored.filter((s) => s >= 'e1: ' && s < 'e1:z').sort(),
    );
  });

  it('on FerretDB, pushes only prefix ranges of plain characters down to the index', async () => {
    if (!ferret) return;
    const plan = async (filter: object) => {
      const e = (await records().find(filter).explain()) as Record<string, unknown>;
      return { pushdown: e.filterPushdown, plan: JSON.stringify(e.queryPlanner) };
    };
    const prefix = await plan({ _id: { $gt: 'e1:', $lt: 'e1;' } });
    expect(prefix.pushdown).toBe(true);
    expect(prefix.plan).toMatch(/USING INDEX/);
    expect((await plan({ k: { $gte: 'e1:', $lt: 'e1;' } })).plan).toMatch(/USING INDEX \w*_k_1 /);
    expect((await plan({ _id: { $gt: 'e1', $lt: 'e1:z' } })).pushdown).toBe(false);
    expect((await plan({ _id: { $gt: 'e1<', $lt: 'e1=' } })).pushdown).toBe(false);
  });
});

describe('the multikey naming rule', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(__filename);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('names every index on an array or untyped field multikey', () => {
    const models = Object.values(ctx.connection.models);
    expect(models.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const model of models) {
      const schema = model.schema as Schema;
      for (const [fields, options] of schema.indexes()) {
        const name = String((options as { name?: string }).name ?? '');
        for (const field of Object.keys(fields)) {
          const type = schema.path(field.split('.')[0] as string)?.instance;
          const scalar = ['String', 'ObjectId', 'Date', 'Number', 'Boolean'].includes(String(type));
          if (!scalar && !/multikey/i.test(name)) wrong.push(`${model.collection.name}.${field} (${type})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('renames an index at startup when the schema names it differently, keeping the data', async () => {
    const dbName = uniqueDbName(__filename);
    const users = client.db(dbName).collection('users');
    await users.createIndex({ roles: 1 }); // the name before the multikey rule: roles_1
    await users.insertOne({ email: 'renamed-index@example.test', roles: ['staff'] });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGODB_URI: testDatabaseUri() });
    const runtime = await createRuntime(config, createLogger('silent'), dbName);
    try {
      const names = (await users.listIndexes().toArray()).map((ix) => ix.name);
      expect(names).toContain('roles_1_multikey');
      expect(names).not.toContain('roles_1');
      expect(await users.countDocuments({ email: 'renamed-index@example.test', roles: 'staff' })).toBe(1);
    } finally {
      await runtime.close();
      await client.db(dbName).dropDatabase();
    }
  });
});
