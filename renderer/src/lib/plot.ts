// Plotly behind a Svelte action, and the only module that imports it: `<div use:plot={{ traces,
// title }}>` draws, redraws on change (Plotly.react keeps zoom where it can), follows the light or
// dark theme, and frees the chart when the element goes away.
import Plotly from 'plotly.js-dist';
import { themedLayout, type PlotParams } from './chart-layout.ts';

export type { PlotParams };

const CONFIG = { displayModeBar: false, responsive: true };
/**
 * Live training sends an event per epoch per run; redrawing every chart for each would keep the
 * page busy and unresponsive. A chart redraws at most this often, always with the latest data.
 */
const MIN_REDRAW_MS = 250;
const DARK = '(prefers-color-scheme: dark)';

export function plot(node: HTMLElement, params: PlotParams) {
  let latest = params;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let frame: number | null = null;
  let lastDraw = 0;
  const draw = () => {
    timer = null;
    frame = null;
    lastDraw = performance.now();
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', latest.title);
    const style = getComputedStyle(document.body);
    const colors = { text: style.color || '#222', grid: style.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.25)' };
    void Plotly.react(node, latest.traces as unknown as Plotly.Data[], themedLayout(latest, colors) as Partial<Plotly.Layout>, CONFIG);
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
  draw();
  return {
    update(next: PlotParams) {
      latest = next;
      // A new title (another epoch or layer) is a person's action: answer by the next frame, however fast the slider moves.
      if (next.title !== node.getAttribute('aria-label')) {
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
      Plotly.purge(node);
    },
  };
}
