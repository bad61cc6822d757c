// The service with real worker threads and a real SQLite file: nothing here is mocked.
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LabRecords } from '../../../app/service/lab-records.ts';
import { LabService, type LabEvent } from '../../../app/service/lab-service.ts';
import { namedTensors, networkFromState } from '../../../app/service/model-state.ts';
import { LabError } from '../../../app/service/lab-error.ts';
import { comparableEpochs, experiment, moonsRun, UNENDING_EPOCHS } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const open: LabRecords[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((lab) => lab.close()));
});

function newLab(options: { poolSize?: number; dbFile?: string } = {}): LabService {
  const lab = new LabService({ dbFile: options.dbFile ?? path.join(tempDir(), 'lab.db'), poolSize: options.poolSize ?? 2 });
  open.push(lab);
  return lab;
}

function record(lab: LabService): LabEvent[] {
  const events: LabEvent[] = [];
  lab.events.on('event', (e) => events.push(e));
  return events;
}

async function trainAll(lab: LabService, file: object): Promise<number[]> {
  const { runIds } = lab.createExperiment(file);
  for (const id of runIds) lab.start(id);
  await Promise.all(runIds.map((id) => lab.waitFor(id)));
  return runIds;
}

describe('LabService', () => {
  test('should train two runs at once on two threads and store every epoch and checkpoint', async () => {
    const lab = newLab({ poolSize: 2 });
    const EPOCHS = 12;
    const { runIds } = lab.createExperiment(experiment('pair', [moonsRun('bn', { epochs: EPOCHS }), moonsRun('plain', { epochs: EPOCHS, batchNorm: false })]));
    // A paused run holds its thread, so both paused at once means both had a thread at once,
    // however fast training is or however slowly the second thread starts.
    for (const id of runIds) startPaused(lab, id);
    await until(() => runIds.every((id) => lab.getRun(id).status === 'paused'));
    for (const id of runIds) lab.resume(id);
    await Promise.all(runIds.map((id) => lab.waitFor(id)));
    const upTo = (n: number, from: number) => Array.from({ length: n - from + 1 }, (_, i) => from + i);

    for (const id of runIds) {
      const run = lab.getRun(id);
      expect(run.status).toBe('done');
      expect(run.epochsDone).toBe(EPOCHS);
      expect(lab.epochs(id).map((e) => e.epoch)).toEqual(upTo(EPOCHS, 1));
      expect(lab.listCheckpoints(id).map((c) => c.epoch)).toEqual(upTo(EPOCHS, 0));
    }
  });

  test('should give matched pairs the same initial weights, and identical specs identical runs on any thread', async () => {
    const lab = newLab();
    const [bn, plain, twin] = await trainAll(lab, experiment('pair', [moonsRun('bn', { epochs: 2 }), moonsRun('plain', { epochs: 2, batchNorm: false }), moonsRun('bn twin', { epochs: 2 })]));
    const initial = async (id: number) => namedTensors(networkFromState(lab.getRun(id).spec, await lab.stateAt(id, 0)));
    const weights = async (id: number) => (await initial(id)).filter((t) => t.name === 'W').map((t) => t.values);
    expect(await weights(bn!)).toEqual(await weights(plain!));
    const withoutRun = (id: number) => comparableEpochs(lab.epochs(id)).map(({ runId: _r, ...e }) => e);
    expect(withoutRun(twin!)).toEqual(withoutRun(bn!));
    expect(withoutRun(plain!)).not.toEqual(withoutRun(bn!));
  });

  test('should stop a diverging run with a message naming the epoch and what to try, keeping its last good checkpoint', async () => {
    const lab = newLab();
    const [id] = await trainAll(lab, experiment('blow-up', [moonsRun('huge lr', { batchNorm: false, optimizer: { kind: 'gd', lr: 1e9 }, epochs: 20 })]));
    const run = lab.getRun(id!);
    expect(run.status).toBe('diverged');
    expect(run.error).toMatch(/the training loss became (NaN|Infinity) in epoch \d+ \(step \d+\); try a lower learning rate than 1000000000, or turn batch norm on\. The last good checkpoint is epoch \d+\./);
    const lastGood = Number(/checkpoint is epoch (\d+)/.exec(run.error!)![1]);
    expect(lab.listCheckpoints(id!).at(-1)!.epoch).toBe(lastGood);
    expect(run.epochsDone).toBe(lastGood);
  });

  test('should pause and resume a run in place and finish it', async () => {
    const lab = newLab({ poolSize: 1 });
    const events = record(lab);
    // Long enough that it cannot finish between the poll that sees epoch 2 and the pause.
    const { runIds: [id] } = lab.createExperiment(experiment('pause', [moonsRun('r', { epochs: 150, samples: 4000 })]));
    lab.start(id!);
    await until(() => lab.getRun(id!).epochsDone >= 2);
    lab.pause(id!);
    await until(() => lab.getRun(id!).status === 'paused');
    const pausedAt = lab.getRun(id!).epochsDone;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lab.getRun(id!).epochsDone).toBe(pausedAt);
    lab.resume(id!);
    const done = await lab.waitFor(id!);
    expect(done.status).toBe('done');
    expect(events.filter((e) => e.kind === 'status').map((e) => (e as { status: string }).status)).toEqual(['queued', 'running', 'paused', 'running', 'done']);
  });

  test('should step a paused run exactly one epoch at a time, and refuse a step of a run that is not paused', async () => {
    const lab = newLab({ poolSize: 1 });
    const { runIds: [id] } = lab.createExperiment(experiment('step', [moonsRun('r', { epochs: UNENDING_EPOCHS, samples: 4000 })]));
    lab.start(id!);
    await until(() => lab.getRun(id!).epochsDone >= 1);
    expect(() => lab.stepEpoch(id!)).toThrow(`run ${id} is running; only a paused run can step one epoch`);
    lab.pause(id!);
    await until(() => lab.getRun(id!).status === 'paused');
    const pausedAt = lab.getRun(id!).epochsDone;
    for (const expected of [pausedAt + 1, pausedAt + 2]) {
      const events = record(lab);
      lab.stepEpoch(id!);
      await until(() => events.some((e) => e.kind === 'status' && e.status === 'paused'));
      expect(lab.getRun(id!).epochsDone).toBe(expected);
      expect(events.filter((e) => e.kind === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([expected]);
    }
    // Paused again: nothing moves until asked.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lab.getRun(id!).epochsDone).toBe(pausedAt + 2);
    lab.stop(id!);
    await lab.waitFor(id!);
  });

  test('should resume a stopped run from its checkpoint and finish bit-identical to an uninterrupted run', async () => {
    const file = experiment('resume', [moonsRun('r', { epochs: 20, samples: 2000, checkpointEvery: 3 })]);
    const straight = newLab();
    const [reference] = await trainAll(straight, file);

    const lab = newLab();
    const { runIds: [id] } = lab.createExperiment(file);
    // Stepped to epoch 4 and stopped there, so the stop lands between checkpoints whatever the speed.
    startPaused(lab, id!);
    await until(() => lab.getRun(id!).status === 'paused');
    for (let epoch = 1; epoch <= 4; epoch++) {
      lab.stepEpoch(id!);
      await until(() => lab.getRun(id!).epochsDone === epoch && lab.getRun(id!).status === 'paused');
    }
    lab.stop(id!);
    const stopped = await lab.waitFor(id!);
    expect(stopped).toMatchObject({ status: 'interrupted', epochsDone: 4 });
    // The latest state is always stored, so nothing trained is lost to a stop.
    expect(stopped.error).toBe('stopped after epoch 4; resume continues from the checkpoint at epoch 4');
    lab.resume(id!);
    expect((await lab.waitFor(id!)).status).toBe('done');

    expect(comparableEpochs(lab.epochs(id!))).toEqual(comparableEpochs(straight.epochs(reference!)));
    expect(Buffer.compare(await lab.stateAt(id!, 14), await straight.stateAt(reference!, 14))).toBe(0);
  });

  test('should continue a done run for more epochs as the same run, bit-identical to one trained that long from the start', async () => {
    const file = (epochs: number) => experiment('continue', [moonsRun('r', { epochs, samples: 2000, checkpointEvery: 4 })]);
    const straight = newLab();
    const [reference] = await trainAll(straight, file(11));

    const lab = newLab();
    const [id] = await trainAll(lab, file(6));
    expect(() => lab.continueRun(id!, 0)).toThrow('more must be an integer >= 1, got 0');
    expect(() => lab.continueRun(id!, 100_000)).toThrow('training.epochs must be an integer from 1 to 100000, got 100006');
    const events = record(lab);
    lab.continueRun(id!, 5);
    expect(() => lab.continueRun(id!, 5)).toThrow(`run ${id} is queued; only a done run can continue for more epochs`);
    const done = await lab.waitFor(id!);

    expect(done).toMatchObject({ id, status: 'done', epochsDone: 11, epochsTotal: 11 });
    expect(lab.getRun(id!).spec.training.epochs).toBe(11);
    expect(events.filter((e) => e.kind === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([7, 8, 9, 10, 11]);
    expect(comparableEpochs(lab.epochs(id!))).toEqual(comparableEpochs(straight.epochs(reference!)));
    expect(Buffer.compare(await lab.stateAt(id!, 11), await straight.stateAt(reference!, 11))).toBe(0);
    // Still one run in one experiment: no copy was made.
    expect(lab.listRuns().map((r) => r.id)).toEqual([id]);
  });

  test('should branch from an epoch with a new optimizer, keeping the parent history and weights at that epoch', async () => {
    const lab = newLab();
    const [parent] = await trainAll(lab, experiment('branch', [moonsRun('r', { epochs: 6 })]));
    const child = await lab.branch(parent!, 3, { optimizer: { kind: 'momentum', lr: 0.05 } });
    const run = lab.getRun(child);
    expect(run).toMatchObject({ parentRunId: parent, branchEpoch: 3, epochsDone: 3, status: 'queued' });
    expect(run.spec.optimizer).toEqual({ kind: 'momentum', lr: 0.05, beta: 0.9, weightDecay: 0 });
    // Unnamed, it is named after what changed, in the words of the CLI's --set.
    expect(run.name).toBe('r @3 optimizer.kind=momentum optimizer.lr=0.05');
    lab.start(child);
    expect((await lab.waitFor(child)).status).toBe('done');
    expect(comparableEpochs(lab.epochs(child, { to: 3 })).map(({ runId: _r, ...e }) => e)).toEqual(comparableEpochs(lab.epochs(parent!, { to: 3 })).map(({ runId: _r, ...e }) => e));
    expect(lab.epochs(child).map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    // The momentum run went elsewhere after the branch point.
    expect(lab.epochs(child, { from: 4 })[0]!.trainLoss).not.toBe(lab.epochs(parent!, { from: 4 })[0]!.trainLoss);
    // Its checkpoints before the branch point are its parent's, so it replays (and branches) from any epoch.
    expect(lab.listCheckpoints(child).map((c) => c.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const epoch of [0, 2, 3]) expect(await lab.stateAt(child, epoch)).toEqual(await lab.stateAt(parent!, epoch));
    expect(await lab.stateAt(child, 4)).not.toEqual(await lab.stateAt(parent!, 4));
  });

  test('should mark runs left training or queued by a crashed process as interrupted, and resume them where they were', async () => {
    const dbFile = path.join(tempDir(), 'lab.db');
    const first = newLab({ dbFile });
    const [parent] = await trainAll(first, experiment('crash', [moonsRun('parent', { epochs: 4 })]));
    const { runIds: [training, waiting] } = first.createExperiment(experiment('crash', [moonsRun('training'), moonsRun('waiting')]));
    const branch = await first.branch(parent!, 2, { optimizer: { lr: 0.001 } });
    first.db.prepare("UPDATE runs SET status = 'running' WHERE id = ?").run(training);
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = newLab({ dbFile });
    expect([training, waiting, branch].map((id) => second.getRun(id!).status)).toEqual(['interrupted', 'interrupted', 'interrupted']);
    const events = record(second);
    second.resume(branch);
    expect((await second.waitFor(branch)).status).toBe('done');
    // The branch kept its parent's first two epochs and went on from there, not from scratch.
    expect(second.epochs(branch).map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(second.epochs(branch, { to: 2 }).map((e) => e.trainLoss)).toEqual(second.epochs(parent!, { to: 2 }).map((e) => e.trainLoss));
    expect(events.filter((e) => e.kind === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([3, 4]);
  });

  test('should leave another process\'s runs alone when opened only to read', async () => {
    const dbFile = path.join(tempDir(), 'lab.db');
    const trainer = newLab({ dbFile, poolSize: 1 });
    const { runIds: [id] } = trainer.createExperiment(experiment('shared', [moonsRun('r', { epochs: UNENDING_EPOCHS, samples: 4000 })]));
    trainer.start(id!);
    await until(() => trainer.getRun(id!).epochsDone >= 1);

    const reader = new LabRecords({ dbFile });
    open.push(reader);
    expect(reader.getRun(id!).status).toBe('running');
    trainer.stop(id!);
    expect((await trainer.waitFor(id!)).status).toBe('interrupted');
  });

  test('should refuse to start a run twice, or to resume a run that is stopping', async () => {
    const lab = newLab({ poolSize: 1 });
    const { runIds: [id] } = lab.createExperiment(experiment('twice', [moonsRun('r', { epochs: UNENDING_EPOCHS, samples: 4000 })]));
    lab.start(id!);
    expect(() => lab.start(id!)).toThrow(new LabError('invalid_state', `run ${id} is already queued`));
    await until(() => lab.getRun(id!).epochsDone >= 1);
    lab.stop(id!);
    expect(() => lab.resume(id!)).toThrow(new LabError('invalid_state', `run ${id} is stopping; resume it once it is interrupted`));
    expect((await lab.waitFor(id!)).status).toBe('interrupted');
  });

  test('should end a run failed when an epoch cannot be stored, keep no epoch after the hole, and resume it whole', async () => {
    const lab = newLab({ poolSize: 2 });
    // The store refuses epoch 3 of every run, as a full disk or a busy file would.
    lab.db.exec("CREATE TRIGGER refuse_epoch_3 BEFORE INSERT ON epoch_metrics WHEN NEW.epoch = 3 BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END");
    const [long, last] = await trainAll(lab, experiment('hole', [moonsRun('long', { epochs: 40, samples: 2000 }), moonsRun('ends at 3', { epochs: 3 })]));

    for (const id of [long!, last!]) {
      const run = lab.getRun(id);
      expect(run).toMatchObject({ status: 'failed', epochsDone: 2 });
      expect(run.error).toBe('could not save epoch progress: disk full (test); resume continues from the checkpoint at epoch 2');
      expect(lab.epochs(id).map((e) => e.epoch)).toEqual([1, 2]);
    }
    lab.db.exec('DROP TRIGGER refuse_epoch_3');
    lab.resume(last!);
    expect((await lab.waitFor(last!)).status).toBe('done');
    expect(lab.epochs(last!).map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  test('should refuse bad requests with clear errors and store nothing from a bad experiment', async () => {
    const lab = newLab();
    expect(() => lab.createExperiment(experiment('bad', [moonsRun('ok'), { ...moonsRun('bad'), optimizer: { kind: 'adam', lr: 0 } }]))).toThrow('runs[1].optimizer.lr must be a finite number > 0, got 0');
    expect(lab.listRuns()).toEqual([]);
    expect(() => lab.getRun(42)).toThrow(new LabError('not_found', 'there is no run 42'));
    const { runIds: [id] } = lab.createExperiment(experiment('ok', [moonsRun('r')]));
    expect(() => lab.resume(id!)).toThrow(`run ${id} is queued; only an interrupted, failed or paused run can resume`);
    expect(() => lab.pause(id!)).toThrow(`run ${id} is queued, not training`);
    await expect(lab.branch(id!, 5, {})).rejects.toThrow(`run ${id} has no state at epoch 5: it has 0 epochs, stored states at none`);
  });
});

/** Starts a run that pauses before its first step, so a test decides when each epoch trains. */
function startPaused(lab: LabService, id: number): void {
  lab.start(id);
  lab.pause(id);
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
