// Plotly behind a Svelte action: `<div use:plot={{ traces, layout, title }}>` draws, redraws on
// change (Plotly.react keeps zoom where it can) and frees the chart when the element goes away.
import Plotly from 'plotly.js-dist';
import type { Trace } from './series.ts';

export interface PlotParams {
  traces: Trace[];
  title: string;
  xTitle?: string;
  yTitle?: string;
  layout?: Record<string, unknown>;
}

/** Colours from the page's theme, so charts follow light and dark mode. */
function themed(params: PlotParams): Record<string, unknown> {
  const style = getComputedStyle(document.body);
  const text = style.color || '#222';
  const grid = style.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.25)';
  const axis = (title?: string) => ({ title: title ? { text: title } : undefined, gridcolor: grid, zerolinecolor: grid, automargin: true });
  return {
    title: { text: params.title, font: { size: 14 }, y: 0.97, yanchor: 'top' },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: text, size: 11 },
    margin: { l: 50, r: 50, t: 64, b: 40 },
    // Legends above the plot never cover the axis titles below it.
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 10 } },
    xaxis: axis(params.xTitle),
    yaxis: axis(params.yTitle),
    ...params.layout,
  };
}

const CONFIG = { displayModeBar: false, responsive: true };
/**
 * Live training sends an event per epoch per run; redrawing every chart for each would keep the
 * page busy and unresponsive. A chart redraws at most this often, always with the latest data.
 */
const MIN_REDRAW_MS = 250;

export function plot(node: HTMLElement, params: PlotParams) {
  let latest = params;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDraw = 0;
  const draw = () => {
    timer = null;
    lastDraw = performance.now();
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', latest.title);
    void Plotly.react(node, latest.traces as unknown as Plotly.Data[], themed(latest) as Partial<Plotly.Layout>, CONFIG);
  };
  draw();
  return {
    update(next: PlotParams) {
      latest = next;
      // A new title (another epoch or layer) is a person's action: answer at once.
      if (next.title !== node.getAttribute('aria-label')) {
        if (timer) clearTimeout(timer);
        return draw();
      }
      if (timer) return;
      timer = setTimeout(draw, Math.max(0, MIN_REDRAW_MS - (performance.now() - lastDraw)));
    },
    destroy() {
      if (timer) clearTimeout(timer);
      Plotly.purge(node);
    },
  };
}
