// The whole HTML report of some runs, straight from the lab: what `bnlab export --format html|pdf`
// writes and what the desktop app's "Export report…" saves or prints (print.ts).
import type { LabRecords } from '../lab-records.ts';
import { exportRuns } from '../export.ts';
import { runBoundaries, type RunBoundaries } from './boundaries.ts';
import { loadPlotlySource } from './plotly-source.ts';
import { renderReportHtml } from './render-html.ts';
import type { ExperimentDesign } from '../../contract/experiment-design.ts';

export interface BuildReportOptions {
  appVersion: string;
  /** Epochs whose decision boundary is drawn besides the final one (2-D datasets only). */
  boundaryEpochs?: readonly number[];
  /** Where plotly.js is when the package is not installed (a packaged app ships a copy). */
  plotlyPath?: string;
  onProgress?: (stage: 'runs' | 'boundaries', done: number, total: number) => void;
}

export async function buildReportHtml(lab: LabRecords, runIds: readonly number[], options: BuildReportOptions): Promise<string> {
  const { onProgress } = options;
  const plotly = loadPlotlySource(options.plotlyPath);
  const data = await exportRuns(lab, runIds, options.appVersion, (done, total) => onProgress?.('runs', done, total));
  const boundaries: RunBoundaries[] = [];
  for (const [i, id] of runIds.entries()) {
    const b = await runBoundaries(lab, id, { epochs: options.boundaryEpochs });
    if (b) boundaries.push(b);
    onProgress?.('boundaries', i + 1, runIds.length);
  }
  const designs = new Map(data.runs.map((r) => [r.run.experimentId, lab.getExperiment(r.run.experimentId).design] as const).filter((entry): entry is [number, ExperimentDesign] => entry[1] !== null));
  return renderReportHtml(data, { plotly, boundaries, designs });
}
