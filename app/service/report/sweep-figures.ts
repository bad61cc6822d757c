// The sweep picture of each experiment made from a design: a final metric against the varied value
// (the learning rate of "BN allows a higher learning rate"), one line per other factor (BN, no BN),
// the mean over seeds with ±1 sd error bars, and a cross where seeds diverged.
import type { ExperimentDesign } from '../../contract/experiment-design.ts';
import { SWEEP_METRIC_NAMES, sweepAxis, sweepLines, sweepTraces, sweepXAxis, sweepYAxisType, type SweepMetric } from '../../contract/sweep.ts';
import type { RunExport } from '../export.ts';
import { plotlyText } from './escape.ts';
import { layout, legendNames, LOG_AXIS, type Figure } from './figure.ts';

/** The accuracy whose first epoch the second picture counts. */
export const SWEEP_ACCURACY = 0.9;

export function sweepFigures(runs: readonly RunExport[], designs: ReadonlyMap<number, ExperimentDesign>): Figure[] {
  return [...designs].flatMap(([experimentId, design]) => {
    const axis = sweepAxis(design.vary ?? {});
    const mine = runs.filter((r) => r.run.experimentId === experimentId && r.run.parentRunId === null);
    if (axis === null || mine.length === 0) return [];
    const metrics: SweepMetric[] = ['bestValidationLoss', ...(mine.some((r) => r.epochs.some((e) => e.validationAccuracy !== null)) ? ['epochsToAccuracy' as const] : [])];
    const xaxis = sweepXAxis((design.vary?.[axis] ?? []) as number[]);
    return metrics.map((metric) => sweepFigure(experimentId, design.name, axis, xaxis, metric, sweepLines(mine.map((r) => ({ spec: r.spec, status: r.run.status, epochs: r.epochs })), design.vary ?? {}, axis, metric, SWEEP_ACCURACY)));
  });
}

function sweepFigure(experimentId: number, name: string, axis: string, xaxis: ReturnType<typeof sweepXAxis>, metric: SweepMetric, lines: ReturnType<typeof sweepLines>): Figure {
  const what = metric === 'epochsToAccuracy' ? `epochs to ${SWEEP_ACCURACY * 100} % validation accuracy` : SWEEP_METRIC_NAMES[metric];
  const data = sweepTraces(lines, metric).map((trace) => ({ ...trace, name: plotlyText(trace.name), ...(trace.mode === 'markers' ? { mode: 'markers+text', textposition: 'top center' } : {}) }));
  return {
    id: `chart-sweep-${experimentId}-${metric}`,
    section: 'sweeps',
    title: `${name}: ${what} against ${axis}, mean ± 1 sd over seeds; crosses mark seeds that diverged or never reached it`,
    data,
    layout: layout(`${plotlyText(name)}: ${what}`, axis, `${what} (mean ± 1 sd)`, { xaxis: { title: { text: axis }, ...(xaxis.type === 'log' ? LOG_AXIS : {}), range: xaxis.range }, yaxis: { title: { text: what }, ...(sweepYAxisType(metric) === 'log' ? LOG_AXIS : {}) } }, { legend: legendNames(data) }),
  };
}
