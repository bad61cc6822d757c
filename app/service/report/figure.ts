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

const HEIGHT = 340;
/** A legend row's height, and the legend entries that fit in a row of a chart about 480 px wide. */
const LEGEND_ROW = 19;
const LEGEND_PER_ROW = 2;

/**
 * The layout every chart shares. A legend of many runs grows the chart downwards rather than
 * squeezing the plot into a sliver or scrolling (`legendEntries`: how many it names; a small chart
 * fits fewer in a row, `legendPerRow`), and it sits below the x-axis title, never on it.
 */
export function layout(title: string, x: string, y: string, extra: Record<string, unknown> = {}, legendEntries = 0, legendPerRow = LEGEND_PER_ROW): Record<string, unknown> {
  const legendRows = Math.ceil(legendEntries / legendPerRow);
  const height = HEIGHT + Math.max(0, legendRows - 2) * LEGEND_ROW;
  const margin = { l: 60, r: 20, t: 40, b: 80 + Math.max(0, legendRows - 1) * LEGEND_ROW };
  const plotHeight = height - margin.t - margin.b;
  return {
    title: { text: title, font: { size: 14 } },
    height,
    margin,
    xaxis: { title: { text: x }, zeroline: false },
    yaxis: { title: { text: y }, zeroline: false },
    // Below the x-axis title (about 50 px under the plot), in the bottom margin kept for its rows.
    legend: { orientation: 'h', x: 0, y: -62 / plotHeight, yanchor: 'top' },
    ...extra,
  };
}

/** A run name short enough for a chart title; the chart's aria-label and the tables keep it whole. */
export function shortName(name: string, max = 36): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}
