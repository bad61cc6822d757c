// Compare's curves for runs repeated over seeds: one mean curve per group, the validation mean (bold)
// in a band (±1 sd or min–max, said in its name), the training mean thin and pale, as curveTraces
// draws single runs; a group of one run is drawn as that run. Pure, so what the chart shows is
// unit-tested without a browser.
import { runColor, translucent } from '../../../app/contract/colors.ts';
import type { EpochRow, RunSummary } from '../../../app/contract/lab-api.ts';
import { groupRuns, seedBand, SPREAD_NAMES, type Spread } from '../../../app/contract/run-groups.ts';
import type { RunRef, Trace } from './series.ts';

type Split = 'train' | 'validation';
const KEYS: Record<'loss' | 'accuracy', Record<Split, 'trainLoss' | 'validationLoss' | 'trainAccuracy' | 'validationAccuracy'>> = {
  loss: { train: 'trainLoss', validation: 'validationLoss' },
  accuracy: { train: 'trainAccuracy', validation: 'validationAccuracy' },
};

/**
 * `styleOf` gives a run's colour and dash on the page (runs that differ only by seed share them);
 * without it, groups take colours in order.
 */
export function groupCurveTraces(runs: readonly RunSummary[], epochs: ReadonlyMap<number, readonly EpochRow[]>, metric: 'loss' | 'accuracy', spread: Spread, styleOf?: (runId: number) => Pick<RunRef, 'color' | 'dash'> | undefined): Trace[] {
  return groupRuns(runs).flatMap((group, i) => {
    const style = group.runs[0] && styleOf?.(group.runs[0].id);
    const color = style?.color ?? runColor(i);
    const dash = style?.dash ?? 'solid';
    const seeds = group.runs.length;
    const name = seeds === 1 ? group.label : `${group.label} (${seeds} seeds)`;
    const bandOf = (split: Split) => seedBand(group.runs.map((r) => (epochs.get(r.id) ?? []).map((e) => ({ epoch: e.epoch, value: e[KEYS[metric][split]] }))), spread);
    const train = bandOf('train');
    const validation = bandOf('validation');
    const traces: Trace[] = [];
    if (train.epoch.length > 0) traces.push({ type: 'scatter', mode: 'lines', name: `${name} (train${seeds > 1 ? ', mean' : ''})`, x: train.epoch, y: train.mean, line: { color, dash, width: 1 }, opacity: 0.5, showlegend: false, legendgroup: String(group.id) });
    if (validation.epoch.length === 0) return traces;
    if (seeds > 1) {
      traces.push(
        { type: 'scatter', mode: 'lines', x: validation.epoch, y: validation.upper, line: { width: 0 }, hoverinfo: 'skip', showlegend: false, legendgroup: String(group.id) },
        { type: 'scatter', mode: 'lines', x: validation.epoch, y: validation.lower, line: { width: 0 }, fill: 'tonexty', fillcolor: translucent(color), hoverinfo: 'skip', showlegend: false, legendgroup: String(group.id) },
      );
    }
    const label = seeds > 1 ? `${name} (validation, ${SPREAD_NAMES[spread]})` : `${name} (validation)`;
    traces.push({ type: 'scatter', mode: 'lines', name: label, x: validation.epoch, y: validation.mean, line: { color, dash, width: 2.5 }, showlegend: false, legendgroup: String(group.id) });
    return traces;
  });
}
