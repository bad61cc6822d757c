import { describe, expect, test } from 'vitest';
import type { RunSummary } from '../../../app/contract/lab-api.ts';
import { overallProgress, RATE_WINDOW_MS, secondsLeft } from './overall-progress.ts';

const run = (status: RunSummary['status'], epochsDone: number, epochsTotal: number) => ({ status, epochsDone, epochsTotal }) as RunSummary;

describe('overall progress of an experiment', () => {
  test('counts every epoch to train, and only the trained ones of a run that ended early', () => {
    expect(overallProgress([run('running', 3, 10), run('queued', 0, 10), run('diverged', 4, 10), run('done', 10, 10)])).toEqual({ done: 17, total: 34, training: true });
    expect(overallProgress([run('done', 10, 10), run('interrupted', 2, 10)])).toEqual({ done: 12, total: 12, training: false });
  });

  test('time left is the remaining epochs at the rate measured over the window, not since the start', () => {
    // 10 epochs/s early, then 2 epochs/s for the last 20 s: 40 epochs left take 20 s.
    const samples = [{ atMs: 0, done: 0 }, { atMs: 10_000, done: 100 }, { atMs: 10_000 + RATE_WINDOW_MS, done: 140 }];
    expect(secondsLeft(samples, 40)).toBe(20);
    expect(secondsLeft([{ atMs: 5, done: 3 }], 10)).toBeNull();
    expect(secondsLeft([{ atMs: 0, done: 3 }, { atMs: 1000, done: 3 }], 10)).toBeNull();
  });
});
