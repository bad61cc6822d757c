// Plotly behind a Svelte action, and the only module that imports it: `<div use:plot={{ traces,
// title }}>` draws, redraws on change (Plotly.react keeps zoom where it can), follows the light or
// dark theme, and frees the chart when the element goes away. Draws wait for a turn in the page's
// draw queue, and a chart far off screen waits until it is scrolled near.
import Plotly from 'plotly.js-dist';
import { keepMargins, themedLayout, type Margins, type PlotArea, type PlotParams } from './chart-layout.ts';
import { thinTraces } from './thin.ts';
import { DRAW_MEASURE, DrawQueue } from './draw-queue.ts';

export type { PlotArea, PlotParams };

/** What Plotly keeps on the element after drawing: the axes' pixel offsets and lengths. */
interface DrawnChart {
  _fullLayout?: { xaxis?: { _offset: number; _length: number }; yaxis?: { _offset: number; _length: number }; _size?: Margins };
  on?: (event: string, listener: () => void) => void;
}

const CONFIG = { displayModeBar: false, responsive: true };
/**
 * Live training sends an event per epoch per run; redrawing every chart for each would keep the
 * page busy and unresponsive. A chart redraws at most this often, always with the latest data,
 * and less often when a draw is slow: at most every REDRAW_COST_RATIO times its last draw's time,
 * so that with the few charts in view drawing takes a small share of the page's time (a Plotly
 * draw of a 16-curve chart took 45 ms here, more while training threads share the cores).
 */
const MIN_REDRAW_MS = 250;
const REDRAW_COST_RATIO = 12;
/** One slow draw (the machine busy for a moment) must not leave a chart still for long. */
const MAX_REDRAW_MS = 2000;
const DARK = '(prefers-color-scheme: dark)';

/** The chart as drawn, as a PNG file the browser downloads (Plotly's own export, reachable by keyboard here). */
export function downloadPng(node: HTMLElement, name: string): Promise<string> {
  const filename = name.replace(/[^\p{L}\p{N}.-]+/gu, '-').replace(/^-+|-+$/g, '') || 'chart';
  return Plotly.downloadImage(node, { format: 'png', filename, width: node.clientWidth, height: node.clientHeight });
}

/**
 * Draws one small chart out of sight and frees it, when the page is first idle. Plotly's first
 * draw on a page sets itself up (its styles, text measuring), which made the first chart drawn
 * once runs trained block the page for 110-230 ms: paid here, it falls on a page with nothing else
 * to do.
 */
export function warmUpCharts(): void {
  const warm = () => {
    const node = document.createElement('div');
    node.setAttribute('aria-hidden', 'true');
    node.style.cssText = 'position: fixed; left: -10000px; top: 0; width: 320px; height: 240px; visibility: hidden;';
    document.body.append(node);
    const layout = themedLayout({ traces: [], title: 'warm-up', xTitle: 'epoch', yTitle: 'loss', layout: { yaxis: { type: 'log' } } }, themeColors());
    const traces = [{ x: [1, 2, 3], y: [1, 0.5, 0.2], type: 'scatter', mode: 'lines', name: 'warm-up', line: { dash: 'dash' } }];
    void Plotly.newPlot(node, traces as Plotly.Data[], layout as Partial<Plotly.Layout>, { ...CONFIG, responsive: false }).finally(() => {
      Plotly.purge(node);
      node.remove();
    });
  };
  if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 2000 });
  else setTimeout(warm, 500);
}

/** The page's text and grid colours as the theme sets them now, for a chart drawn in it. */
function themeColors(): { text: string; grid: string } {
  const style = getComputedStyle(document.body);
  return { text: style.color || '#222', grid: style.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.25)' };
}

function redrawInterval(drawMs: number): number {
  return Math.min(MAX_REDRAW_MS, Math.max(MIN_REDRAW_MS, REDRAW_COST_RATIO * drawMs));
}

/** One queue for the page: every chart's draws share the frames (draw-queue.ts). */
const queue = new DrawQueue({ requestFrame: (callback) => requestAnimationFrame(callback), now: () => performance.now() });
/** Charts this close to the window are drawn as if in it, so a scroll finds them drawn. */
const NEAR_WINDOW = '300px';

export function plot(node: HTMLElement, params: PlotParams) {
  let latest = params;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDraw = 0;
  /** How long the last draw kept the page busy. */
  let drawMs = 0;
  let drawnTitle: string | null = null;
  let listening = false;
  /** A chart off screen keeps what it was given and draws it once it comes near the window. */
  let visible = false;
  let stale = true;
  /**
   * Plotly's last react. Parts of a draw run later (auto-margins); purging the chart under
   * one makes it read a layout that is gone ("_redrawFromAutoMarginCount" of undefined).
   */
  let inFlight: Promise<unknown> = Promise.resolve();
  /** The margins the last draw ended with, which the next starts from (keepMargins). */
  let margins: Margins | undefined;
  /** Plotly moves the axes on its own (a resize, a longer tick label): whatever sits on the plot area follows. */
  const reportArea = () => {
    const { xaxis, yaxis, _size: size } = (node as DrawnChart)._fullLayout ?? {};
    if (size) margins = { l: size.l, r: size.r, t: size.t, b: size.b };
    if (xaxis && yaxis) latest.onPlotArea?.({ left: xaxis._offset, top: yaxis._offset, width: xaxis._length, height: yaxis._length });
  };
  const draw = () => {
    stale = false;
    lastDraw = performance.now();
    drawnTitle = latest.title;
    inFlight = Plotly.react(node, thinTraces(latest.traces) as unknown as Plotly.Data[], keepMargins(themedLayout(latest, themeColors()), margins) as Partial<Plotly.Layout>, CONFIG).then(() => {
      reportArea();
      if (!listening) (node as DrawnChart).on?.('plotly_afterplot', reportArea);
      listening = true;
    });
    drawMs = performance.now() - lastDraw;
    // Seen by an observer (bench:ui, DevTools), then dropped: hours of training would pile them up.
    performance.measure(DRAW_MEASURE, { start: lastDraw, duration: drawMs, detail: { title: drawnTitle, first: !listening } });
    performance.clearMeasures(DRAW_MEASURE);
  };
  const request = (urgent = false) => {
    stale = true;
    if (visible) queue.request(draw, urgent);
  };
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    queue.cancel(draw);
  };
  const seen = new IntersectionObserver(([entry]) => {
    visible = entry?.isIntersecting ?? visible;
    if (visible && stale) queue.request(draw);
  }, { rootMargin: NEAR_WINDOW });
  seen.observe(node);
  // Printing shows every chart, those never scrolled to included.
  const beforePrint = () => {
    if (!stale) return;
    queue.cancel(draw);
    draw();
  };
  addEventListener('beforeprint', beforePrint);
  const theme = matchMedia(DARK);
  const redraw = () => request();
  theme.addEventListener('change', redraw);
  // Plotly follows the window's size, not its box's: a card that grows or shrinks (another chart
  // appearing beside it) would leave the chart overflowing it.
  let width = node.clientWidth;
  const resized = new ResizeObserver(() => {
    if (node.clientWidth === width || !(node as DrawnChart)._fullLayout) return;
    width = node.clientWidth;
    void Plotly.Plots.resize(node);
  });
  resized.observe(node);
  return {
    update(next: PlotParams) {
      latest = next;
      // A new title (another epoch or layer) is a person's action: answer by the next frame, however fast the slider moves.
      if (next.title !== drawnTitle) {
        if (timer) clearTimeout(timer);
        timer = null;
        return request(true);
      }
      if (timer) return;
      stale = true;
      timer = setTimeout(() => {
        timer = null;
        request();
      }, Math.max(0, redrawInterval(drawMs) - (performance.now() - lastDraw)));
    },
    destroy() {
      cancel();
      seen.disconnect();
      removeEventListener('beforeprint', beforePrint);
      theme.removeEventListener('change', redraw);
      resized.disconnect();
      const purge = () => Plotly.purge(node);
      void inFlight.then(purge, purge);
    },
  };
}
