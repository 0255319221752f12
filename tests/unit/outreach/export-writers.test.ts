import { Writable } from 'node:stream';
import type { TFunction } from 'i18next';
import {
  ExportAborted,
  type ExportReport,
  writeCsv,
  writeJson,
  writeXlsx,
} from '../../../server/modules/outreach/outreach.export';
import type { PresentedRow } from '../../../server/modules/outreach/outreach.presenter';

/**
 * The export writers hand the response few large pieces (a row per write kept rows alive across
 * awaits: docs/outreach.md § Benchmark), wait for drains, and stop once the client is gone.
 */
const t = ((key: string) => key) as unknown as TFunction;
const ROWS = 20_000;
jest.setTimeout(20_000);

function rows(): PresentedRow[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    period: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
    dims: { country: { code: `C${i}`, label: `Country, "${i}"` } },
    values: { enrolments: i % 7 === 1 ? '<5' : i },
  }));
}

function report(batched: boolean): ExportReport {
  const all = rows();
  return {
    query: {
      metrics: ['enrolments'],
      by: ['country'],
      period: 'day',
      from: '2025-01-01',
      to: '2025-01-28',
      filters: {},
    },
    timezone: 'UTC',
    suppression: { k: 5, marker: '<5' },
    totals: { enrolments: 123 },
    rows: all,
    ...(batched
      ? {
          batches: (async function* () {
            for (let i = 0; i < all.length; i += 700) yield all.slice(i, i + 700);
          })(),
        }
      : {}),
  } as ExportReport;
}

/** A sink that keeps every write, slow to drain (highWaterMark 16 KiB, a macrotask per write). */
function sink(): { out: Writable; writes: string[]; text: () => string } {
  const writes: string[] = [];
  const out = new Writable({
    decodeStrings: false,
    write(chunk: string, _enc, done) {
      writes.push(chunk);
      setImmediate(done);
    },
  });
  return { out, writes, text: () => writes.join('') };
}

describe('export writers', () => {
  it.each([true, false])('CSV (batches given: %s): every row, in pieces of ~64 KiB', async (batched) => {
    const { out, writes, text } = sink();
    await writeCsv(out, report(batched), t);
    const lines = text().split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFoutreach:periods.day,outreach:export.code,outreach:dimensions.country,outreach:metrics.enrolments',
    );
    expect(lines[1]).toBe('2025-01-01,C0,"Country, ""0""",0');
    expect(lines[ROWS]).toBe(
      `2025-01-${String(((ROWS - 1) % 28) + 1).padStart(2, '0')},C${ROWS - 1},"Country, ""${ROWS - 1}""",${ROWS - 1}`,
    );
    expect(lines[ROWS + 1]).toBe('outreach:export.total,,,123');
    expect(lines).toHaveLength(ROWS + 3);
    // ~1 MiB of CSV: a handful of writes, all but the last at least 64 Ki characters.
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(text().length / (64 * 1024)) + 1);
    for (const w of writes.slice(0, -1)) expect(w.length).toBeGreaterThanOrEqual(64 * 1024);
  });

  it('JSON: one document with every row, in pieces of ~64 KiB', async () => {
    const { out, writes, text } = sink();
    const r = report(true);
    await writeJson(out, r);
    const doc = JSON.parse(text());
    expect(doc.data.rows).toEqual(rows());
    expect(doc.data.totals).toEqual({ enrolments: 123 });
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(text().length / (64 * 1024)) + 1);
  });

  it.each(['csv', 'json', 'xlsx'] as const)(
    '%s: a sink destroyed mid-export stops the writer with ExportAborted',
    async (format) => {
      const { out, writes } = sink();
      const written =
        format === 'csv'
          ? writeCsv(out, report(true), t)
          : format === 'json'
            ? writeJson(out, report(true))
            : writeXlsx(out, report(true), t, new Date(0));
      const cut = new Promise<void>((resolve) =>
        out
          .on('pipe', () => {})
          .once('drain', () => {
            out.destroy();
            resolve();
          }),
      );
      await cut;
      const count = writes.length;
      await expect(written).rejects.toBeInstanceOf(ExportAborted);
      // Nothing more was written after the cut.
      expect(writes.length).toBe(count);
    },
  );
});
