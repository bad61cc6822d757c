// A chart of the report as Plotly reads it: traces and layout built here, in Node, and drawn by the
// page with one Plotly.newPlot per figure. Keeping the page script that small means every decision
// about a chart is in typed, testable code.

export interface Figure {
  /** The id of the chart's div; unique in the page. */
  id: string;
  /** Which section of the report the chart belongs to. */
  section: 'curves' | 'gradients' | 'percentiles' | 'boundaries';
  /** For screen readers and for the PDF's text layer. */
  title: string;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** One colour per run, in run order (Plotly's default colour way, so the app and the report agree). */
export const RUN_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length]!;
}

export function layout(title: string, x: string, y: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title, font: { size: 14 } },
    height: 340,
    margin: { l: 60, r: 20, t: 40, b: 40 },
    xaxis: { title: { text: x }, zeroline: false },
    yaxis: { title: { text: y }, zeroline: false },
    // Below the x-axis title, growing downwards however many rows the legend needs.
    legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top' },
    ...extra,
  };
}

/** A run name short enough for a chart title; the chart's aria-label and the tables keep it whole. */
export function shortName(name: string, max = 36): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

/** "hidden 1", "hidden 2", …, "output": the names the spec tables use. */
export function layerName(layer: number, hiddenLayers: number): string {
  return layer < hiddenLayers ? `hidden ${layer + 1}` : 'output';
}
