import type { TFunction } from 'i18next';
import type { Dimension } from './outreach.vocabulary';
import { countryName } from './regions';
import type { ReportQuery } from './report.query';
import type { RawReport } from './report.service';
import { type Shown, shownRatio, suppressColumn, suppressionMarker } from './suppression';

/** A dimension value as published: its stable code and a label in the caller's language. */
export interface Labelled {
  readonly code: string | null;
  readonly label: string;
}

export interface PresentedRow {
  readonly period: string | null;
  readonly dims: Readonly<Partial<Record<Dimension, Labelled>>>;
  readonly values: Readonly<Record<string, Shown>>;
}

export interface PresentedReport {
  readonly query: ReportQuery;
  readonly timezone: string;
  readonly suppression: { readonly k: number; readonly marker: string };
  readonly rows: readonly PresentedRow[];
  readonly totals: Readonly<Record<string, Shown>>;
}

/** What presenting needs: the suppression threshold, time zone and the reader's language. */
export interface PresentOptions {
  readonly k: number;
  readonly timezone: string;
  readonly locale: string;
  readonly t: TFunction;
}

/** Applies suppression and labels: the only shape a report takes in JSON and in exports. */
export function presentReport(q: ReportQuery, report: RawReport, o: PresentOptions): PresentedReport {
  const values = report.rows.map(() => ({}) as Record<string, Shown>);
  const totals: Record<string, Shown> = {};
  for (const m of q.metrics) {
    if (m === 'completionRate') continue;
    const column = presentSide(report, o.k, m);
    column.cells.forEach((v, i) => {
      (values[i] as Record<string, Shown>)[m] = v;
    });
    totals[m] = column.total;
  }
  if (q.metrics.includes('completionRate')) {
    const side = (m: string) => presentSide(report, o.k, m);
    const completions = side('completions');
    const enrolments = side('enrolments');
    values.forEach((v, i) => {
      v.completionRate = shownRatio(completions.cells[i] ?? null, enrolments.cells[i] ?? null);
    });
    totals.completionRate = shownRatio(completions.total, enrolments.total);
  }
  return {
    query: q,
    timezone: o.timezone,
    suppression: { k: o.k, marker: suppressionMarker(o.k) },
    rows: report.rows.map((r, i) => ({
      period: r.period,
      dims: Object.fromEntries(q.by.map((d) => [d, label(d, r.keys[d] ?? null, o)])),
      values: values[i] as Record<string, Shown>,
    })),
    totals,
  };
}

function presentSide(report: RawReport, k: number, m: string) {
  return suppressColumn(
    report.rows.map((r) => r.values[m] ?? 0),
    report.totals[m] ?? null,
    k,
  );
}

/** A dimension value's label: localized country and region names; other values are codes. */
export function label(
  dim: Dimension,
  code: string | null,
  o: Pick<PresentOptions, 'locale' | 't'>,
): Labelled {
  if (code === null) return { code, label: o.t('outreach:notStated') };
  if (dim === 'country') return { code, label: countryName(code, o.locale) };
  if (dim === 'region') return { code, label: o.t(`outreach:regions.${code}`) };
  return { code, label: code };
}
