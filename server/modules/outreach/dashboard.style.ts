import { createHash } from 'node:crypto';

/**
 * The dashboard's stylesheet, served as a static file whose name carries its hash, so the page's
 * Content-Security-Policy can stay `style-src 'self'` (no inline styles) and browsers cache it forever.
 * Logical properties (inline-start/end) make the same rules work left-to-right and right-to-left.
 * Chart SVGs stay `direction: ltr` (ECharts places text for LTR anchors; Arabic labels still shape
 * and order correctly inside each text); figures sit in `dir="ltr"` spans so `<5` never reads `5>`.
 */
export const DASHBOARD_CSS = `
:root { color-scheme: light; --ink: #1d2a3a; --muted: #5a6776; --line: #d5dbe3; --accent: #2b5d8a; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #f5f7fa;
  font: 15px/1.5 "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
header, main { max-width: 1240px; margin: 0 auto; padding: 16px 24px; }
header { border-block-end: 3px solid var(--accent); background: #fff; max-width: none; }
header > * { max-width: 1192px; margin-inline: auto; }
h1 { font-size: 24px; margin-block: 0 4px; color: var(--accent); }
h2 { font-size: 18px; margin-block: 0 8px; }
p { margin-block: 4px; }
.muted, .note { color: var(--muted); font-size: 13px; }
form.period { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin-block: 12px 0; }
form.period fieldset { display: contents; }
form.period legend { display: none; }
form.period label { display: flex; flex-direction: column; font-size: 13px; gap: 2px; }
form.period input, form.period select, form.period button { font: inherit; padding: 4px 8px; }
form.period button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding-inline: 16px; }
.headline { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin: 0; }
.headline div { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.headline dt { font-size: 13px; color: var(--muted); }
.headline dd { margin: 0; font-size: 22px; font-weight: 700; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; margin-block-start: 16px; }
section.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; min-width: 0; }
section.headline-panel { margin-block-start: 16px; }
figure { margin: 0; overflow-x: auto; }
.chart-svg { display: block; max-width: 100%; height: auto; direction: ltr; }
table { border-collapse: collapse; width: 100%; margin-block: 8px; font-size: 13px; }
caption { text-align: start; font-size: 12px; color: var(--muted); padding-block-end: 4px; }
th, td { border-block-end: 1px solid var(--line); padding: 3px 8px; text-align: start; }
td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; }
tfoot td, tfoot th { font-weight: 700; border-block-start: 2px solid var(--line); }
.table-wrap { max-height: 320px; overflow-y: auto; }
a.download { display: inline-block; margin-block-start: 4px; color: var(--accent); }
.empty { color: var(--muted); font-style: italic; padding: 24px 0; }
`;

/** The stylesheet's file name: `dashboard.<first 12 hex of sha256>.css`. */
export const DASHBOARD_CSS_FILE = `dashboard.${createHash('sha256').update(DASHBOARD_CSS).digest('hex').slice(0, 12)}.css`;
