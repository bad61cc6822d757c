// The layout every chart shares: transparent backgrounds, the page's text and grid colours (so
// charts follow light and dark mode), the title, and legends above the plot. Pure, for unit tests.
import type { Trace } from './series.ts';

export interface PlotParams {
  traces: Trace[];
  title: string;
  xTitle?: string;
  yTitle?: string;
  /** Merged into the themed layout; axis objects are merged key by key. */
  layout?: Record<string, unknown>;
  /** Told where the plot area is after every draw, for what is drawn under or over it. */
  onPlotArea?: (area: PlotArea) => void;
}

/** The rectangle between the axes, in pixels from the chart's top left corner. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A chart's margins in pixels, as Plotly names its sides. */
export interface Margins {
  l: number;
  r: number;
  t: number;
  b: number;
}

const AXES = ['xaxis', 'yaxis', 'xaxis2', 'yaxis2'];
const SIDES = ['l', 'r', 't', 'b'] as const;

/** Colours from the page's theme, so charts follow light and dark mode. */
export function themedLayout(params: PlotParams, colors: { text: string; grid: string }): Record<string, unknown> {
  // ticklabeloverflow 'allow': Plotly otherwise measures every tick label of an axis each time it
  // places one (n² boxes), to hide labels past the chart's edge that automargin leaves room for.
  const axis = (title?: string) => ({
    title: title ? { text: title } : undefined,
    gridcolor: colors.grid,
    zerolinecolor: colors.grid,
    linecolor: colors.grid,
    automargin: true,
    ticklabeloverflow: 'allow',
  });
  const base: Record<string, unknown> = {
    title: { text: params.title, font: { size: 14 }, y: 0.98, yanchor: 'top' },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: colors.text, size: 11 },
    margin: { l: 50, r: 20, t: 64, b: 40 },
    // Legends above the plot never cover the axis titles below it.
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 10 } },
    xaxis: axis(params.xTitle),
    yaxis: axis(params.yTitle),
    xaxis2: axis(),
    yaxis2: axis(),
  };
  const extra = params.layout ?? {};
  const merged: Record<string, unknown> = { ...base, ...extra };
  for (const key of AXES) if (extra[key]) merged[key] = { ...(base[key] as object), ...(extra[key] as object) };
  return merged;
}

/**
 * The layout with margins at least as wide as `drawn`, the margins a chart's last draw ended with.
 * Automargin makes Plotly lay a chart out a second time whenever its margins move by more than a
 * pixel, and while runs train the tick labels change width every few epochs (the loss falls from
 * 0.5 to 0.05): that second layout was a third to a half of the longest tasks of the page. Started
 * from what they last grew to, margins only move when a label needs more room than ever before.
 */
export function keepMargins(layout: Record<string, unknown>, drawn: Margins | undefined): Record<string, unknown> {
  if (!drawn) return layout;
  const base = (layout.margin ?? {}) as Partial<Margins>;
  const margin = { ...base };
  for (const side of SIDES) margin[side] = Math.max(base[side] ?? 0, drawn[side]);
  return { ...layout, margin };
}
