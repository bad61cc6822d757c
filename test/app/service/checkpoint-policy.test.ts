// The checkpoint policy on a real file and real threads: the latest state and every N-th are kept,
// compressed; an epoch without a stored state is trained again bit-identically, for replay and for
// a branch. "Today" is what BN Lab stored before the policy: every epoch's state, uncompressed.
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { LabService } from '../../../app/service/lab-service.ts';
import { decodeState, type StateEncoding } from '../../../app/store/state-codec.ts';
import { comparableEpochs, experiment } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const open: LabService[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((lab) => lab.close()));
});

function newLab(): LabService {
  const lab = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 2 });
  open.push(lab);
  return lab;
}

/** Moons through two BN layers of 32 (the "2×32 network"), Adam, float32 (the default). */
function twoByThirtyTwo(name: string, epochs: number, checkpointEvery?: number) {
  return {
    name,
    dataset: { kind: 'moons', samples: 1000, noise: 0.2, seed: 1, validation: 0.2 },
    network: { layers: [{ units: 32, activation: 'relu', batchNorm: true }, { units: 32, activation: 'relu', batchNorm: true }], output: { loss: 'softmax_ce' } },
    optimizer: { kind: 'adam', lr: 0.01 },
    training: { epochs, batchSize: 32, seed: 7, ...(checkpointEvery === undefined ? {} : { checkpointEvery }) },
  };
}

async function trainAll(lab: LabService, runs: object[]): Promise<number[]> {
  const { runIds } = lab.createExperiment(experiment('policy', runs));
  for (const id of runIds) lab.start(id);
  for (const id of runIds) expect((await lab.waitFor(id)).status).toBe('done');
  return runIds;
}

function storedStates(lab: LabService, runId: number): { epoch: number; stored: number; raw: number }[] {
  const rows = lab.db.prepare('SELECT epoch, state, encoding FROM checkpoints WHERE run_id = ? ORDER BY epoch').all(runId) as { epoch: number; state: Buffer; encoding: StateEncoding }[];
  return rows.map((r) => ({ epoch: r.epoch, stored: r.state.length, raw: decodeState(r.encoding, r.state).length }));
}

test('should store at least 10× fewer checkpoint bytes per trained epoch than every whole state, as a 2×32 network trains', async () => {
  const EPOCHS = 60;
  const lab = newLab();
  const [everyEpoch, policy] = await trainAll(lab, [twoByThirtyTwo('as before', EPOCHS, 1), twoByThirtyTwo('default policy', EPOCHS)]);

  // Before the policy every epoch's state was stored whole: its bytes are the raw length of each.
  const before = storedStates(lab, everyEpoch!);
  expect(before.map((s) => s.epoch)).toEqual(Array.from({ length: EPOCHS + 1 }, (_, e) => e));
  const todayPerEpoch = before.reduce((sum, s) => sum + s.raw, 0) / EPOCHS;
  const kept = storedStates(lab, policy!);
  expect(kept.map((s) => s.epoch)).toEqual([0, 10, 20, 30, 40, 50, 60]);
  const policyPerEpoch = kept.reduce((sum, s) => sum + s.stored, 0) / EPOCHS;
  console.log(`checkpoint bytes per epoch, 2×32 network: every state whole ${todayPerEpoch.toFixed(0)}, policy ${policyPerEpoch.toFixed(0)} (${(todayPerEpoch / policyPerEpoch).toFixed(1)}×)`);
  expect(policyPerEpoch * 10).toBeLessThanOrEqual(todayPerEpoch);
  // Compression is lossless: both runs trained alike, so their kept states are the same bytes.
  for (const { epoch } of kept) expect(Buffer.compare(await lab.stateAt(policy!, epoch), await lab.stateAt(everyEpoch!, epoch)), `epoch ${epoch}`).toBe(0);
}, 120_000);

test('should branch bit-identically from an epoch whose state was not kept, and keep the branch point', async () => {
  const lab = newLab();
  const [sparse, dense] = await trainAll(lab, [twoByThirtyTwo('sparse', 12, 5), twoByThirtyTwo('dense', 12, 1)]);
  expect(lab.listCheckpoints(sparse!).map((c) => c.epoch)).toEqual([0, 5, 10, 12]);

  // Epoch 7 is trained again from epoch 5; the dense run stored it.
  expect(Buffer.compare(await lab.stateAt(sparse!, 7), await lab.stateAt(dense!, 7))).toBe(0);
  const fromSparse = await lab.branch(sparse!, 7, { optimizer: { kind: 'momentum', lr: 0.01 }, training: { epochs: 11 } });
  const fromDense = await lab.branch(dense!, 7, { optimizer: { kind: 'momentum', lr: 0.01 }, training: { epochs: 11 } });
  expect(lab.listCheckpoints(fromSparse).map((c) => c.epoch)).toEqual([0, 5, 7]);
  const stored = lab.listCheckpoints(fromDense).length;
  for (const id of [fromSparse, fromDense]) lab.start(id);
  for (const id of [fromSparse, fromDense]) expect((await lab.waitFor(id)).status).toBe('done');

  const curve = (id: number) => comparableEpochs(lab.epochs(id)).map(({ runId: _runId, ...row }) => row);
  expect(curve(fromSparse)).toEqual(curve(fromDense));
  expect(Buffer.compare(await lab.stateAt(fromSparse, 11), await lab.stateAt(fromDense, 11))).toBe(0);
  // After the branch point (another optimizer kind, started afresh there), and before it, where the
  // parent trained the epochs with its own settings.
  expect(lab.listCheckpoints(fromSparse).map((c) => c.epoch)).toEqual([0, 5, 7, 10, 11]);
  expect(lab.listCheckpoints(fromDense)).toHaveLength(stored + 4);
  expect(Buffer.compare(await lab.stateAt(fromSparse, 9), await lab.stateAt(fromDense, 9))).toBe(0);
  expect(Buffer.compare(await lab.stateAt(fromSparse, 3), await lab.stateAt(dense!, 3))).toBe(0);
}, 120_000);

test('should refuse a state that trains again differently from what was stored, naming the epoch', async () => {
  const lab = newLab();
  const [run] = await trainAll(lab, [twoByThirtyTwo('r', 4, 3)]);
  // As if another BN Lab's arithmetic had trained epoch 2: its stored loss differs from the one recomputed.
  lab.db.prepare('UPDATE epoch_metrics SET train_loss = train_loss + 1e-9 WHERE run_id = ? AND epoch = 2').run(run);
  await expect(lab.stateAt(run!, 2)).rejects.toThrow(/^epoch 2 trained again from the state at epoch 0 does not match the stored run/);
}, 60_000);
