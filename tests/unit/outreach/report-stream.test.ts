import type { TFunction } from 'i18next';
import { presentReport } from '../../../server/modules/outreach/outreach.presenter';
import type { RawRow } from '../../../server/modules/outreach/report.fold';
import type { ReportQuery } from '../../../server/modules/outreach/report.query';
import type { RawReport, ReportService } from '../../../server/modules/outreach/report.service';
import { streamReport } from '../../../server/modules/outreach/report.stream';

/** A seeded PRNG, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const q: ReportQuery = {
  metrics: ['enrolments', 'completions', 'completionRate'],
  by: ['country'],
  period: 'day',
  from: '2025-01-01',
  to: '2025-01-31',
  filters: {},
};
const options = { k: 5, timezone: 'UTC', locale: 'en', t: ((key: string) => key) as unknown as TFunction };

/** A report service that serves `report` in chunks of `size` rows, as the cell scan does (or says it built them in memory). */
function chunked(report: RawReport, size: number, streamed: boolean): ReportService {
  return {
    breakdown: async () => report,
    scan: () => ({
      totals: report.totals,
      streamed,
      chunks: (async function* () {
        for (let i = 0; i < report.rows.length; i += size) yield report.rows.slice(i, i + size);
      })(),
    }),
  };
}

describe('streamReport: the two-pass export equals the in-memory presentation', () => {
  let withheld = 0;
  afterAll(() => {
    // The random tables must have exercised complementary suppression, not only primary.
    expect(withheld).toBeGreaterThan(0);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'random table %i: same cells, markers, withheld cells and totals',
    async (seed) => {
      const random = rng(seed);
      const rows: RawRow[] = [];
      const countries = ['RU', 'KZ', 'UZ', 'CN', 'EG', null];
      for (let day = 1; day <= 1 + Math.floor(random() * 20); day++)
        for (const country of countries) {
          if (random() < 0.3) continue;
          const enrolments = Math.floor(random() * (random() < 0.5 ? 6 : 40));
          rows.push({
            period: `2025-01-${String(day).padStart(2, '0')}`,
            keys: { country },
            values: { enrolments, completions: Math.floor(enrolments * random()) },
          });
        }
      const sum = (m: string) => rows.reduce((s, r) => s + (r.values[m] ?? 0), 0);
      const report: RawReport = {
        rows,
        totals: { enrolments: sum('enrolments'), completions: sum('completions') },
      };
      const expected = presentReport(q, report, options);
      const streamed = await streamReport(
        chunked(report, 1 + Math.floor(random() * 7), seed % 2 === 0),
        q,
        options,
      );
      const got = [];
      for await (const row of streamed.rows) got.push(row);
      expect(streamed.rowCount).toBe(rows.length);
      expect(got).toEqual(expected.rows);
      expect(streamed.totals).toEqual(expected.totals);
      withheld += got.filter((r) => Object.values(r.values).includes('x')).length;
    },
  );
});
