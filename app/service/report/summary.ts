// The report's opening sentences: which run got to a validation loss first, and by how many epochs.
// The level compared is the best loss the weakest run reached, so every run has a first epoch at it.
import { formatMetric } from './format.ts';

export interface SummaryRun {
  name: string;
  epochs: readonly { epoch: number; validationLoss: number | null }[];
}

interface Reach {
  name: string;
  epoch: number;
}

export function comparisonSummary(runs: readonly SummaryRun[]): string[] {
  const measured = runs.filter((r) => r.epochs.some((e) => isLoss(e.validationLoss)));
  const sentences = runs
    .filter((r) => !measured.includes(r))
    .map((r) => `${quote(r.name)} has no validation loss (no validation split, or it never trained), so it is left out of the comparison.`);
  if (measured.length === 0) return sentences.length > 0 ? sentences : ['There are no runs to compare.'];
  if (measured.length === 1) {
    const run = measured[0]!;
    const best = lowest(run);
    const last = run.epochs.at(-1)!.epoch;
    return [...sentences, `${quote(run.name)} reached its lowest validation loss, ${formatMetric(best.loss)}, at epoch ${best.epoch} of ${last}.`];
  }
  const level = Math.max(...measured.map((r) => lowest(r).loss));
  const reaches = measured.map((r) => ({ name: r.name, epoch: firstEpochAtOrBelow(r, level) })).sort((a, b) => a.epoch - b.epoch);
  const winner = measured.map((r) => ({ name: r.name, ...lowest(r) })).sort((a, b) => a.loss - b.loss)[0]!;
  return [
    ...sentences,
    race(reaches, formatMetric(level)),
    `${quote(winner.name)} reached the lowest validation loss of all runs: ${formatMetric(winner.loss)}, at epoch ${winner.epoch}.`,
  ];
}

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
