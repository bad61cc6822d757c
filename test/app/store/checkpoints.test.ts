import { describe, expect } from 'vitest';
import { createCheckpointsRepo } from '../../../app/store/checkpoints.ts';
import { seedRun, test } from './fixtures.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('checkpoints repo', () => {
  test('should return identical bytes in a fresh, unshared Uint8Array', ({ db }) => {
    const { run } = seedRun(db);
    const repo = createCheckpointsRepo(db);
    const state = new Uint8Array(new Float64Array([Math.PI, -0, 1e-300, NaN]).buffer);

    repo.save(run.id, 1, state);
    const stored = repo.atEpoch(run.id, 1)!;

    expect(stored).toMatchObject({ runId: run.id, epoch: 1, createdAt: expect.stringMatching(ISO) });
    expect(Object.getPrototypeOf(stored.state)).toBe(Uint8Array.prototype);
    expect(stored.state.byteOffset).toBe(0);
    expect(stored.state.buffer.byteLength).toBe(state.byteLength);
    expect(Array.from(stored.state)).toEqual(Array.from(state));
    expect(Array.from(new Float64Array(stored.state.buffer))).toEqual([Math.PI, -0, 1e-300, NaN]);
  });

  test('should store only the viewed bytes of a source at an odd byte offset', ({ db }) => {
    const { run } = seedRun(db);
    const repo = createCheckpointsRepo(db);
    const backing = Uint8Array.from({ length: 64 }, (_, i) => i);
    const view = backing.subarray(3, 3 + 17);

    repo.save(run.id, 0, view);

    expect(Array.from(repo.atEpoch(run.id, 0)!.state)).toEqual(Array.from({ length: 17 }, (_, i) => i + 3));
  });

  test('should find the latest checkpoint at or before an epoch, list and delete after k', ({ db }) => {
    const { run } = seedRun(db);
    const repo = createCheckpointsRepo(db);
    for (const epoch of [0, 2, 4]) repo.save(run.id, epoch, new Uint8Array([epoch, 1, 2]));

    expect(repo.latestAtOrBefore(run.id, 3)?.epoch).toBe(2);
    expect(repo.latestAtOrBefore(run.id, 4)?.epoch).toBe(4);
    expect(repo.atEpoch(run.id, 3)).toBeUndefined();
    expect(repo.list(run.id)).toEqual([0, 2, 4].map((epoch) => ({ epoch, byteLength: expect.any(Number), createdAt: expect.stringMatching(ISO) })));
    expect(repo.deleteAfter(run.id, 2)).toBe(1);
    expect(repo.latestAtOrBefore(run.id, 10)?.epoch).toBe(2);
  });

  test('should refuse an empty state', ({ db }) => {
    const { run } = seedRun(db);
    expect(() => createCheckpointsRepo(db).save(run.id, 1, new Uint8Array(0))).toThrow('a checkpoint state must not be empty');
  });
});
