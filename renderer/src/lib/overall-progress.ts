// The experiment's progress as one number, and the time left at the rate it has been going: runs
// train side by side on the pool's threads, so the rate of the whole (epochs done per second,
// measured) says more than any one run's epoch time.
import type { RunSummary } from '../../../app/contract/lab-api.ts';

export interface ProgressSample {
  atMs: number;
  done: number;
}

/** How far back the rate is measured: long enough to smooth, short enough to follow a change of pace. */
export const RATE_WINDOW_MS = 20_000;

export function overallProgress(runs: readonly RunSummary[]): { done: number; total: number; training: boolean } {
  let done = 0;
  let total = 0;
  for (const run of runs) {
    done += run.epochsDone;
    // A run that ended early (diverged, stopped) has nothing left to train.
    total += run.status === 'done' || run.status === 'diverged' || run.status === 'failed' || run.status === 'interrupted' ? run.epochsDone : run.epochsTotal;
  }
  return { done, total, training: runs.some((r) => r.status === 'running' || r.status === 'queued') };
}

/** Seconds left for `remaining` epochs at the rate over the samples of the last RATE_WINDOW_MS; null before there is a rate. */
export function secondsLeft(samples: readonly ProgressSample[], remaining: number): number | null {
  const last = samples.at(-1);
  if (!last) return null;
  const first = samples.find((s) => s.atMs >= last.atMs - RATE_WINDOW_MS) ?? last;
  const epochs = last.done - first.done;
  const seconds = (last.atMs - first.atMs) / 1000;
  if (epochs <= 0 || seconds <= 0) return null;
  return Math.ceil(remaining / (epochs / seconds));
}
