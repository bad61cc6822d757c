import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ReplayFrame, ReplayOptions } from '../../../../app/contract/lab-api.ts';
import { createLabHandlers } from '../../../../app/api/lab-handlers.ts';
import { LabService } from '../../../../app/service/lab-service.ts';
import { experiment, moonsRun } from '../../../../test/helpers/experiments.ts';
import { tempDir } from '../../../../test/helpers/temp-dir.ts';
import { checkpointAtOrBefore, coarseToFine, FrameCache, type FrameSource } from './frame-cache.ts';

/** A lab that answers by hand: the test decides when each request completes. */
function handSource(checkpoints: Record<number, number[]>) {
  const asked: string[] = [];
  const pending: (() => void)[] = [];
  const source: FrameSource = {
    listCheckpoints: async (runId) => (checkpoints[runId] ?? []).map((epoch) => ({ epoch, byteLength: 1, createdAt: '' })),
    replayFrame: (runId, epoch, options: ReplayOptions) => {
      asked.push(`${runId}:${epoch}:${options.bnMode}`);
      return new Promise<ReplayFrame>((resolve) => pending.push(() => resolve({ runId, epoch, boundary: null, layers: [] })));
    },
  };
  const settle = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { source, asked, settle };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('replay frame cache', () => {
  test('should map an epoch to the latest checkpoint at or before it', () => {
    expect(checkpointAtOrBefore([0, 5, 10], 7)).toBe(5);
    expect(checkpointAtOrBefore([0, 5, 10], 10)).toBe(10);
    expect(checkpointAtOrBefore([0, 5, 10], 99)).toBe(10);
    expect(checkpointAtOrBefore([3, 5], 2)).toBeNull();
    expect(checkpointAtOrBefore([], 2)).toBeNull();
  });

  test('should order checkpoints so that every prefix spreads over the whole range', () => {
    expect(coarseToFine(range(9))).toEqual([0, 8, 4, 2, 6, 1, 3, 5, 7]);
    const order = coarseToFine(range(1001));
    expect(new Set(order).size).toBe(1001);
    expect(order.slice(0, 3)).toEqual([0, 1000, 512]);
    // After 64 frames no epoch is further than 16 from one.
    const first = [...order.slice(0, 64)].sort((a, b) => a - b);
    expect(Math.max(...first.slice(1).map((e, i) => e - first[i]!))).toBeLessThanOrEqual(32);
  });

  test('should fetch the slider\'s frame before the prefetch queue and never twice', async () => {
    const { source, asked, settle } = handSource({ 1: range(11), 2: range(11) });
    let arrived = 0;
    const cache = new FrameCache(source, { resolution: 10, concurrency: 1, onFrame: () => arrived++ });
    await cache.prefetch([{ id: 1, epochsDone: 10 }, { id: 2, epochsDone: 10 }], 'eval');
    await cache.want(2, 7, 'eval');
    await settle();
    expect(asked.slice(0, 4)).toEqual(['1:0:eval', '2:7:eval', '2:0:eval', '1:10:eval']);
    expect(asked).toHaveLength(22);
    expect(arrived).toBe(22);
    await cache.want(2, 7, 'eval');
    expect(asked).toHaveLength(22);
    expect(cache.progress([1, 2], 'eval')).toEqual({ cached: 22, total: 22 });
    expect(cache.progress([1, 2], 'train')).toEqual({ cached: 0, total: 22 });
  });

  test('should tell an epoch no checkpoint can show from one that is loading', async () => {
    const { source } = handSource({ 1: [300, 301] });
    const cache = new FrameCache(source, { resolution: 4 });
    expect(cache.canShow(1, 5)).toBe(true); // not known yet: it may load
    await cache.checkpoints(1);
    expect(cache.canShow(1, 5)).toBe(false);
    expect(cache.canShow(1, 300)).toBe(true);
  });

  test('should show the nearest cached frame while the exact one is loading, and snap to the states an imported run brought', async () => {
    // No state at epoch 0: an imported run, whose other epochs cannot be trained again.
    const { source, settle } = handSource({ 1: [5, 10, 20, 30] });
    const cache = new FrameCache(source, { resolution: 10 });
    await cache.want(1, 10, 'eval');
    await settle();
    expect(cache.get(1, 27, 'eval')).toBeUndefined();
    expect(cache.nearest(1, 27, 'eval')?.epoch).toBe(10);
    expect(cache.nearest(1, 27, 'train')).toBeUndefined();
    await cache.want(1, 27, 'eval');
    await settle();
    expect(cache.get(1, 27, 'eval')?.epoch).toBe(20);
  });

  test('should forget the least recently used frames beyond its capacity', async () => {
    const { source, settle } = handSource({ 1: range(5) });
    const cache = new FrameCache(source, { resolution: 10, capacity: 3 });
    for (const e of [0, 1, 2]) await cache.want(1, e, 'eval');
    await settle();
    cache.get(1, 0, 'eval');
    await cache.want(1, 3, 'eval');
    await settle();
    expect([0, 1, 2, 3].map((e) => cache.get(1, e, 'eval') !== undefined)).toEqual([true, false, true, true]);
  });
});

describe('replay frame cache on a real lab', () => {
  let service: LabService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  test('should draw every epoch of a run trained here, the ones between kept states trained again', async () => {
    service = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 1 });
    const { runIds } = service.createExperiment(experiment('e', [moonsRun('r', { epochs: 5, checkpointEvery: 2, samples: 100 })]));
    service.start(runIds[0]!);
    await service.waitFor(runIds[0]!);
    const cache = new FrameCache(createLabHandlers(service), { resolution: 8 });
    expect((await service.listCheckpoints(runIds[0]!)).map((c) => c.epoch)).toEqual([0, 2, 4, 5]);
    expect(await cache.checkpoints(runIds[0]!)).toEqual([0, 1, 2, 3, 4, 5]);
    await cache.want(runIds[0]!, 3, 'train');
    await expect.poll(() => cache.get(runIds[0]!, 3, 'train')?.epoch).toBe(3);
    const frame = cache.get(runIds[0]!, 3, 'train')!;
    expect(frame.boundary?.z).toHaveLength(8);
    expect(frame.layers.map((l) => l.layer)).toEqual([0, 1]);
  });
});

describe('replay frame cache following the run list', () => {
  test('should drop a deleted run and list a resumed run\'s checkpoints again', async () => {
    const checkpoints: Record<number, number[]> = { 1: [0, 1], 2: [0, 1] };
    const { source, settle } = handSource(checkpoints);
    const cache = new FrameCache(source, { resolution: 10 });
    await cache.checkpoints(1, 1);
    await cache.checkpoints(2, 1);
    await cache.want(1, 1, 'eval');
    await cache.want(2, 1, 'eval');
    await settle();
    checkpoints[1] = [0, 1, 2, 3];
    cache.sync([{ id: 1, epochsDone: 3 }]);
    expect(cache.get(2, 1, 'eval')).toBeUndefined();
    expect(await cache.checkpoints(1)).toEqual([0, 1, 2, 3]);
    expect(cache.get(1, 1, 'eval')?.epoch).toBe(1);
  });
});
