import mongoose, { type Connection, type Model, type Schema } from 'mongoose';

export interface DatabaseOptions {
  readonly uri: string;
  readonly serverSelectionTimeoutMs: number;
  /** Overrides the database named in the URI (tests use one database per file). */
  readonly dbName?: string;
}

/**
 * Opens a mongoose connection. Commands are not buffered while disconnected: a request that
 * reaches an unreachable database fails within serverSelectionTimeoutMs and maps to 503,
 * and the driver reconnects on its own when the server returns.
 */
export async function connectDatabase(options: DatabaseOptions): Promise<Connection> {
  const connection = mongoose.createConnection(options.uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
    bufferCommands: false,
    autoIndex: true,
    autoCreate: true,
    ...(options.dbName ? { dbName: options.dbName } : {}),
  });
  await connection.asPromise();
  return connection;
}

/** Pings the database; resolves false instead of throwing, within `timeoutMs`. */
export async function pingDatabase(connection: Connection, timeoutMs: number): Promise<boolean> {
  const db = connection.db;
  if (!db) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.command({ ping: 1 }).then((r) => r.ok === 1), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Creates every registered model's collection and indexes (run at startup, before listening).
 * An index the schema now names differently (e.g. `roles_1` → `roles_1_multikey`, see
 * docs/database.md) is dropped first: the server refuses a second index on the same key.
 */
export async function syncIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) {
    // Models start init() (create collection and indexes) when they are compiled: on an old
    // database that one fails on the renamed index, so it is rebuilt after the drop.
    if (await dropRenamedIndexes(model)) {
      await model.init().catch(() => {});
      await model.createIndexes();
    } else {
      await model.init();
    }
  }
}

async function dropRenamedIndexes(model: Model<unknown>): Promise<boolean> {
  const named = model.schema
    .indexes()
    .map(([fields, options]) => ({ key: JSON.stringify(fields), name: (options as { name?: string }).name }))
    .filter((ix): ix is { key: string; name: string } => typeof ix.name === 'string');
  if (named.length === 0) return false;
  let existing: { name?: string; key: Record<string, unknown> }[];
  try {
    existing = await model.collection.listIndexes().toArray();
  } catch {
    return false; // the collection does not exist yet
  }
  let dropped = false;
  for (const ix of existing) {
    if (!ix.name || ix.name === '_id_') continue;
    const key = JSON.stringify(ix.key);
    if (named.some((want) => want.key === key && want.name !== ix.name)) {
      await model.collection.dropIndex(ix.name);
      dropped = true;
    }
  }
  return dropped;
}

/** Registers `schema` as model `name` on `connection` once, and returns that model. */
export function modelFor<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (
    (connection.models[name] as Model<T> | undefined) ??
    (connection.model<T>(name, schema) as unknown as Model<T>)
  );
}

/**
 * Remembers the `_id` of documents found by another unique key (a slug), so later reads ask
 * by `_id` too — an index lookup on MongoDB and on FerretDB, where a filter on any other field
 * reads the whole collection. `find(key, run)` calls `run({ _id, [field]: key })` when the id is
 * known (the key stays in the filter, so a stale id can only miss, never return another
 * document) and falls back to `run({ [field]: key })` on a miss. Bounded; per process.
 */
export function idMemo(field: string, maxEntries = 10_000) {
  const ids = new Map<string, unknown>();
  const remember = (key: string, doc: { _id?: unknown } | null | undefined) => {
    if (doc?._id === undefined) return;
    if (ids.size >= maxEntries) ids.clear();
    ids.set(key, doc._id);
  };
  return {
    remember,
    async find<R extends { _id?: unknown }>(
      key: string,
      run: (filter: Record<string, unknown>) => Promise<R | null>,
    ): Promise<R | null> {
      const id = ids.get(key);
      if (id !== undefined) {
        const hit = await run({ _id: id, [field]: key });
        if (hit) return hit;
        ids.delete(key);
      }
      const found = await run({ [field]: key });
      remember(key, found);
      return found;
    },
  };
}
