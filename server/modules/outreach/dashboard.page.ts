import type { TFunction } from 'i18next';
import { type ChartStyle, funnelChart, rankChart, shareChart, timeChart } from './dashboard.charts';
import type { DashboardData, DashboardPanel } from './dashboard.service';
import { DASHBOARD_CSS_FILE } from './dashboard.style';
import type { PresentedRow } from './outreach.presenter';
import { PERIODS } from './outreach.vocabulary';
import type { Shown } from './suppression';

/** The reader: language, direction and translator of the negotiated locale. */
export interface PageReader {
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  readonly t: TFunction;
}

/** A rendered panel: heading, chart, data table and download link. */
interface PanelView {
  readonly id: string;
  readonly title: string;
  readonly svg: string | null;
  readonly head: readonly string[];
  readonly numeric: readonly boolean[];
  readonly rows: readonly (readonly string[])[];
  readonly foot?: readonly string[];
  readonly notes: readonly string[];
  readonly download: string | null;
}

const HEADLINE = [
  'enrolments',
  'learners',
  'activeLearners',
  'completions',
  'completionRate',
  'credentials',
  'registrations',
  'attendance',
  'attendances',
  'participants',
  'visitors',
  'pageviews',
  'forumThreads',
  'forumPosts',
];
const TOP = 10;

export const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The whole dashboard page: no script, one hashed stylesheet, inline SVG charts with table fallbacks. */
export function renderDashboard(data: DashboardData, r: PageReader): string {
  const { t } = r;
  const panels = [
    overTime(data, r),
    countries(data, r),
    regions(data, r),
    languages(data, r),
    funnel(data, r),
    webinars(data, r),
  ];
  const supp = data.summary.suppression;
  return `<!doctype html>
<html lang="${esc(r.locale)}" dir="${r.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t('dashboard:title'))}</title>
<link rel="stylesheet" href="/dashboard/assets/${DASHBOARD_CSS_FILE}">
</head>
<body>
<header>
<h1>${esc(t('dashboard:title'))}</h1>
<p>${esc(t('dashboard:intro', { from: formatDay(data.from, r), to: formatDay(data.to, r), timezone: data.summary.timezone }))}</p>
${periodForm(data, r)}
</header>
<main>
<p class="note">${esc(t('dashboard:suppression', { k: supp.k, marker: supp.marker }))}</p>
${headline(data, r)}
<div class="panels">
${panels.map((p) => renderPanel(p, r)).join('\n')}
</div>
</main>
</body>
</html>`;
}

function periodForm(data: DashboardData, r: PageReader): string {
  const { t } = r;
  const options = PERIODS.map(
    (p) =>
      `<option value="${p}"${p === data.period ? ' selected' : ''}>${esc(t(`outreach:periods.${p}`))}</option>`,
  ).join('');
  return `<form class="period" method="get" action="/dashboard">
<fieldset><legend>${esc(t('dashboard:form.legend'))}</legend>
<label>${esc(t('dashboard:form.from'))} <input type="date" name="from" value="${data.from}" required></label>
<label>${esc(t('dashboard:form.to'))} <input type="date" name="to" value="${data.to}" required></label>
<label>${esc(t('dashboard:form.period'))} <select name="period">${options}</select></label>
<input type="hidden" name="lang" value="${esc(r.locale)}">
<button type="submit">${esc(t('dashboard:form.apply'))}</button>
</fieldset>
</form>`;
}

function headline(data: DashboardData, r: PageReader): string {
  const totals = data.summary.totals;
  const items = HEADLINE.filter((m) => Object.hasOwn(totals, m)).map((m) => {
    const v = totals[m] ?? null;
    const shown = m === 'completionRate' ? formatPercent(v, r) : formatShown(v, r);
    return `<div><dt>${esc(r.t(`outreach:metrics.${m}`))}</dt><dd><span dir="ltr">${esc(shown)}</span></dd></div>`;
  });
  return `<section class="headline-panel" aria-labelledby="headline-title">
<h2 id="headline-title">${esc(r.t('dashboard:panels.headline'))}</h2>
<dl class="headline">${items.join('')}</dl>
</section>`;
}

function renderPanel(p: PanelView, r: PageReader): string {
  const title = `${p.id}-title`;
  const head = p.head
    .map((h, i) => `<th scope="col"${p.numeric[i] ? ' class="num"' : ''}>${esc(h)}</th>`)
    .join('');
  const cells = (row: readonly string[], tag: 'td' | 'th') =>
    row
      .map((c, i) =>
        i === 0
          ? `<th scope="row">${esc(c)}</th>`
          : p.numeric[i]
            ? `<${tag} class="num"><span dir="ltr">${esc(c)}</span></${tag}>`
            : `<${tag}>${esc(c)}</${tag}>`,
      )
      .join('');
  const body = p.rows.map((row) => `<tr>${cells(row, 'td')}</tr>`).join('\n');
  const table =
    p.rows.length === 0
      ? `<p class="empty">${esc(r.t('dashboard:noData'))}</p>`
      : `<div class="table-wrap"><table>
<caption>${esc(r.t('dashboard:tableCaption', { title: p.title }))}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>${p.foot ? `\n<tfoot><tr>${cells(p.foot, 'td')}</tr></tfoot>` : ''}
</table></div>`;
  return `<section class="panel" id="${p.id}" aria-labelledby="${title}">
<h2 id="${title}">${esc(p.title)}</h2>
${p.svg && p.rows.length > 0 ? `<figure>${p.svg}</figure>` : ''}
${p.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
${table}
${p.download && p.rows.length > 0 ? `<a class="download" href="${esc(p.download)}">${esc(r.t('dashboard:download'))}</a>` : ''}
</section>`;
}

function chartStyle(title: string, r: PageReader): ChartStyle {
  return { locale: r.locale, rtl: r.dir === 'rtl', title };
}

function overTime(data: DashboardData, r: PageReader): PanelView {
  const title = r.t('dashboard:panels.overTime');
  const metrics = ['enrolments', 'completions'];
  const rows = data.overTime.report?.rows ?? [];
  const label = (row: PresentedRow) => formatBucket(row.period ?? '', data.period, r);
  return {
    id: 'over-time',
    title,
    svg: timeChart(
      metrics.map((m) => ({
        name: r.t(`outreach:metrics.${m}`),
        points: rows.map((row) => ({ label: label(row), value: num(row.values[m]) })),
      })),
      chartStyle(title, r),
    ),
    head: [r.t('dashboard:columns.period'), ...metrics.map((m) => r.t(`outreach:metrics.${m}`))],
    numeric: [false, true, true],
    rows: rows.map((row) => [label(row), ...metrics.map((m) => formatShown(row.values[m] ?? null, r))]),
    foot: [
      r.t('dashboard:total'),
      ...metrics.map((m) => formatShown(data.overTime.report?.totals[m] ?? null, r)),
    ],
    notes: [],
    download: exportHref(data.overTime, r),
  };
}

/** Ranked rows of a one-dimension enrolment panel, with each row's share of the total. */
function ranked(panel: DashboardPanel, dim: 'country' | 'region' | 'language', r: PageReader) {
  const rows = [...(panel.report?.rows ?? [])].sort(
    (a, b) => rank(b.values.enrolments) - rank(a.values.enrolments),
  );
  const total = num(panel.report?.totals.enrolments);
  return rows.map((row) => {
    const v = row.values.enrolments ?? null;
    const code = row.dims[dim]?.code ?? null;
    const name = dim === 'language' && code ? languageName(code, r) : (row.dims[dim]?.label ?? '');
    const share = typeof v === 'number' && total ? v / total : null;
    return { name, value: v, share };
  });
}

function countries(data: DashboardData, r: PageReader): PanelView {
  const title = r.t('dashboard:panels.countries');
  const all = ranked(data.countries, 'country', r);
  const top = all.slice(0, TOP);
  return {
    ...shareTable('countries', title, 'country', top, r),
    svg: rankChart(
      [
        {
          name: r.t('outreach:metrics.enrolments'),
          points: top.map((x) => ({ label: x.name, value: num(x.value) })),
        },
      ],
      chartStyle(title, r),
    ),
    notes: all.length ? [r.t('dashboard:countriesShown', { count: top.length, total: all.length })] : [],
    download: exportHref(data.countries, r),
  };
}

function regions(data: DashboardData, r: PageReader): PanelView {
  const title = r.t('dashboard:panels.regions');
  const all = ranked(data.regions, 'region', r);
  return {
    ...shareTable('regions', title, 'region', all, r),
    svg: rankChart(
      [
        {
          name: r.t('outreach:metrics.enrolments'),
          points: all.map((x) => ({ label: x.name, value: num(x.value) })),
        },
      ],
      chartStyle(title, r),
    ),
    notes: all.length ? [r.t('dashboard:regionsNote')] : [],
    download: exportHref(data.regions, r),
  };
}

function languages(data: DashboardData, r: PageReader): PanelView {
  const title = r.t('dashboard:panels.languages');
  const all = ranked(data.languages, 'language', r);
  return {
    ...shareTable('languages', title, 'language', all, r),
    svg: shareChart(
      all.map((x) => ({ label: x.name, value: num(x.value) })),
      num(data.languages.report?.totals.enrolments),
      r.t('dashboard:hiddenSlice', { marker: data.summary.suppression.marker }),
      chartStyle(title, r),
    ),
    notes: [],
    download: exportHref(data.languages, r),
  };
}

function shareTable(
  id: string,
  title: string,
  dim: string,
  rows: readonly { name: string; value: Shown; share: number | null }[],
  r: PageReader,
) {
  return {
    id,
    title,
    head: [
      r.t(`dashboard:columns.${dim}`),
      r.t('outreach:metrics.enrolments'),
      r.t('dashboard:columns.share'),
    ],
    numeric: [false, true, true],
    rows: rows.map((x) => [x.name, formatShown(x.value, r), formatPercent(x.share, r)]),
  };
}

function funnel(data: DashboardData, r: PageReader): PanelView {
  const title = r.t('dashboard:panels.funnel');
  const totals = data.summary.totals;
  const stages: [string, string][] = [
    ['enrolled', 'enrolments'],
    ['active', 'activeLearners'],
    ['completed', 'completions'],
    ['credential', 'credentials'],
  ];
  const available = stages.filter(([, m]) => Object.hasOwn(totals, m));
  const points = available.map(([s, m]) => ({
    label: r.t(`dashboard:funnel.${s}`),
    value: num(totals[m]),
    shown: totals[m] ?? null,
  }));
  const anything = points.some((p) => (p.value ?? 0) > 0);
  return {
    id: 'funnel',
    title,
    svg: funnelChart(points, chartStyle(title, r)),
    head: [r.t('dashboard:columns.stage'), r.t('dashboard:columns.value')],
    numeric: [false, true],
    rows: anything ? points.map((p) => [p.label, formatShown(p.shown, r)]) : [],
    notes: Object.hasOwn(totals, 'activeLearners') ? [] : [r.t('dashboard:activeUnavailable')],
    download: null,
  };
}

function webinars(data: DashboardData, r: PageReader): PanelView {
  const title = r.t('dashboard:panels.webinars');
  const metrics = data.webinars.metrics;
  const last = metrics[metrics.length - 1] ?? '';
  const rows = [...(data.webinars.report?.rows ?? [])]
    .sort((a, b) => rank(b.values[last]) - rank(a.values[last]))
    .slice(0, TOP);
  const label = (row: PresentedRow) => row.dims.event?.label ?? '';
  return {
    id: 'webinars',
    title,
    svg: rankChart(
      metrics.map((m) => ({
        name: r.t(`outreach:metrics.${m}`),
        points: rows.map((row) => ({ label: label(row), value: num(row.values[m]) })),
      })),
      chartStyle(title, r),
    ),
    head: [r.t('dashboard:columns.event'), ...metrics.map((m) => r.t(`outreach:metrics.${m}`))],
    numeric: [false, ...metrics.map(() => true)],
    rows: rows.map((row) => [label(row), ...metrics.map((m) => formatShown(row.values[m] ?? null, r))]),
    notes: rows.length
      ? [r.t('dashboard:eventsShown', { count: data.webinars.report?.rows.length ?? 0 })]
      : [],
    download: exportHref(data.webinars, r),
  };
}

/** The CSV export of exactly the panel's query, in the page's language. */
function exportHref(panel: DashboardPanel, r: PageReader): string | null {
  const q = panel.query;
  if (!q) return null;
  const params = new URLSearchParams({ format: 'csv', metrics: q.metrics.join(','), from: q.from, to: q.to });
  if (q.by.length) params.set('by', q.by.join(','));
  if (q.period !== 'all') params.set('period', q.period);
  params.set('lang', r.locale);
  return `/api/stats/export?${params}`;
}

function num(v: Shown | undefined): number | null {
  return typeof v === 'number' ? v : null;
}

/** Sort key: visible counts by size; suppressed or withheld cells after them. */
function rank(v: Shown | undefined): number {
  return typeof v === 'number' ? v : -1;
}

function formatShown(v: Shown, r: Pick<PageReader, 'locale' | 't'>): string {
  if (v === null) return r.t('dashboard:notAvailable');
  return typeof v === 'number' ? new Intl.NumberFormat(r.locale).format(v) : v;
}

function formatPercent(v: Shown, r: Pick<PageReader, 'locale' | 't'>): string {
  if (typeof v !== 'number') return r.t('dashboard:notAvailable');
  return new Intl.NumberFormat(r.locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

function formatDay(day: string, r: Pick<PageReader, 'locale'>): string {
  return new Intl.DateTimeFormat(r.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** A period bucket as readers say it: months and days by name; weeks and quarters by code. */
function formatBucket(bucket: string, period: string, r: Pick<PageReader, 'locale'>): string {
  if (period === 'month' && /^\d{4}-\d{2}$/.test(bucket))
    return new Intl.DateTimeFormat(r.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${bucket}-01T00:00:00Z`),
    );
  if (period === 'day') return formatDay(bucket, r);
  return bucket;
}

function languageName(code: string, r: Pick<PageReader, 'locale'>): string {
  try {
    return new Intl.DisplayNames([r.locale], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}
