import * as echarts from 'echarts';

/** One labelled value of a chart; null where the figure is suppressed or not available. */
export interface ChartPoint {
  readonly label: string;
  readonly value: number | null;
}

/** A series of a category chart (one colour). */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

/** How a chart is drawn, in the reader's locale and direction. */
export interface ChartStyle {
  readonly locale: string;
  readonly rtl: boolean;
  /** Accessible name of the chart (the panel heading). */
  readonly title: string;
}

const WIDTH = 560;
const FONT = 'Noto Sans, Noto Sans Arabic, Noto Naskh Arabic, Noto Sans CJK SC, sans-serif';
const COLORS = ['#2b5d8a', '#d9822b', '#3a8f5c', '#8a4f9e', '#c44536', '#5b8fb9'];

/** Vertical bars (or a line) over ordered categories, e.g. months; the axis runs right to left in RTL. */
export function timeChart(series: readonly ChartSeries[], style: ChartStyle): string {
  const labels = series[0]?.points.map((p) => p.label) ?? [];
  return render(style, 300, {
    legend: { top: 0, textStyle: { fontFamily: FONT } },
    grid: { top: 36, bottom: 8, left: 16, right: 16, containLabel: true },
    xAxis: { type: 'category', data: labels, inverse: style.rtl, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', position: style.rtl ? 'right' : 'left', axisLabel: numberLabel(style) },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.points.map(value) })),
  });
}

/** Horizontal bars, largest first, for ranked categories (countries, regions, events). */
export function rankChart(series: readonly ChartSeries[], style: ChartStyle): string {
  const labels = series[0]?.points.map((p) => p.label) ?? [];
  const height = Math.max(160, 48 + labels.length * 26 * Math.max(1, series.length * 0.8));
  return render(style, height, {
    legend: series.length > 1 ? { top: 0, textStyle: { fontFamily: FONT } } : { show: false },
    grid: { top: series.length > 1 ? 32 : 8, bottom: 8, left: 16, right: 24, containLabel: true },
    xAxis: { type: 'value', inverse: style.rtl, axisLabel: numberLabel(style) },
    yAxis: {
      type: 'category',
      data: labels,
      inverse: true,
      position: style.rtl ? 'right' : 'left',
      axisLabel: { width: 190, overflow: 'truncate' },
    },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.points.map(value) })),
  });
}

/**
 * A pie of shares (language split). Suppressed slices are drawn together as one grey slice of the
 * published total minus the visible cells (a sum the total already reveals), so shares stay true.
 */
export function shareChart(
  points: readonly ChartPoint[],
  total: number | null,
  hiddenLabel: string,
  style: ChartStyle,
): string {
  const visible = points.filter((p) => p.value !== null && p.value > 0);
  const hidden = total === null ? 0 : total - visible.reduce((s, p) => s + (p.value ?? 0), 0);
  const data: { name: string; value: number | null; itemStyle?: { color: string } }[] = visible.map((p) => ({
    name: p.label,
    value: p.value,
  }));
  if (hidden > 0) data.push({ name: hiddenLabel, value: hidden, itemStyle: { color: '#b8c0ca' } });
  return render(style, 280, {
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        data,
        label: {
          width: 130,
          overflow: 'break',
          formatter: (p: { name: string; percent: number }) => `${p.name}\n${percent(p.percent, style)}`,
        },
      },
    ],
  });
}

/** The completion funnel: stages as decreasing bands, each labelled beside it with its number. */
export function funnelChart(points: readonly ChartPoint[], style: ChartStyle): string {
  return render(style, 240, {
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: style.rtl ? '42%' : '4%',
        width: '54%',
        top: 8,
        bottom: 8,
        minSize: '6%',
        data: points.map((p) => ({ name: p.label, value: p.value ?? 0 })),
        label: {
          position: style.rtl ? 'left' : 'right',
          color: '#1d2a3a',
          formatter: (p: { name: string; dataIndex: number }) =>
            `${p.name}: ${format(points[p.dataIndex]?.value ?? null, style)}`,
        },
      },
    ],
  });
}

function render(style: ChartStyle, height: number, option: Record<string, unknown>): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      color: COLORS,
      textStyle: { fontFamily: FONT, fontSize: 12 },
      ...option,
    });
    return strictSvg(chart.renderToSVGString(), style.title);
  } finally {
    chart.dispose();
  }
}

/**
 * Makes ECharts' SVG fit a strict Content-Security-Policy: inline `style` attributes become SVG
 * presentation attributes (which CSP does not govern), the hover `<style>` block goes (there is no
 * script, so no hover), and the root gets an accessible name. The width scales with the page.
 */
export function strictSvg(svg: string, title: string): string {
  return svg
    .replace(/<style\b[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_m, css: string) =>
      css
        .split(';')
        .map((d) => d.split(':'))
        .filter(([prop, val]) => prop && val && /^[a-z-]+$/.test(prop.trim()))
        .map(([prop, val]) => ` ${(prop as string).trim()}="${(val as string).trim()}"`)
        .join(''),
    )
    .replace(/^<svg width="(\d+)" height="(\d+)"/, (_m, w: string, h: string) => {
      return `<svg role="img" aria-label="${escapeAttr(title)}" class="chart-svg" width="${w}" height="${h}"`;
    });
}

function escapeAttr(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  );
}

function value(p: ChartPoint): number | string {
  return p.value ?? '-';
}

function numberLabel(style: ChartStyle) {
  return { formatter: (v: number) => format(v, style) };
}

function format(v: number | null, style: Pick<ChartStyle, 'locale'>): string {
  return v === null ? '—' : new Intl.NumberFormat(style.locale).format(v);
}

function percent(p: number, style: Pick<ChartStyle, 'locale'>): string {
  return new Intl.NumberFormat(style.locale, { style: 'percent', maximumFractionDigits: 1 }).format(p / 100);
}
