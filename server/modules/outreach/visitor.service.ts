import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isbot } from 'isbot';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { dayBucket } from './buckets';
import type { SaltDoc } from './stats.model';
import type { StatsService } from './stats.service';

/** What the beacon route knows about a page view; the IP is used here and never stored. */
export interface PageviewInput {
  readonly path: string;
  readonly language?: string | undefined;
  readonly ip: string | undefined;
  readonly userAgent: string | undefined;
  /** Do-Not-Track or Global Privacy Control was sent. */
  readonly optOut: boolean;
}

export type PageviewOutcome = 'recorded' | 'opted-out' | 'bot';

export interface VisitorService {
  /** Counts a page view and the day's unique visitor, unless opted out or a bot. */
  record(input: PageviewInput): Promise<PageviewOutcome>;
}

type CountryLookup = (ip: string) => string | null;

let geoip: CountryLookup | undefined;
/** Country from geoip-lite's bundled database, loaded on first use (it takes ~110 MB). */
function geoipCountry(ip: string): string | null {
  if (!geoip) {
    const { lookup } = require('geoip-lite') as typeof import('geoip-lite');
    geoip = (address) => lookup(address)?.country || null;
  }
  return geoip(ip);
}

/** Page views and unique visitors per day, with a salt that rotates daily and is then deleted. */
export function createVisitorService(deps: {
  events: StatsService;
  salts: Model<SaltDoc>;
  timezone: string;
  clock?: () => Date;
  country?: CountryLookup;
}): VisitorService {
  const clock = deps.clock ?? (() => new Date());
  const country = deps.country ?? geoipCountry;
  const cache = new Map<string, string>();

  async function saltFor(day: string): Promise<string> {
    const cached = cache.get(day);
    if (cached) return cached;
    let doc: SaltDoc | null = null;
    try {
      doc = await deps.salts
        .findOneAndUpdate(
          { _id: day },
          { $setOnInsert: { salt: randomBytes(32).toString('base64') } },
          { upsert: true, new: true },
        )
        .lean<SaltDoc>();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      doc = await deps.salts.findById(day).lean<SaltDoc>();
    }
    if (!doc) throw new Error(`visitor salt for ${day} missing`);
    cache.clear();
    cache.set(day, doc.salt);
    // Yesterday's salt is gone once today's exists: old visitor hashes can no longer be linked.
    await deps.salts.deleteMany({ _id: { $lt: day } });
    return doc.salt;
  }

  return {
    async record(input) {
      if (input.optOut) return 'opted-out';
      if (!input.userAgent || isbot(input.userAgent)) return 'bot';
      const now = clock();
      const day = dayBucket(now, deps.timezone);
      const ip = input.ip ?? '';
      const visitor = createHash('sha256')
        .update(`${await saltFor(day)}|${ip}|${input.userAgent}`)
        .digest('base64url')
        .slice(0, 22);
      await deps.events.recordEvent({
        id: `pageview:${randomUUID()}`,
        type: 'pageview',
        occurredAt: now,
        userKey: `v:${visitor}`,
        country: ip ? country(ip) : null,
        language: input.language ?? null,
        path: input.path.replace(/[?#].*$/, ''),
      });
      return 'recorded';
    },
  };
}
