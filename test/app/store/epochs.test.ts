import { describe, expect } from 'vitest';
import { createCheckpointsRepo } from '../../../app/store/checkpoints.ts';
import { recordEpoch, recordEpochs, rewindToEpoch } from '../../../app/store/epochs.ts';
import { createExperimentsRepo } from '../../../app/store/experiments.ts';
import { createMetricsRepo } from '../../../app/store/metrics.ts';
import { createRunsRepo } from '../../../app/store/runs.ts';
import { countRows, epochMetrics, seedRun, test } from './fixtures.ts';

describe('recordEpoch', () => {
  test('should write the metrics, the checkpoint and the progress together', ({ db }) => {
    const { run } = seedRun(db);

    recordEpoch(db, run.id, epochMetrics(1), 20, new Uint8Array([1, 2, 3]));
    recordEpoch(db, run.id, epochMetrics(2), 21, null);

    expect(createMetricsRepo(db).forRun(run.id).map((m) => [m.epoch, m.wallMs])).toEqual([[1, 20], [2, 21]]);
    expect(createCheckpointsRepo(db).list(run.id).map((c) => c.epoch)).toEqual([1]);
    expect(createRunsRepo(db).get(run.id)?.epochsDone).toBe(2);
  });

  test('should keep nothing of an epoch whose checkpoint cannot be stored', ({ db }) => {
    // Arrange: a checkpoint at epoch 2 already exists, so storing another one there fails
    const { run } = seedRun(db);
    recordEpoch(db, run.id, epochMetrics(1), 20, new Uint8Array([1]));
    createCheckpointsRepo(db).save(run.id, 2, new Uint8Array([9]));

    // Act
    const record = () => recordEpoch(db, run.id, epochMetrics(2), 21, new Uint8Array([2]));

    // Assert
    expect(record).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(createMetricsRepo(db).forRun(run.id).map((m) => m.epoch)).toEqual([1]);
    expect(createCheckpointsRepo(db).atEpoch(run.id, 2)?.state).toEqual(new Uint8Array([9]));
    expect(createRunsRepo(db).get(run.id)?.epochsDone).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  test('should refuse an epoch that does not follow the last stored one, keeping nothing of it', ({ db }) => {
    const { run } = seedRun(db);
    recordEpoch(db, run.id, epochMetrics(1), 20, null);

    expect(() => recordEpoch(db, run.id, epochMetrics(3), 21, new Uint8Array([3]))).toThrow(`epoch 3 of run ${run.id} does not follow its last stored epoch 1`);
    expect(() => recordEpoch(db, run.id, epochMetrics(1), 21, null)).toThrow(`epoch 1 of run ${run.id} does not follow its last stored epoch 1`);
    expect(createMetricsRepo(db).forRun(run.id).map((m) => m.epoch)).toEqual([1]);
    expect(createCheckpointsRepo(db).list(run.id)).toEqual([]);
  });

  test('should refuse an epoch for a run that does not exist', ({ db }) => {
    const { run } = seedRun(db);
    expect(() => recordEpoch(db, run.id + 100, epochMetrics(1), 1, new Uint8Array([1]))).toThrow(/FOREIGN KEY/);
    expect(countRows(db, 'epoch_metrics')).toBe(0);
  });

  test('should make the curve readable by run name in plain SQL', ({ db }) => {
    const { run } = seedRun(db);
    recordEpoch(db, run.id, epochMetrics(1), 20.4, null);
    recordEpoch(db, run.id, epochMetrics(2), 19.6, null);

    const rows = db.prepare("SELECT experiment, epoch, train_loss, wall_ms FROM epoch_metrics_readable WHERE run = 'adam-bn' ORDER BY epoch").all();

    expect(rows).toEqual([
      { experiment: 'BN vs no BN', epoch: 1, train_loss: 1, wall_ms: 20 },
      { experiment: 'BN vs no BN', epoch: 2, train_loss: 0.5, wall_ms: 20 },
    ]);
  });
});

describe('recordEpochs', () => {
  test("should store several runs' epochs together, and a refused epoch costs only its own run its later epochs", ({ db }) => {
    // Arrange: run b already has epoch 1, so its epoch 1 here is refused, and its epoch 2 would leave a hole.
    const [a, b, c] = ['a', 'b', 'c'].map((name) => seedRun(db, { name }).run);
    recordEpoch(db, b!.id, epochMetrics(1), 5, null);
    const epoch = (runId: number, k: number) => ({ runId, metrics: epochMetrics(k), wallMs: 10, checkpoint: new Uint8Array([runId, k]) });

    // Act
    const refused = recordEpochs(db, [epoch(a!.id, 1), epoch(b!.id, 1), epoch(a!.id, 2), epoch(b!.id, 2), epoch(c!.id, 1)]);

    // Assert
    expect([...refused.keys()]).toEqual([b!.id]);
    expect(String(refused.get(b!.id))).toContain(`epoch 1 of run ${b!.id} does not follow its last stored epoch 1`);
    const stored = (runId: number) => [createMetricsRepo(db).forRun(runId).map((m) => [m.epoch, m.wallMs]), createRunsRepo(db).get(runId)?.epochsDone];
    expect(stored(a!.id)).toEqual([[[1, 10], [2, 10]], 2]);
    expect(stored(b!.id)).toEqual([[[1, 5]], 1]);
    expect(stored(c!.id)).toEqual([[[1, 10]], 1]);
    expect(createCheckpointsRepo(db).list(b!.id)).toEqual([]);
    expect(createCheckpointsRepo(db).atEpoch(a!.id, 2)?.state).toEqual(new Uint8Array([a!.id, 2]));
    expect(db.inTransaction).toBe(false);
  });
});

describe('rewindToEpoch', () => {
  test('should forget later metrics and checkpoints and set the progress back', ({ db }) => {
    const { run } = seedRun(db);
    for (let epoch = 1; epoch <= 4; epoch++) recordEpoch(db, run.id, epochMetrics(epoch), 10, new Uint8Array([epoch]));

    rewindToEpoch(db, run.id, 2);

    expect(createMetricsRepo(db).forRun(run.id).map((m) => m.epoch)).toEqual([1, 2]);
    expect(createCheckpointsRepo(db).list(run.id).map((c) => c.epoch)).toEqual([1, 2]);
    expect(createRunsRepo(db).get(run.id)?.epochsDone).toBe(2);
  });
});

describe('deleting', () => {
  test('should remove an experiment with its runs, metrics and checkpoints', ({ db }) => {
    const { experiment, run } = seedRun(db);
    const { run: other } = seedRun(db, { name: 'survivor' });
    recordEpoch(db, run.id, epochMetrics(1), 10, new Uint8Array([1]));
    recordEpoch(db, other.id, epochMetrics(1), 10, new Uint8Array([1]));

    expect(createExperimentsRepo(db).delete(experiment.id)).toBe(true);

    expect(createRunsRepo(db).list().map((r) => r.name)).toEqual(['survivor']);
    expect(countRows(db, 'epoch_metrics')).toBe(1);
    expect(countRows(db, 'checkpoints')).toBe(1);
  });

  test('should remove a run with its metrics and checkpoints', ({ db }) => {
    const { run } = seedRun(db);
    recordEpoch(db, run.id, epochMetrics(1), 10, new Uint8Array([1]));

    expect(createRunsRepo(db).delete(run.id)).toBe(true);

    expect(countRows(db, 'runs')).toBe(0);
    expect(countRows(db, 'epoch_metrics')).toBe(0);
    expect(countRows(db, 'checkpoints')).toBe(0);
    expect(countRows(db, 'experiments')).toBe(1);
  });
});
