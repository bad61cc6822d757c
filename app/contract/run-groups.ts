// Groups of runs that differ only by their training seed (the repeats of one setting, which the
// store marks with a groupId), and the statistics over a group's seeds that Compare, Replay and the
// report draw: the mean with a band, and how many epochs each seed took to reach a level. Pure, so
// the renderer and the report compute the same numbers.

export interface GroupMember {
  id: number;
  groupId: number;
  name: string;
  experimentName: string;
}

export interface RunGroup<R extends GroupMember> {
  /** The groupId its runs share. */
  id: number;
  /** What its runs' names share once the seed is left out ("lr 1, BN"), else the experiment's name. */
  label: string;
  runs: R[];
}

/** A run's name without the seed a design adds to it: "lr 1, BN, seed 3" → "lr 1, BN". */
export function seedlessName(name: string): string {
  return name.replace(/(^|, )seed \d+$/, '');
}

/** The groups of `runs`, in the order of their first run. */
export function groupRuns<R extends GroupMember>(runs: readonly R[]): RunGroup<R>[] {
  const groups = new Map<number, R[]>();
  for (const run of runs) groups.set(run.groupId, [...(groups.get(run.groupId) ?? []), run]);
  return [...groups].map(([id, members]) => {
    const names = new Set(members.map((r) => seedlessName(r.name)));
    const [label] = names;
    return { id, label: names.size === 1 && label !== '' ? label! : members.length === 1 ? members[0]!.name : members[0]!.experimentName, runs: members };
  });
}

/** Whether any group has more than one run: only then is a mean with a band drawn. */
export function hasRepeats(groups: readonly RunGroup<GroupMember>[]): boolean {
  return groups.some((g) => g.runs.length > 1);
}

/** The band around the mean: ±1 sample standard deviation, or the seeds' minimum to maximum. */
export type Spread = 'sd' | 'range';
export const SPREAD_NAMES: Record<Spread, string> = { sd: 'mean ± 1 sd', range: 'mean, min–max' };

export interface Band {
  epoch: number[];
  mean: number[];
  lower: number[];
  upper: number[];
  /** How many seeds have a finite value at each epoch (a diverged or shorter run has fewer). */
  n: number[];
}

/** Mean and sample standard deviation (n − 1; 0 for one value). */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number; n: number } {
  const n = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1));
  return { mean, sd, n };
}

/** Per epoch, over the seeds that have a finite value there: the mean and the band of `spread`. */
export function seedBand(series: readonly (readonly { epoch: number; value: number | null }[])[], spread: Spread): Band {
  const byEpoch = new Map<number, number[]>();
  for (const points of series) {
    for (const { epoch, value } of points) if (value !== null && Number.isFinite(value)) byEpoch.set(epoch, [...(byEpoch.get(epoch) ?? []), value]);
  }
  const band: Band = { epoch: [], mean: [], lower: [], upper: [], n: [] };
  for (const [epoch, values] of [...byEpoch].sort(([a], [b]) => a - b)) {
    const { mean, sd, n } = meanAndSd(values);
    band.epoch.push(epoch);
    band.mean.push(mean);
    band.lower.push(spread === 'sd' ? mean - sd : Math.min(...values));
    band.upper.push(spread === 'sd' ? mean + sd : Math.max(...values));
    band.n.push(n);
  }
  return band;
}

/** The first epoch whose value is at or below (a loss) or at or above (an accuracy) `level`; null if none is. */
export function firstEpochReaching(points: readonly { epoch: number; value: number | null }[], level: number, direction: 'down' | 'up'): number | null {
  const hit = points.find(({ value }) => value !== null && Number.isFinite(value) && (direction === 'down' ? value <= level : value >= level));
  return hit?.epoch ?? null;
}

/** Epochs to `level` over a group's seeds: mean ± sd of the seeds that reached it, and how many did not. */
export interface Reach {
  mean: number;
  sd: number;
  reached: number;
  seeds: number;
}

export function epochsToReach(series: readonly (readonly { epoch: number; value: number | null }[])[], level: number, direction: 'down' | 'up'): Reach | null {
  const epochs = series.map((points) => firstEpochReaching(points, level, direction)).filter((e) => e !== null);
  if (epochs.length === 0) return null;
  const { mean, sd } = meanAndSd(epochs);
  return { mean, sd, reached: epochs.length, seeds: series.length };
}

/**
 * The seed noise of a difference between two groups' means: twice the standard error of the
 * difference (Welch's). Means closer than this differ by no more than the seeds' own scatter would make them.
 */
export function seedNoise(a: Reach, b: Reach): number {
  return 2 * Math.sqrt(a.sd ** 2 / a.reached + b.sd ** 2 / b.reached);
}
