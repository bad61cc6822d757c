// The in-memory states trained again: the latest in a range, least recently used going first.
import { describe, expect, test } from 'vitest';
import { RetrainedStates } from '../../../app/service/retrained-states.ts';

const run = { id: 1, createdAt: '2026-01-01T00:00:00.000Z' };
const state = (bytes: number, fill: number) => new Uint8Array(bytes).fill(fill);

describe('RetrainedStates', () => {
  test('should find the latest state in (after, upTo], and none outside it', () => {
    const states = new RetrainedStates(1000);
    states.add(run, 3, state(10, 3));
    states.add(run, 6, state(10, 6));
    expect(states.latest(run, 0, 5)?.epoch).toBe(3);
    expect(states.latest(run, 0, 9)?.epoch).toBe(6);
    expect(states.latest(run, 3, 5)).toBeUndefined();
    // Another run that got the same id after a delete: a new creation time, none of the old states.
    expect(states.latest({ ...run, createdAt: '2026-01-02T00:00:00.000Z' }, 0, 9)).toBeUndefined();
  });

  test('should drop the least recently used states past its capacity', () => {
    const states = new RetrainedStates(30);
    for (const epoch of [1, 2, 3]) states.add(run, epoch, state(10, epoch));
    expect(states.latest(run, 0, 1)?.epoch).toBe(1);
    states.add(run, 4, state(10, 4));
    // Epoch 2 was used least recently (epoch 1 was just read).
    expect([1, 2, 3, 4].map((e) => states.latest(run, e - 1, e)?.state[0])).toEqual([1, undefined, 3, 4]);
  });
});
