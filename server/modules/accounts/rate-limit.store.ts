import type { Options, Store } from 'express-rate-limit';
import type { Collection, Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';

/** Collection holding rate-limit counters, shared by every app process. */
export const RATE_LIMITS_COLLECTION = 'rate_limits';

interface CounterDoc {
  _id: string;
  key: string;
  hits: number;
  expiresAt: Date;
}

/**
 * An express-rate-limit store over MongoDB, so limits hold across processes. Fixed windows:
 * one document per key and window (`<prefix><key>:<window number>`), counted with an atomic
 * `$inc` upsert. Old windows are swept by a delete at most once per window per process
 * (FerretDB has no TTL index).
 */
export class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private lastSweep = 0;

  constructor(
    private readonly connection: Connection,
    readonly prefix: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Called by express-rate-limit with the limiter's options. */
  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<{ totalHits: number; resetTime: Date }> {
    const now = this.clock().getTime();
    const window = Math.floor(now / this.windowMs);
    const resetTime = new Date((window + 1) * this.windowMs);
    const filter = { _id: `${this.prefix}${key}:${window}` };
    const update = { $inc: { hits: 1 }, $setOnInsert: { key: this.prefix + key, expiresAt: resetTime } };
    const options = { upsert: true, returnDocument: 'after' as const };
    let doc: CounterDoc | null;
    try {
      doc = await this.collection().findOneAndUpdate(filter, update, options);
    } catch (err) {
      // Two processes upserting the same new counter: one insert wins, the other retries as an update.
      if (!isDuplicateKey(err)) throw err;
      doc = await this.collection().findOneAndUpdate(filter, update, options);
    }
    if (now - this.lastSweep > this.windowMs) {
      this.lastSweep = now;
      await this.sweep(new Date(now));
    }
    return { totalHits: doc?.hits ?? 1, resetTime };
  }

  async decrement(key: string): Promise<void> {
    const window = Math.floor(this.clock().getTime() / this.windowMs);
    await this.collection().updateOne(
      { _id: `${this.prefix}${key}:${window}`, hits: { $gt: 0 } },
      { $inc: { hits: -1 } },
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.collection().deleteMany({ key: this.prefix + key });
  }

  /** Deletes counters of windows that have ended. */
  async sweep(now: Date): Promise<number> {
    return (await this.collection().deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }

  private collection(): Collection<CounterDoc> {
    if (!this.connection.db) throw new Error('database not connected');
    return this.connection.db.collection<CounterDoc>(
      RATE_LIMITS_COLLECTION,
    ) as unknown as Collection<CounterDoc>;
  }
}
