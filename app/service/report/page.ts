// The report page's fixed parts: its stylesheet (screen and print) and the script that draws the
// charts. The script only hands each prepared figure to Plotly; see figure.ts for why.

export const REPORT_CSS = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f23; }
body { margin: 0 auto; max-width: 1120px; padding: 24px; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .4rem; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
.meta, .note, small { color: #57606a; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .88rem; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
.tables { display: flex; flex-wrap: wrap; gap: 0 24px; align-items: flex-start; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 12px; }
.charts.small { grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); }
.charts + .charts { margin-top: 12px; }
/* A chart out of sight is neither laid out nor painted until it scrolls near, so each chart drawn
   costs the same however many are on the page; printing lays out every one. */
.chart { min-height: 320px; content-visibility: auto; contain-intrinsic-size: auto 320px; }
.error { color: #b42318; }
/* No column rules under print: the PDF is laid out on screen at the page's width (print.ts), where
   the grids above already give one column of wide charts and two of small ones; changing columns
   at print time would leave Plotly's drawings at their old size. */
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .chart, table, .run-head { break-inside: avoid; }
  h2, h3, .note { break-after: avoid; }
  .note { break-inside: avoid; }
  /* A row of flex items cannot split across pages; stacked tables can. */
  .tables { display: block; }
  .modebar-container { display: none !important; }
}
`;

/**
 * Runs from the page's head, so Plotly is unpacked and compiled while the rest of the page is read:
 * its data block (pack.ts) becomes a Blob whose URL a <script src> loads, which lets the browser
 * compile the 1.5 MB off the main thread (an inline script or eval compiles on it; the page's CSP
 * allows blob: scripts for this). Once the page is parsed, draws the charts on screen first, then
 * the rest, one per task so the browser paints in between, then sets window.bnlabReportReady (see
 * print.ts) and marks the document. bnlabReportReady is set at once, so a printer waiting on it
 * never finds it missing.
 */
export const REPORT_SCRIPT = `
(() => {
  const bytes = (text) => Uint8Array.fromBase64 ? Uint8Array.fromBase64(text) : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const unpack = (id, type) => {
    const block = document.getElementById(id);
    const body = block.dataset.encoding === 'gzip-base64' ? new Blob([bytes(block.textContent)]).stream().pipeThrough(new DecompressionStream('gzip')) : block.textContent;
    return new Response(body, { headers: { 'content-type': type } });
  };
  const run = (code) => new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = URL.createObjectURL(code);
    script.onload = () => resolve(URL.revokeObjectURL(script.src));
    script.onerror = () => reject(new Error('the Plotly library embedded in this report did not load'));
    document.head.append(script);
  });
  const plotly = unpack('report-plotly', 'text/javascript').blob().then(run);
  const parsed = new Promise((resolve) => (document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', resolve) : resolve()));
  const onScreen = (f) => {
    const box = document.getElementById(f.id).getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight;
  };
  const draw = async () => {
    await parsed;
    const figures = await unpack('report-figures', 'application/json').json();
    await plotly;
    const config = { displaylogo: false, responsive: true };
    const first = figures.filter(onScreen);
    for (const f of [...first, ...figures.filter((f) => !first.includes(f))]) {
      await Plotly.newPlot(f.id, f.data, f.layout, config);
      await new Promise((resolve) => setTimeout(resolve));
    }
    document.documentElement.setAttribute('data-report-ready', String(figures.length));
    return figures.length;
  };
  window.bnlabReportReady = draw();
})();
`;
