import type { Options, Store } from 'express-rate-limit';
import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

/** Collection holding rate-limit hits, shared by every app process. */
export const RATE_LIMITS_COLLECTION = 'rate_limit_hits';

/** One counted request: a key (limiter prefix + client key) in one fixed window. */
interface HitDoc {
  key: string;
  window: number;
  expiresAt: Date;
}

const HitSchema = new Schema<HitDoc>(
  {
    key: { type: String, required: true },
    window: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: RATE_LIMITS_COLLECTION, versionKey: false },
);

// Indexes: (key, window) for counting; expiresAt for the sweep. Shard-key candidate: { key: 'hashed' }.
HitSchema.index({ key: 1, window: 1 });
HitSchema.index({ expiresAt: 1 });

function hitModel(connection: Connection): Model<HitDoc> {
  return modelFor(connection, 'RateLimitHit', HitSchema);
}

/**
 * An express-rate-limit store over MongoDB, so limits hold across processes. Fixed windows.
 * Each request inserts one hit document and then counts the hits of its key and window: inserts
 * are never lost, whereas FerretDB 1.24 applies `$inc` in its proxy and loses concurrent
 * increments (docs/database.md) — a burst of parallel guesses must not slip past a lockout.
 * Ended windows are swept by a delete at most once per window per process (no TTL index).
 */
export class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private lastSweep = 0;
  private readonly hits: Model<HitDoc>;

  constructor(
    connection: Connection,
    readonly prefix: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.hits = hitModel(connection);
  }

  /** Called by express-rate-limit with the limiter's options. */
  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<{ totalHits: number; resetTime: Date }> {
    const now = this.clock().getTime();
    const window = Math.floor(now / this.windowMs);
    const resetTime = new Date((window + 1) * this.windowMs);
    const full = this.prefix + key;
    await this.hits.create({ key: full, window, expiresAt: resetTime });
    const totalHits = await this.hits.countDocuments({ key: full, window });
    if (now - this.lastSweep > this.windowMs) {
      this.lastSweep = now;
      await this.sweep(new Date(now));
    }
    return { totalHits, resetTime };
  }

  async decrement(key: string): Promise<void> {
    const window = Math.floor(this.clock().getTime() / this.windowMs);
    await this.hits.findOneAndDelete({ key: this.prefix + key, window });
  }

  async resetKey(key: string): Promise<void> {
    await this.hits.deleteMany({ key: this.prefix + key });
  }

  /** Deletes hits of windows that have ended. */
  async sweep(now: Date): Promise<number> {
    return (await this.hits.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
