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

/** Creates every registered model's collection and indexes (run at startup, before listening). */
export async function syncIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) {
    await model.init();
  }
}

/** Registers `schema` as model `name` on `connection` once, and returns that model. */
export function modelFor<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (
    (connection.models[name] as Model<T> | undefined) ??
    (connection.model<T>(name, schema) as unknown as Model<T>)
  );
}
