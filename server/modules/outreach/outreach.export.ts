import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import type { PresentedReport, PresentedRow } from './outreach.presenter';
import type { Shown } from './suppression';

type Cell = string | number | null;

/** A report to export: its rows in memory (CLI, small reports) or streamed (report.stream.ts). */
export type ExportReport = Omit<PresentedReport, 'rows'> & {
  readonly rows: Iterable<PresentedRow> | AsyncIterable<PresentedRow>;
};

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

/** Writes CSV (UTF-8 with BOM, so spreadsheet programs read Arabic and Chinese) row by row. */
export async function writeCsv(out: Writable, report: ExportReport, t: TFunction): Promise<void> {
  const cols = exportColumns(report, t);
  await write(out, `\uFEFF${cols.map((c) => csvField(c.header)).join(',')}\r\n`);
  for await (const row of report.rows)
    await write(out, `${cols.map((c) => csvField(c.read(row))).join(',')}\r\n`);
  const totals = totalRow(report, cols, t);
  if (totals) await write(out, `${totals.map(csvField).join(',')}\r\n`);
  out.end();
}

/** The totals line, labelled in the first column; none when there is no label column. */
function totalRow(report: ExportReport, cols: readonly Column[], t: TFunction): Cell[] | null {
  if (cols[0]?.metric) return null;
  return cols.map((c, i) =>
    c.metric ? (report.totals[c.metric] ?? null) : i === 0 ? t('outreach:export.total') : null,
  );
}

/** Writes the report as one JSON document `{ data: { …, rows: [ … ] } }`, a row at a time. */
export async function writeJson(out: Writable, report: ExportReport): Promise<void> {
  const meta = {
    query: report.query,
    timezone: report.timezone,
    suppression: report.suppression,
    totals: report.totals,
  };
  await write(out, `{"data":${JSON.stringify(meta).slice(0, -1)},"rows":[`);
  let i = 0;
  for await (const row of report.rows) await write(out, `${i++ ? ',' : ''}${JSON.stringify(row)}`);
  await write(out, ']}}');
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
  for await (const row of report.rows) sheet.addRow(cols.map((c) => c.read(row))).commit();
  const totals = totalRow(report, cols, t);
  if (totals) sheet.addRow(totals).commit();
  sheet.commit();
  await wb.commit();
}

/** Thrown when the client went away mid-export: the writer stops instead of waiting for a drain that never comes. */
export class ExportAborted extends Error {}

function write(out: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.destroyed) return reject(new ExportAborted('the client went away'));
    if (out.write(chunk)) return resolve();
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
