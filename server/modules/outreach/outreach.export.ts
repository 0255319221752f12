import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import type { PresentedReport, PresentedRow } from './outreach.presenter';
import type { Shown } from './suppression';

type Cell = string | number | null;

/**
 * A report to export: its rows in memory (CLI, small reports) or streamed (report.stream.ts), which
 * also offers them a period at a time (`batches`; read instead of `rows`, not as well).
 */
export type ExportReport = Omit<PresentedReport, 'rows'> & {
  readonly rows: Iterable<PresentedRow> | AsyncIterable<PresentedRow>;
  readonly batches?: AsyncIterable<readonly PresentedRow[]>;
};

/**
 * Text is handed to the response in pieces of about this size: a period's rows are serialized
 * synchronously and written in few calls, so they die young instead of living across one awaited
 * write each (which got them promoted to V8's old generation: +282 MiB for a 155,000-row export).
 */
const CHUNK_CHARS = 64 * 1024;

/** Rows grouped when they come one by one (in-memory reports); a streamed report's periods as they are. */
const GROUP = 1000;

async function* batchesOf(report: ExportReport): AsyncGenerator<readonly PresentedRow[]> {
  if (report.batches) {
    yield* report.batches;
    return;
  }
  let group: PresentedRow[] = [];
  for await (const row of report.rows) {
    group.push(row);
    if (group.length >= GROUP) {
      yield group;
      group = [];
    }
  }
  if (group.length) yield group;
}

/**
 * Collects text and writes it in CHUNK_CHARS pieces; a write that fills the response waits for it
 * to drain, and every piece gives the event loop a turn: other requests are served during a large
 * in-memory export, and a client that went away is noticed even while the kernel still takes bytes.
 */
class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable) {}

  /** Adds text; a promise when a piece was written (await it: backpressure), otherwise null. */
  add(text: string): Promise<void> | null {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= CHUNK_CHARS ? this.flush() : null;
  }

  async flush(): Promise<void> {
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await write(this.out, text);
    await nextTurn();
  }
}

/** One export column: a localized header and how to read it from a row. */
interface Column {
  readonly header: string;
  readonly read: (row: PresentedRow) => Cell;
  readonly metric?: string;
}

/** The columns of an export: period, each dimension (code, and name for country/region), metrics. */
export function exportColumns(report: ExportReport, t: TFunction): Column[] {
  const q = report.query;
  const cols: Column[] = [];
  if (q.period !== 'all') cols.push({ header: t(`outreach:periods.${q.period}`), read: (r) => r.period });
  for (const d of q.by) {
    const name = t(`outreach:dimensions.${d}`);
    cols.push({
      header: d === 'country' || d === 'region' ? t('outreach:export.code', { name }) : name,
      read: (r) => r.dims[d]?.code ?? null,
    });
    if (d === 'country' || d === 'region') cols.push({ header: name, read: (r) => r.dims[d]?.label ?? null });
  }
  for (const m of q.metrics)
    cols.push({ header: t(`outreach:metrics.${m}`), read: (r) => r.values[m] ?? null, metric: m });
  return cols;
}

/** The README lines: period, filters, suppression rule, time zone, generation time. */
export function readmeLines(report: ExportReport, t: TFunction, generatedAt: Date): [string, string][] {
  const q = report.query;
  const filters = Object.entries(q.filters).map(
    ([d, v]) => `${t(`outreach:dimensions.${d}`)} = ${(v ?? []).join(', ')}`,
  );
  return [
    [t('outreach:export.title'), ''],
    [t('outreach:export.period'), `${q.from} – ${q.to} (${t(`outreach:periods.${q.period}`)})`],
    [t('outreach:export.filters'), filters.length ? filters.join('; ') : t('outreach:export.noFilters')],
    [
      t('outreach:export.suppression'),
      t('outreach:export.suppressionRule', { k: report.suppression.k, marker: report.suppression.marker }),
    ],
    [t('outreach:export.timezone'), report.timezone],
    [t('outreach:export.generatedAt'), generatedAt.toISOString()],
    [t('outreach:export.privacy'), t('outreach:export.privacyNote')],
  ];
}

function csvField(v: Cell | Shown): string {
  if (v === null) return '';
  let s = String(v);
  // A leading = + - @ would run as a formula in a spreadsheet program.
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes CSV (UTF-8 with BOM, so spreadsheet programs read Arabic and Chinese) in ~64 KB pieces. */
export async function writeCsv(out: Writable, report: ExportReport, t: TFunction): Promise<void> {
  const cols = exportColumns(report, t);
  const w = new ChunkedWriter(out);
  w.add(`\uFEFF${cols.map((c) => csvField(c.header)).join(',')}\r\n`);
  for await (const batch of batchesOf(report))
    for (const row of batch) {
      const written = w.add(`${cols.map((c) => csvField(c.read(row))).join(',')}\r\n`);
      if (written) await written;
    }
  const totals = totalRow(report, cols, t);
  if (totals) w.add(`${totals.map(csvField).join(',')}\r\n`);
  await w.flush();
  out.end();
}

/** The totals line, labelled in the first column; none when there is no label column. */
function totalRow(report: ExportReport, cols: readonly Column[], t: TFunction): Cell[] | null {
  if (cols[0]?.metric) return null;
  return cols.map((c, i) =>
    c.metric ? (report.totals[c.metric] ?? null) : i === 0 ? t('outreach:export.total') : null,
  );
}

/** Writes the report as one JSON document `{ data: { …, rows: [ … ] } }` in ~64 KB pieces. */
export async function writeJson(out: Writable, report: ExportReport): Promise<void> {
  const meta = {
    query: report.query,
    timezone: report.timezone,
    suppression: report.suppression,
    totals: report.totals,
  };
  const w = new ChunkedWriter(out);
  w.add(`{"data":${JSON.stringify(meta).slice(0, -1)},"rows":[`);
  let i = 0;
  for await (const batch of batchesOf(report))
    for (const row of batch) {
      const written = w.add(`${i++ ? ',' : ''}${JSON.stringify(row)}`);
      if (written) await written;
    }
  w.add(']}}');
  await w.flush();
  out.end();
}

/** Writes XLSX with a streaming workbook: a README sheet, then the data sheet committed row by row. */
export async function writeXlsx(
  out: Writable,
  report: ExportReport,
  t: TFunction,
  generatedAt: Date,
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const readme = wb.addWorksheet(t('outreach:export.readmeSheet'));
  for (const line of readmeLines(report, t, generatedAt)) readme.addRow(line).commit();
  readme.commit();
  const sheet = wb.addWorksheet(t('outreach:export.dataSheet'));
  const cols = exportColumns(report, t);
  sheet.addRow(cols.map((c) => c.header)).commit();
  for await (const batch of batchesOf(report)) {
    for (const row of batch) sheet.addRow(cols.map((c) => c.read(row))).commit();
    // ExcelJS pipes its zip into `out` on its own: give it a turn, wait here when the response is
    // full, and stop when the client went away (nothing would drain or end the zip then).
    await nextTurn();
    await drained(out);
  }
  const totals = totalRow(report, cols, t);
  if (totals) sheet.addRow(totals).commit();
  sheet.commit();
  await unlessGone(out, wb.commit());
}

/** Thrown when the client went away mid-export: the writer stops instead of waiting for a drain that never comes. */
export class ExportAborted extends Error {}

function write(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) return Promise.reject(new ExportAborted('the client went away'));
  return out.write(chunk) ? Promise.resolve() : waitForDrain(out);
}

/** `work`, unless `out` is destroyed before it settles (ExcelJS's commit would then never settle). */
function unlessGone<T>(out: Writable, work: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    // A response also closes after it finished: only a close before that is a client gone.
    const gone = () => {
      if (!out.writableFinished) reject(new ExportAborted('the client went away'));
    };
    if (out.destroyed) return gone();
    out.once('close', gone);
    work.then(
      (v) => {
        out.off('close', gone);
        resolve(v);
      },
      (err: unknown) => {
        out.off('close', gone);
        reject(err);
      },
    );
  });
}

/** Resolves at once unless `out` is full (then on drain); rejects with ExportAborted once it is destroyed. */
function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new ExportAborted('the client went away'));
  return out.writableNeedDrain ? waitForDrain(out) : Promise.resolve();
}

function waitForDrain(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      out.off('drain', settle);
      out.off('close', settle);
      out.off('error', settle);
      if (err) reject(err);
      else if (out.destroyed) reject(new ExportAborted('the client went away'));
      else resolve();
    };
    out.on('drain', settle);
    out.on('close', settle);
    out.on('error', settle);
  });
}
