// ReplayState on a real lab: two trained runs, frames from their checkpoints.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunSummary } from '../../../../app/contract/lab-api.ts';
import { createLabHandlers } from '../../../../app/api/lab-handlers.ts';
import { LabService } from '../../../../app/service/lab-service.ts';
import { experiment, moonsRun } from '../../../../test/helpers/experiments.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ReplayState, replayable } from './replay.svelte.ts';

let service: LabService;
let dir: string;
let runs: RunSummary[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bnlab-replay-state-'));
  service = new LabService({ dbFile: path.join(dir, 'lab.db'), poolSize: 2 });
  const { runIds } = service.createExperiment(experiment('e', [moonsRun('bn', { epochs: 4, samples: 100 }), moonsRun('plain', { epochs: 4, samples: 100, batchNorm: false })]));
  for (const id of runIds) service.start(id);
  await Promise.all(runIds.map((id) => service.waitFor(id)));
  runs = service.listRuns();
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ReplayState', () => {
  test('should offer finished runs only', () => {
    expect(replayable(runs).map((r) => r.name)).toEqual(['bn', 'plain']);
    expect(replayable([{ ...runs[0]!, status: 'running' }, { ...runs[1]!, epochsDone: 0, status: 'interrupted' }])).toEqual([]);
  });

  test('should show every chosen run at the slider\'s epoch, a nearby frame standing in while it loads', async () => {
    const state = new ReplayState(createLabHandlers(service));
    state.toggle(runs[0]!.id, true);
    state.toggle(runs[1]!.id, true);
    state.toggle(runs[0]!.id, true);
    expect(state.chosenIds).toEqual([runs[0]!.id, runs[1]!.id]);
    await state.cache.want(runs[0]!.id, 1, 'eval');
    await expect.poll(() => state.frame(runs[0]!).frame?.epoch).toBe(1);
    state.epoch = 3;
    expect(state.frame(runs[0]!)).toMatchObject({ exact: false, frame: { epoch: 1 } });
    await state.cache.want(runs[0]!.id, 3, 'eval');
    await expect.poll(() => state.frame(runs[0]!).exact).toBe(true);
    expect(state.frame(runs[0]!).frame!.layers).toHaveLength(2);
    expect(state.loaded([runs[0]!.id])).toEqual({ cached: 2, total: 5 });
  });

  test('should play from the start to the last epoch and stop there', () => {
    const state = new ReplayState(createLabHandlers(service));
    state.epoch = 4;
    state.togglePlay(4);
    expect(state).toMatchObject({ playing: true, epoch: 0 });
    for (let i = 0; i < 4; i++) state.tick(4);
    expect(state.epoch).toBe(4);
    state.tick(4);
    expect(state.playing).toBe(false);
  });
});

describe('ReplayState following an experiment', () => {
  test('should show an experiment\'s finished runs, add runs that finish later, and leave unticked runs alone', () => {
    const state = new ReplayState(createLabHandlers(service));
    const [bn, plain] = runs as [RunSummary, RunSummary];
    state.follow(bn.experimentId, [bn]);
    expect(state.chosenIds).toEqual([bn.id]);
    expect(state.epoch).toBe(4);
    state.toggle(bn.id, false);
    state.follow(bn.experimentId, [bn, plain]);
    expect(state.chosenIds).toEqual([plain.id]);
    state.follow(99, [bn, plain]);
    expect(state.chosenIds).toEqual([]);
  });

  test('should open on the deepest hidden layer until one is picked, and again for another experiment', () => {
    const state = new ReplayState(createLabHandlers(service));
    state.follow(runs[0]!.experimentId, replayable(runs));
    expect([1, 2, 3].map((hidden) => state.layerOf(hidden))).toEqual([0, 1, 2]);
    state.chosenLayer = 0;
    expect(state.layerOf(3)).toBe(0);
    // A picked layer deeper than the runs have shows their deepest.
    state.chosenLayer = 5;
    expect(state.layerOf(2)).toBe(1);
    state.follow(runs[0]!.experimentId + 1, []);
    expect(state.layerOf(3)).toBe(2);
  });

  test('should come back after a reload to the runs, epoch, mode and layer it showed', () => {
    const entries = new Map<string, string>();
    const storage = { getItem: (k: string) => entries.get(k) ?? null, setItem: (k: string, v: string) => void entries.set(k, v) };
    const before = new ReplayState(createLabHandlers(service), storage);
    before.follow(runs[0]!.experimentId, replayable(runs));
    before.toggle(runs[1]!.id, false);
    Object.assign(before, { epoch: 2, bnMode: 'train', chosenLayer: 0 });
    before.save();

    const after = new ReplayState(createLabHandlers(service), storage);
    after.follow(runs[0]!.experimentId, replayable(runs));
    expect({ chosen: after.chosenIds, epoch: after.epoch, bnMode: after.bnMode, layer: after.layerOf(2) }).toEqual({ chosen: [runs[0]!.id], epoch: 2, bnMode: 'train', layer: 0 });
    entries.set('bnlab-replay', '{"experimentId":"x"}');
    expect(new ReplayState(createLabHandlers(service), storage).chosenIds).toEqual([]);
  });
});
