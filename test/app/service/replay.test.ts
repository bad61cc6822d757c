// Replay frames rebuilt from real checkpoints of a trained run.
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createLabHandlers } from '../../../app/api/lab-handlers.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let lab: LabService | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

async function trained(runs: object[]) {
  lab = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 2 });
  const { runIds } = lab.createExperiment(experiment('replay', runs));
  for (const id of runIds) lab.start(id);
  await Promise.all(runIds.map((id) => lab!.waitFor(id)));
  return { api: createLabHandlers(lab), runIds };
}

describe('replayFrame', () => {
  test('should draw the boundary from the checkpoint of the epoch asked for, learning over epochs', async () => {
    const { api, runIds: [id] } = await trained([moonsRun('r', { epochs: 6 })]);
    const first = await api.replayFrame(id!, 0, { bnMode: 'eval', resolution: 30 });
    const last = await api.replayFrame(id!, 6, { bnMode: 'eval', resolution: 30 });
    expect(first.epoch).toBe(0);
    expect(last.epoch).toBe(6);
    expect(last.boundary!.kind).toBe('probability');
    expect(last.boundary!.z.flat().every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(last.boundary!.z).not.toEqual(first.boundary!.z);

    // The trained boundary separates the classes: most points fall on their own side.
    const points = (await api.runPoints(id!))!;
    const { x, y, z } = last.boundary!;
    const nearest = (axis: number[], v: number) => axis.reduce((best, a, i) => (Math.abs(a - v) < Math.abs(axis[best]! - v) ? i : best), 0);
    const right = points.x.filter((px, i) => (z[nearest(y, points.y[i]!)]![nearest(x, px)]! > 0.5 ? 1 : 0) === points.label[i]).length;
    expect(right / points.x.length).toBeGreaterThan(0.85);
  });

  test('should normalize with the last batch in train mode and the running averages in eval mode', async () => {
    const { api, runIds: [id] } = await trained([moonsRun('r', { epochs: 2 })]);
    const train = await api.replayFrame(id!, 2, { bnMode: 'train', resolution: 20 });
    const evaluation = await api.replayFrame(id!, 2, { bnMode: 'eval', resolution: 20 });
    const stats = (await api.epochs(id!, { from: 2, to: 2 }))[0]!.layers[0]!.bn!;
    expect(train.layers[0]!.batchMean).toEqual(stats.batchMean);
    // The running averages are the epoch's state in both modes; only the batch's were stored per epoch.
    expect(evaluation.layers[0]!.runningMean).toEqual(train.layers[0]!.runningMean);
    expect(train.layers[0]!.runningMean).not.toEqual(stats.batchMean);
    expect(train.boundary!.z).not.toEqual(evaluation.boundary!.z);
  });

  test('should replay an epoch whose state was not kept exactly as one that was, and have no boundary beyond 2-D', async () => {
    const { api, runIds: [sparse, dense, iris] } = await trained([
      moonsRun('sparse', { epochs: 5, checkpointEvery: 2 }),
      moonsRun('dense', { epochs: 5, checkpointEvery: 1 }),
      { name: 'iris', dataset: { kind: 'iris' }, network: { layers: [{ units: 8, batchNorm: true }] }, training: { epochs: 1, batchSize: 16 } },
    ]);
    expect((await api.listCheckpoints(sparse!)).map((c) => c.epoch)).toEqual([0, 2, 4, 5]);
    const { runId: _sparse, ...retrained } = await api.replayFrame(sparse!, 3, { bnMode: 'eval' });
    const { runId: _dense, ...stored } = await api.replayFrame(dense!, 3, { bnMode: 'eval' });
    expect(retrained.epoch).toBe(3);
    expect(retrained).toEqual(stored);
    const frame = await api.replayFrame(iris!, 1, { bnMode: 'eval' });
    expect(frame.boundary).toBeNull();
    expect(frame.layers).toHaveLength(1);
    expect(await api.runPoints(iris!)).toBeNull();
  });
});
