// States the checkpoint policy did not keep are trained again on a thread of their own: the lab
// answers other calls meanwhile, says how far the training got, and the state is the one the run
// had (compared with a twin that kept every state). Real file, real threads.
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import type { LabEvent } from '../../../app/contract/lab-api.ts';
import { createLabHandlers } from '../../../app/api/lab-handlers.ts';
import { LabRecords } from '../../../app/service/lab-records.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { experiment } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const open: LabRecords[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((lab) => lab.close()));
});

/** A 2×64 BN network on 2,000 moons: an epoch takes long enough that ten of them are felt. */
function run(name: string, epochs: number, checkpointEvery: number) {
  return {
    name,
    dataset: { kind: 'moons', samples: 2000, noise: 0.2, seed: 3, validation: 0.2 },
    network: { layers: [{ units: 64, activation: 'relu', batchNorm: true }, { units: 64, activation: 'relu', batchNorm: true }], output: { loss: 'softmax_ce' } },
    optimizer: { kind: 'adam', lr: 0.01 },
    training: { epochs, batchSize: 16, seed: 5, checkpointEvery },
  };
}

async function trainedPair(dbFile: string): Promise<{ lab: LabService; sparse: number; dense: number }> {
  const lab = new LabService({ dbFile, poolSize: 2 });
  open.push(lab);
  const { runIds } = lab.createExperiment(experiment('state thread', [run('sparse', 13, 20), run('dense', 13, 1)]));
  for (const id of runIds) lab.start(id);
  for (const id of runIds) expect((await lab.waitFor(id)).status).toBe('done');
  return { lab, sparse: runIds[0]!, dense: runIds[1]! };
}

test('should answer other calls while a state is trained again, tell each epoch trained, and give the bytes the run had', async () => {
  const { lab, sparse, dense } = await trainedPair(path.join(tempDir(), 'lab.db'));
  expect(lab.listCheckpoints(sparse).map((c) => c.epoch)).toEqual([0, 13]);
  const progress: LabEvent[] = [];
  lab.events.on('event', (event) => event.kind === 'stateProgress' && progress.push(event));

  // Act: epoch 12 is 12 epochs from the nearest kept state; a listing is asked for right after.
  const order: string[] = [];
  const state = lab.stateAt(sparse, 12).then((bytes) => (order.push('state'), bytes));
  const listed = new Promise<void>((resolve) => setImmediate(() => (lab.listRuns(), order.push('list'), resolve())));
  const [bytes] = await Promise.all([state, listed]);

  // Assert: the listing did not wait for twelve epochs of training.
  expect(order).toEqual(['list', 'state']);
  expect(Buffer.compare(bytes, await lab.stateAt(dense, 12))).toBe(0);
  expect(progress).toEqual(Array.from({ length: 13 }, (_, done) => ({ kind: 'stateProgress', runId: sparse, epoch: 12, done, total: 12 })));
}, 120_000);

test('should serve replay frames and branches from the thread through the API, and a reader the same states', async () => {
  const dbFile = path.join(tempDir(), 'lab.db');
  const { lab, sparse, dense } = await trainedPair(dbFile);
  const api = createLabHandlers(lab);

  // Frames of an epoch that was not kept equal those of the twin that kept it, whatever the order asked in.
  const options = { bnMode: 'eval', resolution: 12 } as const;
  const [late, early] = await Promise.all([api.replayFrame(sparse, 11, options), api.replayFrame(sparse, 4, options)]);
  const strip = ({ runId: _runId, ...frame }: { runId: number }) => frame;
  expect(strip(late)).toEqual(strip(await api.replayFrame(dense, 11, options)));
  expect(strip(early)).toEqual(strip(await api.replayFrame(dense, 4, options)));

  const branch = await api.branchRun(sparse, 7, { optimizer: { lr: 0.001 } }, 'from 7');
  expect(Buffer.compare(await lab.stateAt(branch, 7), await lab.stateAt(dense, 7))).toBe(0);

  // A process that only reads computes the same state on its own thread.
  const reader = new LabRecords({ dbFile, readOnly: true });
  open.push(reader);
  expect(Buffer.compare(await reader.stateAt(sparse, 9), await lab.stateAt(dense, 9))).toBe(0);
}, 120_000);

test('should refuse a state past the run with the stored states named, and compute nothing once closed', async () => {
  const { lab, sparse } = await trainedPair(path.join(tempDir(), 'lab.db'));
  await expect(lab.stateAt(sparse, 14)).rejects.toThrow(`run ${sparse} has no state at epoch 14: it has 13 epochs, stored states at 0, 13`);
  const refused = expect(lab.stateAt(sparse, 12)).rejects.toThrow('the lab was closed before the state was computed');
  await lab.close();
  await refused;
}, 120_000);
