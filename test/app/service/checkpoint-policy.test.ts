// The checkpoint policy on a real file and real threads: the latest state and every N-th are kept,
// compressed; an epoch without a stored state is trained again bit-identically, for replay and for
// a branch. "Today" is what BN Lab stored before the policy: every epoch's state, uncompressed. And
// the whole file, measured in pages, grows by a tenth of what the first version's did per epoch.
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { LabService } from '../../../app/service/lab-service.ts';
import { decodeState, type StateEncoding } from '../../../app/store/state-codec.ts';
import { exportRuns, toCsv } from '../../../app/service/export.ts';
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
  expect(kept.map((s) => s.epoch)).toEqual([0, 25, 50, 60]);
  const policyPerEpoch = kept.reduce((sum, s) => sum + s.stored, 0) / EPOCHS;
  console.log(`checkpoint bytes per epoch, 2×32 network: every state whole ${todayPerEpoch.toFixed(0)}, policy ${policyPerEpoch.toFixed(0)} (${(todayPerEpoch / policyPerEpoch).toFixed(1)}×)`);
  expect(policyPerEpoch * 10).toBeLessThanOrEqual(todayPerEpoch);
  // Compression is lossless: both runs trained alike, so their kept states are the same bytes.
  for (const { epoch } of kept) expect(Buffer.compare(await lab.stateAt(policy!, epoch), await lab.stateAt(everyEpoch!, epoch)), `epoch ${epoch}`).toBe(0);
}, 120_000);

/** The first version's file grew by 21.4 kB per trained epoch of this network (issue 14). */
const FIRST_VERSION_BYTES_PER_EPOCH = 21_400;

/** What the file takes on disk: its pages, the write-ahead log folded in first. */
function fileBytes(lab: LabService): number {
  lab.db.pragma('wal_checkpoint(TRUNCATE)');
  return (lab.db.pragma('page_count', { simple: true }) as number) * (lab.db.pragma('page_size', { simple: true }) as number);
}

/** Pages per table (and free pages), in bytes. */
function tableBytes(lab: LabService): Record<string, number> {
  const rows = lab.db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
  const free = (lab.db.pragma('freelist_count', { simple: true }) as number) * (lab.db.pragma('page_size', { simple: true }) as number);
  return { ...Object.fromEntries(rows.map((r) => [r.name, r.bytes])), 'free pages': free };
}

test('should grow the whole file by at least 10× fewer bytes per trained epoch than the first version, for a 2×32 network', async () => {
  const perEpoch: Record<number, number> = {};
  for (const epochs of [50, 100]) {
    const lab = newLab();
    const before = fileBytes(lab);
    const tablesBefore = tableBytes(lab);
    await trainAll(lab, [twoByThirtyTwo('default policy', epochs)]);
    // No VACUUM: pages left free in the file count too.
    perEpoch[epochs] = (fileBytes(lab) - before) / epochs;
    const grown = Object.entries(tableBytes(lab)).filter(([name, bytes]) => bytes !== (tablesBefore[name] ?? 0)).map(([name, bytes]) => `${name} ${((bytes - (tablesBefore[name] ?? 0)) / epochs).toFixed(0)}`);
    console.log(`whole file, 2×32 network, ${epochs} epochs: ${perEpoch[epochs]!.toFixed(0)} bytes per trained epoch (${(FIRST_VERSION_BYTES_PER_EPOCH / perEpoch[epochs]!).toFixed(1)}× fewer than ${FIRST_VERSION_BYTES_PER_EPOCH}); of which ${grown.join(', ')}`);
  }
  for (const bytes of Object.values(perEpoch)) expect(bytes * 10).toBeLessThanOrEqual(FIRST_VERSION_BYTES_PER_EPOCH);
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

test("should export every epoch's γ, β and running averages from states, the ones not kept trained again", async () => {
  const lab = newLab();
  const [sparse, dense] = await trainAll(lab, [twoByThirtyTwo('sparse', 12, 5), twoByThirtyTwo('dense', 12, 1)]);
  // Every column but the run's id and name and the wall-clock time; the dense run's every state was stored.
  const rows = async (id: number) => {
    const [header, ...lines] = toCsv(await exportRuns(lab, [id], 'test')).trimEnd().split('\r\n').map((line) => line.split(','));
    const kept = header!.flatMap((name, i) => (['run_id', 'run', 'wall_ms'].includes(name) ? [] : [i]));
    return [header!, ...lines].map((cells) => kept.map((i) => cells[i]).join(','));
  };
  const [header, ...sparseRows] = await rows(sparse!);
  expect(header).toContain('layer1_bn_running_var_u31');
  expect(sparseRows).toHaveLength(12);
  expect([header, ...sparseRows]).toEqual(await rows(dense!));
}, 60_000);

test('should refuse a state that trains again differently from what was stored, naming the epoch', async () => {
  const lab = newLab();
  const [run] = await trainAll(lab, [twoByThirtyTwo('r', 4, 3)]);
  // As if another BN Lab's arithmetic had trained epoch 2: its stored loss differs from the one recomputed.
  lab.db.prepare('UPDATE epoch_metrics SET train_loss = train_loss + 1e-9 WHERE run_id = ? AND epoch = 2').run(run);
  await expect(lab.stateAt(run!, 2)).rejects.toThrow(/^epoch 2 trained again from the state at epoch 0 does not match the stored run/);
}, 60_000);

test('should give the stored run\'s states for epochs asked in any order between sparse checkpoints, reusing those trained again', async () => {
  const lab = newLab();
  const [sparse, dense] = await trainAll(lab, [twoByThirtyTwo('sparse', 12, 10), twoByThirtyTwo('dense', 12, 1)]);
  expect(lab.listCheckpoints(sparse!).map((c) => c.epoch)).toEqual([0, 10, 12]);
  // 7 trains from 0 and is kept in memory; 4 trains from 0 again; 9 trains on from 7; 11 trains from the stored 10.
  for (const epoch of [7, 4, 9, 11, 7]) expect(Buffer.compare(await lab.stateAt(sparse!, epoch), await lab.stateAt(dense!, epoch)), `epoch ${epoch}`).toBe(0);
}, 120_000);
