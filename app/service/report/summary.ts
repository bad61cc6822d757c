// The report's opening sentences: which run got to a validation loss first, and by how many epochs.
// The level compared is the best loss the weakest run reached, so every run has a first epoch at it.
// Only runs on the same data with the same loss are compared (a mean squared error and a cross-
// entropy are different numbers), and a run that diverged is said to have diverged, not raced.
// Runs repeated over seeds are compared as groups: epochs to a level as mean ± sd over the seeds,
// on the validation accuracy first where the task is classification, then on the validation loss,
// and whether the difference stands out of the seeds' own scatter.
import { DIVERGENCE_FACTOR } from '../../../engine/index.ts';
import { epochsToReach, seedBand, seedNoise, type Reach as SeedReach } from '../../contract/run-groups.ts';
import { formatMetric } from './format.ts';

export interface SummaryRun {
  name: string;
  epochs: readonly { epoch: number; validationLoss: number | null; validationAccuracy?: number | null }[];
  /** Runs with the same key are compared with each other; by default all are. */
  comparableAs?: { key: string; label: string };
  /** The epoch in which the loss stopped being finite or grew past DIVERGENCE_FACTOR times the initial network's. */
  diverged?: { epoch: number };
}

interface Reach {
  name: string;
  epoch: number;
}

export function comparisonSummary(runs: readonly SummaryRun[]): string[] {
  const sentences: string[] = [];
  const raced: SummaryRun[] = [];
  for (const run of runs) {
    if (run.diverged) sentences.push(`${quote(run.name)} diverged in epoch ${run.diverged.epoch} (its loss stopped being finite or grew past ${DIVERGENCE_FACTOR}× that of the initial network), so it is left out of the comparison.`);
    else if (!run.epochs.some((e) => isLoss(e.validationLoss))) sentences.push(`${quote(run.name)} has no validation loss (no validation split, or it never trained), so it is left out of the comparison.`);
    else raced.push(run);
  }
  const groups = new Map<string, SummaryRun[]>();
  for (const run of raced) groups.set(run.comparableAs?.key ?? '', [...(groups.get(run.comparableAs?.key ?? '') ?? []), run]);
  for (const group of groups.values()) {
    const prefix = groups.size > 1 ? `${group[0]!.comparableAs!.label}: ` : '';
    sentences.push(...compare(group).map((sentence) => prefix + sentence));
  }
  return sentences.length > 0 ? sentences : ['There are no runs to compare.'];
}

/** The sentences for runs whose losses can be compared. */
function compare(measured: readonly SummaryRun[]): string[] {
  if (measured.length === 1) {
    const run = measured[0]!;
    const best = lowest(run);
    const last = run.epochs.at(-1)!.epoch;
    return [`${quote(run.name)} reached its lowest validation loss, ${formatMetric(best.loss)}, at epoch ${best.epoch} of ${last}.`];
  }
  const winner = measured.map((r) => ({ name: r.name, ...lowest(r) })).sort((a, b) => a.loss - b.loss)[0]!;
  // A run that never got within FAR_BEHIND of the best would set a level every other run passed at
  // once, and the race would say nothing: it is named apart.
  const behind = measured.filter((r) => lowest(r).loss > FAR_BEHIND * winner.loss);
  const racing = measured.filter((r) => !behind.includes(r));
  const sentences: string[] = [];
  if (racing.length > 1) {
    const level = Math.max(...racing.map((r) => lowest(r).loss));
    const reaches = racing.map((r) => ({ name: r.name, epoch: firstEpochAtOrBelow(r, level) })).sort((a, b) => a.epoch - b.epoch);
    sentences.push(race(reaches, formatMetric(level)));
    // A reader sees the level, not why it was picked: say so once.
    sentences.push(`The level ${formatMetric(level)} is the highest of these runs’ lowest validation losses, so every one of them reached it.`);
  }
  sentences.push(`${quote(winner.name)} reached the lowest validation loss of these runs: ${formatMetric(winner.loss)}, at epoch ${winner.epoch}.`);
  if (behind.length > 0) {
    const lows = behind.map((r) => `${quote(r.name)} (${formatMetric(lowest(r).loss)})`);
    sentences.push(`${list(lows)} never came within ${FAR_BEHIND}× of it, so ${behind.length === 1 ? 'it is' : 'they are'} left out of the race above.`);
  }
  return sentences;
}

/** How many times the best loss a run may stay above and still take part in the race. */
const FAR_BEHIND = 10;

/** One sentence over runs sorted by the epoch at which they reached `level`. */
function race(reaches: Reach[], level: string): string {
  const [first, ...rest] = reaches as [Reach, ...Reach[]];
  if (rest.every((r) => r.epoch === first.epoch)) {
    return `${list(reaches.map((r) => quote(r.name)))} ${reaches.length === 2 ? 'both' : 'all'} reached a validation loss of ${level} at epoch ${first.epoch}.`;
  }
  if (rest.length === 1) {
    const second = rest[0]!;
    return `${quote(first.name)} reached a validation loss of ${level} at epoch ${first.epoch}, ${epochs(second.epoch - first.epoch)} before ${quote(second.name)} (epoch ${second.epoch}).`;
  }
  const later = rest.map((r) => (r.epoch === first.epoch ? `${quote(r.name)} at the same epoch` : `${quote(r.name)} at epoch ${r.epoch} (${epochs(r.epoch - first.epoch)} later)`));
  return `${quote(first.name)} reached a validation loss of ${level} first, at epoch ${first.epoch}; then ${list(later)}.`;
}

function lowest(run: SummaryRun): { loss: number; epoch: number } {
  let best = { loss: Infinity, epoch: 0 };
  for (const e of run.epochs) if (isLoss(e.validationLoss) && e.validationLoss < best.loss) best = { loss: e.validationLoss, epoch: e.epoch };
  return best;
}

function firstEpochAtOrBelow(run: SummaryRun, level: number): number {
  return run.epochs.find((e) => isLoss(e.validationLoss) && e.validationLoss <= level)!.epoch;
}

function isLoss(value: number | null): value is number {
  return value !== null && Number.isFinite(value);
}

function epochs(n: number): string {
  return n === 1 ? '1 epoch' : `${n} epochs`;
}

function quote(name: string): string {
  return `“${name}”`;
}

function list(items: string[]): string {
  return items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The runs of one setting over several seeds. */
export interface SummaryGroup {
  label: string;
  runs: readonly SummaryRun[];
}

/** Sentences that compare groups of seeds, each set of comparable groups apart. */
export function groupSummary(groups: readonly SummaryGroup[]): string[] {
  const sets = new Map<string, SummaryGroup[]>();
  for (const group of groups) {
    const key = group.runs[0]?.comparableAs?.key ?? '';
    sets.set(key, [...(sets.get(key) ?? []), group]);
  }
  const sentences: string[] = [];
  for (const set of sets.values()) {
    const prefix = sets.size > 1 ? `${set[0]!.runs[0]!.comparableAs!.label}: ` : '';
    sentences.push(...compareGroups(set).map((sentence) => prefix + sentence));
  }
  return sentences.length > 0 ? sentences : ['There are no runs to compare.'];
}

/** What a group summary compares: where the seeds get to on one validation metric, and how soon. */
interface Measure {
  key: 'validationLoss' | 'validationAccuracy';
  name: string;
  direction: 'down' | 'up';
  /** The level every group's mean curve gets to, from each group's best mean. */
  level: (bests: number[]) => number;
  format: (level: number) => string;
  /** Why the level is the one it is; a reader sees the level, not how it was picked. */
  why: string;
}

/** The accuracy a classification summary asks about first, as the sweep's picture does. */
export const SUMMARY_ACCURACY = 0.9;

const ACCURACY: Measure = {
  key: 'validationAccuracy',
  name: 'validation accuracy',
  direction: 'up',
  // A goal a group reached, in whole percent; a group at chance must not pull it down to chance.
  level: (bests) => Math.min(SUMMARY_ACCURACY, Math.floor(Math.max(...bests) * 100) / 100),
  format: (level) => `${Math.round(level * 100)} %`,
  why: `The level is ${SUMMARY_ACCURACY * 100} %, or the best group's best mean accuracy (in whole percent) where no group's mean reached ${SUMMARY_ACCURACY * 100} %.`,
};

const LOSS: Measure = {
  key: 'validationLoss',
  name: 'validation loss',
  direction: 'down',
  level: (bests) => Math.max(...bests),
  format: formatMetric,
  why: 'The level is the lowest mean validation loss the slowest group reached.',
};

/** Accuracy first where the task is classification (a person reads it first), then the loss. */
function compareGroups(groups: readonly SummaryGroup[]): string[] {
  const classifies = groups.some((g) => g.runs.some((r) => r.epochs.some((e) => isLoss(e.validationAccuracy ?? null))));
  return (classifies ? [ACCURACY, LOSS] : [LOSS]).flatMap((measure, i) => compareGroupsOn(groups, measure, i === 0));
}

function compareGroupsOn(groups: readonly SummaryGroup[], measure: Measure, first: boolean): string[] {
  const seriesOf = (group: SummaryGroup) => group.runs.filter((r) => !r.diverged).map((r) => r.epochs.map((e) => ({ epoch: e.epoch, value: e[measure.key] ?? null })));
  const best = (means: number[]) => (measure.direction === 'down' ? Math.min(...means) : Math.max(...means));
  const finite = groups.map((group) => ({ group, series: seriesOf(group), best: best(seedBand(seriesOf(group), 'sd').mean) })).filter((g) => Number.isFinite(g.best));
  const unmeasured = groups.filter((g) => !finite.some((m) => m.group === g));
  // Which groups diverged is said once, with the first metric.
  const sentences = first ? unmeasured.map((g) => `${quote(g.label)} has no finite ${measure.name} in any of its ${seeds(g.runs.length)}, so it is left out of the comparison.`) : [];
  if (finite.length === 0) return sentences;
  // As for single runs, a loss that never came near the best would set a level every group passed at once.
  const lowest = Math.min(...finite.map((m) => m.best));
  const behind = measure.direction === 'down' ? finite.filter((m) => m.best > FAR_BEHIND * lowest) : [];
  const measured = finite.filter((m) => !behind.includes(m));
  const level = measure.level(measured.map((m) => m.best));
  const reaches = measured
    .map(({ group, series }) => ({ group, reach: epochsToReach(series, level, measure.direction) }))
    .sort((a, b) => (a.reach?.mean ?? Infinity) - (b.reach?.mean ?? Infinity));
  const sameCount = new Set(groups.map((g) => g.runs.length)).size === 1;
  const parts = reaches.map(({ group, reach }, i) => {
    const diverged = group.runs.filter((r) => r.diverged).length;
    const notes = [
      ...(sameCount ? [] : [seeds(group.runs.length)]),
      ...(reach && reach.reached < group.runs.length ? [`not reached in ${group.runs.length - reach.reached} of ${seeds(group.runs.length)}`] : []),
      ...(diverged > 0 ? [`${diverged} diverged`] : []),
    ];
    const at = reach ? `${i === 0 ? 'at epoch' : 'at'} ${epochText(reach)}` : sameCount ? 'never reached it' : `never (${seeds(group.runs.length)})`;
    return `${quote(group.label)} ${i === 0 ? `reached a mean ${measure.name} of ${measure.format(level)} ` : ''}${at}${notes.length > 0 && reach ? ` (${notes.join('; ')})` : ''}`;
  });
  const count = sameCount ? ` (${seeds(groups[0]!.runs.length)}, mean ± 1 sd)` : ' (mean ± 1 sd over seeds)';
  sentences.push(`${parts.join(', ')}${count}. ${measure.why}`);
  const [fastest, second] = reaches;
  if (fastest?.reach && second?.reach) sentences.push(noiseSentence(fastest.group.label, fastest.reach, second.group.label, second.reach));
  if (behind.length > 0) {
    const lows = behind.map((m) => `${quote(m.group.label)} (${formatMetric(m.best)})`);
    sentences.push(`${list(lows)} never came within ${FAR_BEHIND}× of the lowest mean ${measure.name}, ${formatMetric(lowest)}, so ${behind.length === 1 ? 'it is' : 'they are'} left out of the race above.`);
  }
  return sentences;
}

/**
 * Whether the two fastest groups differ by more than the seeds' scatter: a gap within twice the
 * standard error of the difference is one that other seeds could turn around (at about the usual
 * 95 % of a normal approximation), so it is not called a difference.
 */
function noiseSentence(fast: string, a: SeedReach, slow: string, b: SeedReach): string {
  const gap = b.mean - a.mean;
  // The same mean epoch (to the tenth shown; often every seed at the first): no gap to weigh.
  if (gap < 0.05) return `${quote(fast)} and ${quote(slow)} reached it at the same mean epoch, so this level does not tell them apart; their curves may.`;
  const noise = `twice the standard error of the difference, ${formatEpoch(seedNoise(a, b))} epochs`;
  return gap <= seedNoise(a, b)
    ? `The gap between ${quote(fast)} and ${quote(slow)}, ${gap.toFixed(1)} epochs, is within the seed noise (no more than ${noise}), so other seeds could reverse it.`
    : `The gap between ${quote(fast)} and ${quote(slow)}, ${gap.toFixed(1)} epochs, is larger than the seed noise (${noise}).`;
}

function epochText(reach: SeedReach): string {
  return reach.reached === 1 ? formatEpoch(reach.mean) : `${formatEpoch(reach.mean)} ± ${formatEpoch(reach.sd)}`;
}

function formatEpoch(value: number): string {
  return value.toFixed(1);
}

function seeds(n: number): string {
  return n === 1 ? '1 seed' : `${n} seeds`;
}
