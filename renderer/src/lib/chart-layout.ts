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

const AXES = ['xaxis', 'yaxis', 'xaxis2', 'yaxis2'];

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

