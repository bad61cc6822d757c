import { describe, expect } from 'vitest';
import { createDatasetsRepo } from '../../../app/store/datasets.ts';
import { createExperimentsRepo } from '../../../app/store/experiments.ts';
import { createMetricsRepo } from '../../../app/store/metrics.ts';
import { createRunsRepo } from '../../../app/store/runs.ts';
import { adamSpec, epochMetrics, seedRun, test } from './fixtures.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('experiments repo', () => {
  test('should create, read, list, rename and delete, keeping a design as given', ({ db }) => {
    const repo = createExperimentsRepo(db);
    const a = repo.create('depth sweep');
    const design = { name: 'lr sweep', base: { dataset: { kind: 'moons' } }, vary: { 'optimizer.lr': [0.1, 1] }, repeats: 3 };
    const b = repo.create('lr sweep', design);

    expect(a).toEqual({ id: a.id, name: 'depth sweep', createdAt: expect.stringMatching(ISO), design: null });
    expect(repo.get(b.id)).toEqual({ ...b, design });
    expect(repo.rename(a.id, 'depth sweep (BN)')).toBe(true);
    expect(repo.list().map((e) => e.name)).toEqual(['depth sweep (BN)', 'lr sweep']);
    expect(repo.delete(b.id)).toBe(true);
    expect(repo.get(b.id)).toBeUndefined();
    expect(repo.rename(b.id, 'gone')).toBe(false);
    expect(repo.delete(b.id)).toBe(false);
  });
});

describe('datasets repo', () => {
  test('should round-trip the description and the standardization', ({ db }) => {
    const repo = createDatasetsRepo(db);
    const input = { name: 'iris', description: { kind: 'csv', file: 'iris.csv', validationFraction: 0.2 }, standardization: { mean: [5.84, 3.05], std: [0.83, 0.43] } };

    const created = repo.create(input);

    expect(created).toEqual({ ...input, id: created.id, createdAt: expect.stringMatching(ISO) });
    expect(repo.get(created.id)).toEqual(created);
    expect(repo.list()).toEqual([created]);
  });

  test('should refuse to delete a dataset that a run uses', ({ db }) => {
    const { dataset } = seedRun(db);
    expect(() => db.prepare('DELETE FROM datasets WHERE id = ?').run(dataset.id)).toThrow(/FOREIGN KEY/);
  });
});

describe('runs repo', () => {
  test('should store the spec whole and copy its settings into prefixed columns', ({ db }) => {
    const { experiment, dataset, run } = seedRun(db);

    expect(run).toEqual({
      id: run.id, experimentId: experiment.id, experimentName: 'BN vs no BN', datasetId: dataset.id, name: 'adam-bn',
      parentRunId: null, branchEpoch: null, status: 'queued', error: null, spec: { ...adamSpec(), arithmetic: 'float64' },
      dtype: 'float64', bnEps: 1e-5, bnMomentum: 0.1,
      optKind: 'adam', optLr: 0.001, optBeta: null, optBeta1: 0.9, optBeta2: 0.999, optEps: 1e-8, optWeightDecay: 0,
      epochsDone: 0, epochsTotal: 10, checkpointEvery: 1,
      createdAt: expect.stringMatching(ISO), startedAt: null, finishedAt: null,
      // A run alone is its own group.
      groupId: run.id,
    });
  });

  test('should record the arithmetic a run trains with, and name the old one for runs stored without it', ({ db }) => {
    const runs = createRunsRepo(db);
    const { run: current } = seedRun(db, { spec: { ...adamSpec(), dtype: 'float32' } });
    const { run: old } = seedRun(db, { spec: { ...adamSpec(), dtype: 'float32' } });
    const stored = JSON.parse(db.prepare<[number], { s: string }>('SELECT spec_json AS s FROM runs WHERE id = ?').get(old.id)!.s) as Record<string, unknown>;
    delete stored.arithmetic;
    db.prepare('UPDATE runs SET spec_json = ? WHERE id = ?').run(JSON.stringify(stored), old.id);

    expect(current.spec).toMatchObject({ dtype: 'float32', arithmetic: 'float32' });
    expect(runs.get(old.id)!.spec).toMatchObject({ dtype: 'float32', arithmetic: 'float32-with-float64-sums' });
  });

  test("should put momentum's beta in opt_beta and leave Adam's columns empty", ({ db }) => {
    const { run: first } = seedRun(db);
    const spec = { ...adamSpec(), dtype: 'float32' as const, optimizer: { kind: 'momentum' as const, lr: 0.1, beta: 0.9, weightDecay: 5e-4 } };

    const run = createRunsRepo(db).create({ experimentId: first.experimentId, datasetId: first.datasetId, name: 'sgd', spec, epochsTotal: 3, checkpointEvery: 5 });

    expect(run).toMatchObject({ dtype: 'float32', optKind: 'momentum', optBeta: 0.9, optBeta1: null, optBeta2: null, optEps: null, optWeightDecay: 5e-4, checkpointEvery: 5 });
    const raw = db.prepare('SELECT bn_momentum, opt_beta FROM runs WHERE id = ?').get(run.id);
    expect(raw).toEqual({ bn_momentum: 0.1, opt_beta: 0.9 });
  });

  test('should list runs with their experiment, optionally for one experiment', ({ db }) => {
    const { run: a } = seedRun(db);
    const { run: b } = seedRun(db, { name: 'adam-nobn' });
    const repo = createRunsRepo(db);

    const all = repo.list();

    expect(all.map((r) => [r.id, r.experimentName, r.name, r.status, r.epochsDone])).toEqual([
      [a.id, 'BN vs no BN', 'adam-bn', 'queued', 0],
      [b.id, 'BN vs no BN', 'adam-nobn', 'queued', 0],
    ]);
    expect(all[0]).not.toHaveProperty('spec');
    expect(repo.list(b.experimentId).map((r) => r.id)).toEqual([b.id]);
  });

  test('should set start and finish times as the status moves', ({ db }) => {
    const { run } = seedRun(db);
    const repo = createRunsRepo(db);

    repo.updateStatus(run.id, 'running');
    const running = repo.get(run.id)!;
    repo.updateStatus(run.id, 'failed', 'worker crashed');
    const failed = repo.get(run.id)!;
    repo.updateStatus(run.id, 'running');
    const resumed = repo.get(run.id)!;

    expect(running).toMatchObject({ status: 'running', startedAt: expect.stringMatching(ISO), finishedAt: null, error: null });
    expect(failed).toMatchObject({ status: 'failed', startedAt: running.startedAt, finishedAt: expect.stringMatching(ISO), error: 'worker crashed' });
    expect(resumed).toMatchObject({ status: 'running', startedAt: running.startedAt, finishedAt: null, error: null });
    expect(repo.updateStatus(run.id + 100, 'done')).toBe(false);
  });

  test('should refuse a status outside the known set', ({ db }) => {
    const { run } = seedRun(db);
    expect(() => db.prepare("UPDATE runs SET status = 'exploded' WHERE id = ?").run(run.id)).toThrow(/CHECK/);
  });

  test('should rename a run and report unknown ids', ({ db }) => {
    const { run } = seedRun(db);
    const repo = createRunsRepo(db);

    expect(repo.rename(run.id, 'adam-bn-lr1e-3')).toBe(true);
    expect(repo.get(run.id)?.name).toBe('adam-bn-lr1e-3');
    expect(repo.rename(run.id + 100, 'x')).toBe(false);
    expect(repo.get(run.id + 100)).toBeUndefined();
  });

  test('should keep a branch epoch when the parent run is deleted', ({ db }) => {
    const { run: parent } = seedRun(db);
    const repo = createRunsRepo(db);
    const child = repo.create({ experimentId: parent.experimentId, datasetId: parent.datasetId, name: 'branch@3', spec: adamSpec(), epochsTotal: 10, branch: { parentRunId: parent.id, epoch: 3 } });

    expect(child).toMatchObject({ parentRunId: parent.id, branchEpoch: 3, epochsDone: 3 });
    expect(repo.delete(parent.id)).toBe(true);
    expect(repo.get(child.id)).toMatchObject({ parentRunId: null, branchEpoch: 3 });
  });
});

describe('metrics repo', () => {
  test('should round-trip every field of an epoch, including the per-layer statistics', ({ db }) => {
    const { run } = seedRun(db);
    const repo = createMetricsRepo(db);
    const metrics = epochMetrics(1);

    repo.insert(run.id, metrics, 12.5);

    expect(repo.forRun(run.id)).toEqual([{ ...metrics, runId: run.id, wallMs: 12.5, recordedAt: expect.stringMatching(ISO) }]);
  });

  test('should keep NaN and infinities of a diverging epoch', ({ db }) => {
    const { run } = seedRun(db);
    const repo = createMetricsRepo(db);
    const metrics = { ...epochMetrics(2, NaN), validationLoss: Infinity, trainAccuracy: null };
    metrics.layers[0]!.gradNorm = { W: Infinity, b: null, gamma: NaN, beta: -Infinity };

    repo.insert(run.id, metrics, 3);
    const [stored] = repo.forRun(run.id);

    expect(stored!.trainLoss).toBeNaN();
    expect(stored!.validationLoss).toBe(Infinity);
    expect(stored!.trainAccuracy).toBeNull();
    expect(stored!.layers[0]!.gradNorm).toEqual({ W: Infinity, b: null, gamma: NaN, beta: -Infinity });
  });

  test('should read a range of epochs and delete the epochs after k', ({ db }) => {
    const { run } = seedRun(db);
    const repo = createMetricsRepo(db);
    for (let epoch = 1; epoch <= 5; epoch++) repo.insert(run.id, epochMetrics(epoch), epoch);

    expect(repo.forRun(run.id, { from: 2, to: 4 }).map((m) => m.epoch)).toEqual([2, 3, 4]);
    expect(repo.forRun(run.id, { from: 4 }).map((m) => m.epoch)).toEqual([4, 5]);
    expect(repo.forRun(run.id, { to: 1 }).map((m) => m.epoch)).toEqual([1]);
    expect(repo.deleteAfter(run.id, 3)).toBe(2);
    expect(repo.forRun(run.id).map((m) => m.epoch)).toEqual([1, 2, 3]);
  });
});
