/**
 * The report page's stylesheet (inlined; light and dark).
 */
export const REPORT_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --panel: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --skip: #6e7781; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --line: #30363d; --panel: #161b22;
  --pass: #3fb950; --fail: #f85149; --warn: #d29922; --skip: #8b949e; --accent: #4493f8; } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { font-size: 18px; margin: 28px 0 10px; }
h4 { margin: 14px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h5 { margin: 6px 0; font-size: 12px; color: var(--muted); }
code, pre, .c-id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.verdict { border: 1px solid var(--line); border-left: 8px solid var(--fail); border-radius: 8px; padding: 16px 20px; background: var(--panel); }
.verdict.verdict-passed { border-left-color: var(--pass); }
.verdict-passed h1 { color: var(--pass); }
.verdict-failed h1 { color: var(--fail); }
.target { margin: 4px 0; }
.notice { margin: 6px 0; padding: 6px 10px; border-left: 4px solid #b7791f; background: #fffbeb; color: #744210; font-weight: 600; }
.threshold-ok { color: var(--pass); } .threshold-failed { color: var(--fail); }
.reasons { margin: 8px 0 0; padding-left: 20px; }
.counters { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0; padding: 0; list-style: none; }
.counter { min-width: 110px; padding: 10px 14px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
.counter .n { display: block; font-size: 24px; font-weight: 700; }
.counter-passed .n { color: var(--pass); } .counter-failed .n, .counter-blocking .n { color: var(--fail); }
.counter-warned .n { color: var(--warn); } .counter-skipped .n { color: var(--skip); }
table { border-collapse: collapse; }
.grid th, .grid td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; }
.grid td.num, .grid th.num { text-align: right; font-variant-numeric: tabular-nums; }
.filters { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; margin: 8px 0 12px; }
.filter-group { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.filter-group .legend { font-weight: 600; margin-right: 4px; }
.filters button, .tools button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid var(--line); border-radius: 999px; background: var(--bg); color: var(--fg); cursor: pointer; }
.filters button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.filters button[aria-pressed="true"] .muted { color: inherit; opacity: .8; }
.tools { display: flex; gap: 8px; align-items: center; margin-left: auto; }
.row { display: grid; grid-template-columns: 190px minmax(0, 1fr) 140px 72px 190px 80px; gap: 10px; align-items: center; padding: 7px 10px; }
.checks-head { font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line); padding-left: 26px; }
.check { border-bottom: 1px solid var(--line); }
.check > summary { cursor: pointer; list-style-position: outside; }
.check > summary:hover { background: var(--panel); }
.check[open] > summary { background: var(--panel); }
.c-id { font-weight: 600; overflow-wrap: anywhere; }
.c-duration { text-align: right; font-variant-numeric: tabular-nums; color: var(--muted); }
.c-body { padding: 4px 16px 16px 34px; }
.badge, .gate { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; color: #fff; }
.badge-passed { background: var(--pass); } .badge-failed { background: var(--fail); } .badge-warned { background: var(--warn); } .badge-skipped { background: var(--skip); }
.gate { background: transparent; color: var(--fg); border: 1px solid var(--line); font-weight: 500; }
.gate-blocking, .gate-baseline-stale { border-color: var(--fail); color: var(--fail); }
.sev-critical, .sev-high { color: var(--fail); font-weight: 600; } .sev-medium { color: var(--warn); }
.message { padding: 8px 12px; border-radius: 6px; background: var(--panel); border-left: 4px solid var(--skip); white-space: pre-wrap; overflow-wrap: anywhere; }
.message-failed { border-left-color: var(--fail); } .message-warned { border-left-color: var(--warn); }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 14px; margin: 10px 0; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; overflow-wrap: anywhere; }
.metrics th, .headers th { text-align: left; font-weight: 500; color: var(--muted); padding: 2px 12px 2px 0; vertical-align: top; white-space: nowrap; }
.metrics td, .headers td { padding: 2px 0; overflow-wrap: anywhere; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
.evidence { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.ev-head { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
.ev-kind { font-size: 11px; font-weight: 700; padding: 0 6px; border-radius: 4px; background: var(--panel); border: 1px solid var(--line); }
.ev-label { font-weight: 600; }
.ev-request { overflow-wrap: anywhere; }
.ev-parts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 10px; }
.ev-part { min-width: 0; }
.ev-error { color: var(--fail); }
.http-status { font-weight: 700; } .http-2xx { color: var(--pass); } .http-3xx { color: var(--accent); }
.http-4xx, .http-5xx, .http-error { color: var(--fail); }
pre.body { margin: 4px 0; padding: 8px; max-height: 360px; overflow: auto; background: var(--panel); border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.note-text { white-space: pre-wrap; }
.chart-figure { margin: 10px 0; overflow-x: auto; }
.chart-figure figcaption { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
.chart .bar rect { fill: var(--accent); }
.chart .bar:hover rect { opacity: .75; }
.chart text { fill: var(--fg); }
.chart text.label { fill: var(--muted); }
.chart .axis { stroke: var(--line); }
.latency-charts { display: flex; flex-wrap: wrap; gap: 8px 32px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
footer dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px; }
footer dd { margin: 0; }
@media (max-width: 900px) { .row { grid-template-columns: 150px minmax(0, 1fr) 90px; } .c-area, .c-severity, .c-duration { display: none; } }
@media print { .filters, .tools { display: none; } details.check > .c-body { display: block; } }
`;
