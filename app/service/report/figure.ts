// A chart of the report as Plotly reads it: traces and layout built here, in Node, and drawn by the
// page with one Plotly.newPlot per figure. Keeping the page script that small means every decision
// about a chart is in typed, testable code.

export interface Figure {
  /** The id of the chart's div; unique in the page. */
  id: string;
  /** Which section of the report the chart belongs to. */
  section: 'sweeps' | 'curves' | 'gradients' | 'percentiles' | 'boundaries';
  /** For screen readers and for the PDF's text layer. */
  title: string;
  /** Charts of one row start a grid row of their own (the percentiles of one hidden layer). */
  row?: string;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export { runColor } from '../../contract/colors.ts';

/** The plot area's height; a chart grows by its margins, so a long legend never squeezes the plot. */
const PLOT_HEIGHT = 200;
const MARGIN = { l: 60, r: 20, t: 40 };
/** Below the plot without a legend: the tick labels and the x-axis title. */
const AXIS_BOTTOM = 80;
/** Where the legend starts, below the x-axis title (about 50 px under the plot). */
const LEGEND_TOP = 62;
/** A legend row's height (a row naming z̃ is the tallest) and the legend's own padding. */
const LEGEND_ROW = 19;
const LEGEND_PAD = 34;
/**
 * The legend's width in the narrowest chart that shows one (about 480 px on screen), and what an
 * entry takes: its line sample, and about 6.5 px a character of its 12 px text.
 */
const LEGEND_WIDTH = 460;
const LEGEND_SAMPLE = 40;
const LEGEND_CHAR = 6.5;
/** Room on the right for a colour bar with its title (Plotly needs about 94 px for one 12 px thick). */
const COLORBAR_RIGHT = 100;

export interface LayoutOptions {
  /** The names the legend shows (legendNames). */
  legend?: readonly string[];
  /** The legend's rows where the caller sets them, e.g. the same for charts that must line up. */
  legendRows?: number;
  /** Whether a trace shows a colour bar at the right. */
  colorbar?: boolean;
}

/**
 * The layout every chart shares. A legend of many runs grows the chart downwards rather than
 * squeezing the plot into a sliver or scrolling, and it sits below the x-axis title, never on it.
 * The margins hold the legend and the colour bar already: where they fall short, Plotly widens
 * them and lays the chart out a second time, which costs as much as the first.
 */
export function layout(title: string, x: string, y: string, extra: Record<string, unknown> = {}, options: LayoutOptions = {}): Record<string, unknown> {
  const rows = options.legendRows ?? legendRows(options.legend ?? []);
  const margin = { ...MARGIN, r: options.colorbar ? COLORBAR_RIGHT : MARGIN.r, b: rows > 0 ? LEGEND_TOP + LEGEND_PAD + rows * LEGEND_ROW : AXIS_BOTTOM };
  const { xaxis, yaxis, ...rest } = extra;
  return {
    title: { text: title, font: { size: 14 } },
    height: margin.t + PLOT_HEIGHT + margin.b,
    margin,
    xaxis: { ...TICK_LABELS, ...(xaxis ?? { title: { text: x }, zeroline: false }) },
    yaxis: { ...TICK_LABELS, ...(yaxis ?? { title: { text: y }, zeroline: false }) },
    legend: { orientation: 'h', x: 0, y: -LEGEND_TOP / PLOT_HEIGHT, yanchor: 'top' },
    ...rest,
  };
}

/**
 * Tick labels as drawn, unmeasured. By default Plotly measures the box of every tick label of an axis
 * each time it places one (so n² times), to hide a label that runs past the chart's edge; the margins
 * leave room for the labels, and the SVG clips what would not fit anyway. In CPU profiles of the moons
 * report opening, the measuring was 100-110 ms of the 1.1-1.2 s spent drawing its 15 charts.
 */
const TICK_LABELS = { ticklabeloverflow: 'allow' } as const;

/** The rows a horizontal legend of these names takes: as many in a row as the widest allows. */
export function legendRows(names: readonly string[]): number {
  if (names.length === 0) return 0;
  const widest = LEGEND_SAMPLE + LEGEND_CHAR * Math.max(...names.map((name) => name.length));
  return Math.ceil(names.length / Math.max(1, Math.floor(LEGEND_WIDTH / widest)));
}

/** The names of the traces a legend lists. */
export function legendNames(data: readonly Record<string, unknown>[]): string[] {
  return data.filter((trace) => trace.showlegend !== false).map((trace) => String(trace.name ?? ''));
}

/**
 * A log axis labelled with whole values ("0.02", "0.5"), not Plotly's default of a digit per minor
 * tick ("5 2 0.1 5 2"), which reads as nonsense on paper. At most three ticks: Plotly then labels
 * 1, 2 and 5 of each power of ten, or only powers of ten, or (under one power of ten) 4 or 5 even
 * steps; with the five it asks for by default, a range of one to two powers of ten gets a label on
 * every digit, and those overlap on a plot 200 px high.
 */
export const LOG_AXIS = { type: 'log', tickformat: '~g', nticks: 3 } as const;

/** A run name short enough for a chart title; the chart's aria-label and the tables keep it whole. */
export function shortName(name: string, max = 36): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}
