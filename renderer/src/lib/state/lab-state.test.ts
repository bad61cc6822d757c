// LabState on a real lab (service, SQLite file, handlers); the events are the ones a run would send.
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { EpochMetrics } from '../../../../engine/metrics.ts';
import { createLabHandlers } from '../../../../app/api/lab-handlers.ts';
import { LabService } from '../../../../app/service/lab-service.ts';
import { experiment, moonsRun } from '../../../../test/helpers/experiments.ts';
import { tempDir } from '../../../../test/helpers/temp-dir.ts';
import { LabState } from './lab-state.svelte.ts';

const metrics = (epoch: number): EpochMetrics => ({ epoch, steps: epoch, trainLoss: 1 / epoch, trainAccuracy: null, validationLoss: null, validationAccuracy: null, layers: [] });

let service: LabService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

/** A lab holding two queued runs, 1 and 2, of 3 epochs each. */
async function labWithTwoRuns(): Promise<{ state: LabState; train: (id: number) => Promise<void> }> {
  service = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 1 });
  service.createExperiment(experiment('e', [moonsRun('r1', { epochs: 3 }), moonsRun('r2', { epochs: 3 })]));
  const lab = service;
  return {
    state: new LabState(createLabHandlers(lab)),
    train: async (id) => {
      lab.start(id);
      await lab.waitFor(id);
    },
  };
}

describe('LabState', () => {
  test('should follow status and epoch events and grow the curves live', async () => {
    const { state } = await labWithTwoRuns();
    await state.refresh();
    await state.loadEpochs([1]);
    state.handle({ kind: 'status', runId: 1, status: 'running', error: null });
    state.handle({ kind: 'epoch', runId: 1, epoch: 1, epochsTotal: 3, wallMs: 7, metrics: metrics(1) });
    state.handle({ kind: 'epoch', runId: 1, epoch: 2, epochsTotal: 3, wallMs: 7, metrics: metrics(2) });
    expect(state.run(1)).toMatchObject({ status: 'running', epochsDone: 2 });
    expect(state.epochs.get(1)!.map((r) => r.epoch)).toEqual([1, 2]);
    expect(state.run(2)!.status).toBe('queued');
  });

  test('should keep epochs heard before a run is loaded and add them to what the load brings', async () => {
    const { state, train } = await labWithTwoRuns();
    await state.refresh();
    await train(1);
    state.handle({ kind: 'epoch', runId: 1, epoch: 3, epochsTotal: 3, wallMs: 7, metrics: metrics(3) });
    expect(state.epochs.has(1)).toBe(false);
    await state.loadEpochs([1]);
    expect(state.epochs.get(1)!.map((r) => [r.epoch, r.recordedAt === ''])).toEqual([[1, false], [2, false], [3, true]]);
    // An epoch heard while a fresh copy loads is neither shown late nor lost when the copy lands.
    const reload = state.loadEpochs([1], true);
    state.handle({ kind: 'epoch', runId: 1, epoch: 4, epochsTotal: 4, wallMs: 7, metrics: metrics(4) });
    expect(state.epochs.get(1)!.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    await reload;
    expect(state.epochs.get(1)!.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
  });

  test('should drop epochs a resumed run rewinds past, and ask for a refresh on an unknown run', async () => {
    const { state, train } = await labWithTwoRuns();
    await state.refresh();
    await state.loadEpochs([1]);
    state.handle({ kind: 'epoch', runId: 1, epoch: 1, epochsTotal: 3, wallMs: 7, metrics: metrics(1) });
    state.handle({ kind: 'epoch', runId: 1, epoch: 2, epochsTotal: 3, wallMs: 7, metrics: metrics(2) });
    state.handle({ kind: 'status', runId: 1, status: 'queued', error: null });
    expect(state.epochs.has(1)).toBe(false);
    await train(1);
    await state.loadEpochs([1]);
    expect(state.epochs.get(1)!.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(state.epochs.get(1)!.every((r) => r.recordedAt !== '')).toBe(true);
    expect(state.handle({ kind: 'status', runId: 9, status: 'running', error: null })).toBe(true);
  });

  test('should keep what events said while a refresh was on its way, and learn of new runs from it', async () => {
    const { state } = await labWithTwoRuns();
    await state.refresh();
    const stale = state.refresh();
    state.handle({ kind: 'epoch', runId: 2, epoch: 3, epochsTotal: 3, wallMs: 7, metrics: metrics(3) });
    state.handle({ kind: 'status', runId: 2, status: 'done', error: null });
    await stale;
    expect(state.run(2)).toMatchObject({ status: 'done', epochsDone: 3 });
    service!.createExperiment(experiment('later', [moonsRun('r3', { epochs: 3 })]));
    expect(state.handle({ kind: 'status', runId: 3, status: 'running', error: null })).toBe(true);
    const fetching = state.refresh();
    state.handle({ kind: 'status', runId: 3, status: 'done', error: null });
    await fetching;
    expect(state.run(3)?.status).toBe('done');
  });

  test("should say how far a state being trained again got, from the lab's own events, and forget it once done", async () => {
    service = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 1 });
    service.createExperiment(experiment('e', [moonsRun('r1', { epochs: 3, checkpointEvery: 10 })]));
    const state = new LabState(createLabHandlers(service));
    service.start(1);
    await service.waitFor(1);
    const heard: (number | undefined)[] = [];
    service!.events.on('event', (event) => {
      expect(state.handle(event)).toBe(false);
      heard.push(state.computing.get(1)?.done);
    });
    // Epoch 2 was not kept (the policy keeps 0 and the last): it is trained again from 0.
    await service!.stateAt(1, 2);
    expect(heard).toEqual([0, 1, undefined]);
    expect(state.computing.size).toBe(0);
  });

  test('should pass menu commands on to the views', async () => {
    const { state } = await labWithTwoRuns();
    state.handle({ kind: 'menu', command: 'export-report' });
    expect(state.menuCommand?.command).toBe('export-report');
  });
});
