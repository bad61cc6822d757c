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

export function plot(node: HTMLElement, params: PlotParams) {
  const draw = (p: PlotParams) => {
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', p.title);
    void Plotly.react(node, p.traces as unknown as Plotly.Data[], themed(p) as Partial<Plotly.Layout>, CONFIG);
  };
  draw(params);
  return {
    update: draw,
    destroy: () => Plotly.purge(node),
  };
}
