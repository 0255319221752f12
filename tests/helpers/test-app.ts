import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type Db, MongoClient } from 'mongodb';
import { type Config, loadConfig } from '../../server/config';
import { createRuntime, type Runtime } from '../../server/runtime';
import { createLogger, type Logger } from '../../server/shared/logger';
import { ResponseContract } from './contract';

export interface TestContext extends Runtime {
  readonly config: Config;
  /** The same database through a separate `mongodb` driver connection, for assertions. */
  readonly db: Db;
  readonly dbName: string;
}

export interface TestContextOptions {
  /** Another database server than the run's (e.g. one a fault test stops and restarts). */
  readonly uri?: string;
  readonly env?: Record<string, string>;
  readonly logger?: Logger;
  /** Check every response against the OpenAPI document (default on; see docs/api-contract.md). */
  readonly contract?: boolean;
}

/** The URI of the run's database server (see global-setup). */
export function testDatabaseUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (npm test)');
  return uri;
}

/** A unique database name for one test file. */
export function uniqueDbName(file: string): string {
  const base = path
    .basename(file)
    .replace(/\.test\.ts$/, '')
    .replace(/[^A-Za-z0-9]/g, '_');
  return `t_${base.slice(0, 30)}_${randomBytes(4).toString('hex')}`;
}

/** Builds the real runtime on a database of its own; close() drops that database. */
export async function createTestContext(
  file: string,
  options: TestContextOptions = {},
): Promise<TestContext> {
  const uri = options.uri ?? testDatabaseUri();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGODB_URI: uri, ...options.env });
  const dbName = uniqueDbName(file);
  const runtime = await createRuntime(config, options.logger ?? createLogger('silent'), dbName);
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 3000 }).connect();
  const db = client.db(dbName);
  const contract = options.contract === false ? undefined : new ResponseContract(runtime.app);
  contract?.install(runtime.app);
  return {
    ...runtime,
    config,
    db,
    dbName,
    async close() {
      await db.dropDatabase().catch(() => {});
      await client.close();
      await runtime.close();
      contract?.assertClean();
    },
  };
}

/** Another server process on the context's database (what a second process behind the load balancer is). */
export function anotherProcess(ctx: TestContext): Promise<Runtime> {
  return createRuntime(ctx.config, createLogger('silent'), ctx.dbName);
}
