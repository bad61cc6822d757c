// Plotly behind a Svelte action, and the only module that imports it: `<div use:plot={{ traces,
// title }}>` draws, redraws on change (Plotly.react keeps zoom where it can), follows the light or
// dark theme, and frees the chart when the element goes away.
import Plotly from 'plotly.js-dist';
import { themedLayout, type PlotArea, type PlotParams } from './chart-layout.ts';
import { thinTraces } from './thin.ts';

export type { PlotArea, PlotParams };

/** What Plotly keeps on the element after drawing: the axes' pixel offsets and lengths. */
interface DrawnChart {
  _fullLayout?: { xaxis?: { _offset: number; _length: number }; yaxis?: { _offset: number; _length: number } };
  on?: (event: string, listener: () => void) => void;
}

const CONFIG = { displayModeBar: false, responsive: true };
/**
 * Live training sends an event per epoch per run; redrawing every chart for each would keep the
 * page busy and unresponsive. A chart redraws at most this often, always with the latest data.
 */
const MIN_REDRAW_MS = 250;
const DARK = '(prefers-color-scheme: dark)';

/** The chart as drawn, as a PNG file the browser downloads (Plotly's own export, reachable by keyboard here). */
export function downloadPng(node: HTMLElement, name: string): Promise<string> {
  const filename = name.replace(/[^\p{L}\p{N}.-]+/gu, '-').replace(/^-+|-+$/g, '') || 'chart';
  return Plotly.downloadImage(node, { format: 'png', filename, width: node.clientWidth, height: node.clientHeight });
}

export function plot(node: HTMLElement, params: PlotParams) {
  let latest = params;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let frame: number | null = null;
  let lastDraw = 0;
  let drawnTitle: string | null = null;
  let listening = false;
  /**
   * Plotly's last react. Parts of a draw run later (auto-margins); purging the chart under
   * one makes it read a layout that is gone ("_redrawFromAutoMarginCount" of undefined).
   */
  let inFlight: Promise<unknown> = Promise.resolve();
  /** Plotly moves the axes on its own (a resize, a longer tick label): whatever sits on the plot area follows. */
  const reportArea = () => {
    const { xaxis, yaxis } = (node as DrawnChart)._fullLayout ?? {};
    if (xaxis && yaxis) latest.onPlotArea?.({ left: xaxis._offset, top: yaxis._offset, width: xaxis._length, height: yaxis._length });
  };
  const draw = () => {
    timer = null;
    frame = null;
    lastDraw = performance.now();
    drawnTitle = latest.title;
    const style = getComputedStyle(document.body);
    const colors = { text: style.color || '#222', grid: style.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.25)' };
    inFlight = Plotly.react(node, thinTraces(latest.traces) as unknown as Plotly.Data[], themedLayout(latest, colors) as Partial<Plotly.Layout>, CONFIG).then(() => {
      reportArea();
      if (!listening) (node as DrawnChart).on?.('plotly_afterplot', reportArea);
      listening = true;
    });
  };
  const cancel = () => {
    if (timer) clearTimeout(timer);
    if (frame !== null) cancelAnimationFrame(frame);
    timer = null;
    frame = null;
  };
  const theme = matchMedia(DARK);
  const redraw = () => draw();
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
  draw();
  return {
    update(next: PlotParams) {
      latest = next;
      // A new title (another epoch or layer) is a person's action: answer by the next frame, however fast the slider moves.
      if (next.title !== drawnTitle) {
        if (timer) clearTimeout(timer);
        timer = null;
        frame ??= requestAnimationFrame(draw);
        return;
      }
      if (timer || frame !== null) return;
      timer = setTimeout(draw, Math.max(0, MIN_REDRAW_MS - (performance.now() - lastDraw)));
    },
    destroy() {
      cancel();
      theme.removeEventListener('change', redraw);
      resized.disconnect();
      const purge = () => Plotly.purge(node);
      void inFlight.then(purge, purge);
    },
  };
}
