// Designs (a base run, the factors to vary, repeats): their expansion, the service resolving and
// storing them, and the matched pairs they make (shared initial weights and batch order).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { expandDesign, type ExperimentDesign, type ExpandedRun } from '../../../app/contract/experiment-design.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { LabError } from '../../../app/service/lab-error.ts';
import { namedTensors, networkFromState } from '../../../app/service/model-state.ts';
import { readStateHeader } from '../../../engine/index.ts';
import { catchError } from '../../helpers/errors.ts';
import { moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const LECTURE = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../app/examples/bn-higher-learning-rate.json'), 'utf8')) as ExperimentDesign;

function runsOf(design: ExperimentDesign): ExpandedRun[] {
  const expansion = expandDesign(design);
  if ('problems' in expansion) throw new Error(JSON.stringify(expansion.problems));
  return expansion.runs;
}

describe('expandDesign', () => {
  test("should expand the lecture's file into 3 × 2 × 5 runs named from what varies, BN on every layer, seeds 1…5", () => {
    const runs = runsOf(LECTURE);
    expect(runs).toHaveLength(30);
    expect(runs.slice(0, 6).map((r) => r.name)).toEqual(['lr 0.1, BN, seed 1', 'lr 0.1, BN, seed 2', 'lr 0.1, BN, seed 3', 'lr 0.1, BN, seed 4', 'lr 0.1, BN, seed 5', 'lr 0.1, no BN, seed 1']);
    const third = runs.find((r) => r.name === 'lr 1, BN, seed 3')!;
    expect(third.run).toMatchObject({ optimizer: { kind: 'gd', lr: 1 }, training: { epochs: 30, seed: 3 }, network: { layers: [{ units: 100, activation: 'sigmoid', batchNorm: true }] } });
    for (const run of runs) expect(run.run.dataset).toEqual({ kind: 'digits' });
    expect(new Set(runs.map((r) => r.name)).size).toBe(30);
  });

  test('should switch batch norm on every hidden layer, and keep of the optimizer only what a new kind reads', () => {
    const runs = runsOf({
      name: 'grid',
      base: { dataset: { kind: 'moons' }, network: { layers: [{ units: 8, batchNorm: true }, { units: 8 }] }, optimizer: { kind: 'adam', lr: 0.01, beta1: 0.8 } },
      vary: { 'optimizer.kind': ['gd', 'momentum', 'rmsprop', 'adam'], 'network.batchNorm': [true, false] },
    });
    expect(runs.map((r) => r.name)).toEqual(['Gradient descent, BN', 'Gradient descent, no BN', 'Momentum, BN', 'Momentum, no BN', 'RMSprop, BN', 'RMSprop, no BN', 'Adam, BN', 'Adam, no BN']);
    expect(runs[1]!.run.network).toEqual({ layers: [{ units: 8, batchNorm: false }, { units: 8, batchNorm: false }] });
    expect(runs.map((r) => r.run.optimizer)).toEqual([
      { kind: 'gd', lr: 0.01 }, { kind: 'gd', lr: 0.01 }, { kind: 'momentum', lr: 0.01 }, { kind: 'momentum', lr: 0.01 },
      { kind: 'rmsprop', lr: 0.01 }, { kind: 'rmsprop', lr: 0.01 }, { kind: 'adam', lr: 0.01, beta1: 0.8 }, { kind: 'adam', lr: 0.01, beta1: 0.8 },
    ]);
  });

  test('should merge an exception over the run it names, and refuse one that names no run or changes the data', () => {
    const design: ExperimentDesign = { ...LECTURE, exceptions: { 'lr 3, no BN, seed 2': { optimizer: { lr: 2 }, training: { epochs: 10 } } } };
    const edited = runsOf(design).find((r) => r.name === 'lr 3, no BN, seed 2')!;
    expect(edited.run).toMatchObject({ optimizer: { kind: 'gd', lr: 2 }, training: { epochs: 10, seed: 2 } });
    expect(runsOf(design).filter((r) => JSON.stringify(r.run).includes('"lr":2'))).toHaveLength(1);
    expect(expandDesign({ ...LECTURE, exceptions: { 'lr 4, BN, seed 1': {}, 'lr 1, BN, seed 1': { dataset: { kind: 'moons' } } } })).toEqual({
      problems: [
        { field: 'exceptions.lr 4, BN, seed 1', expected: expect.stringMatching(/^must name a run of the design \(lr 0.1, BN, seed 1;/), got: 'lr 4, BN, seed 1' },
        { field: 'exceptions.lr 1, BN, seed 1', expected: expect.stringContaining("the dataset is the whole experiment's"), got: { dataset: { kind: 'moons' } } },
      ],
    });
  });

  test('should refuse an unknown factor, an empty or repeated list of values, and bad repeats, all at once', () => {
    const result = expandDesign({ name: 'x', base: {}, vary: { 'optimizer.lrr': [1], 'optimizer.lr': [], 'network.batchNorm': [true, true] }, repeats: 0 });
    expect('problems' in result && result.problems.map((p) => [p.field, p.expected.split(' (')[0]])).toEqual([
      ['vary.optimizer.lrr', 'is not a factor a design can vary'],
      ['vary.optimizer.lr', 'must be a non-empty array of values'],
      ['vary.network.batchNorm', 'must not list a value twice'],
      ['repeats', 'must be an integer from 1 to 100'],
    ]);
  });
});

describe('a design in the lab', () => {
  let lab: LabService | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  const base = moonsRun('base', { epochs: 2, samples: 200 });
  const sweep: ExperimentDesign = {
    name: 'lr sweep',
    base: { dataset: base.dataset, network: base.network, optimizer: { kind: 'gd', lr: 0.1 }, training: { ...base.training, seed: 11 } },
    vary: { 'optimizer.lr': [0.1, 1], 'network.batchNorm': [true, false] },
    repeats: 2,
  };

  test('should store the expanded runs resolved and named, and the design with the experiment', () => {
    lab = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 2 });
    const { experimentId, runIds } = lab.createExperiment(sweep);
    expect(runIds).toHaveLength(8);
    const runs = runIds.map((id) => lab!.getRun(id));
    expect(runs.map((r) => r.name)).toEqual(['lr 0.1, BN, seed 1', 'lr 0.1, BN, seed 2', 'lr 0.1, no BN, seed 1', 'lr 0.1, no BN, seed 2', 'lr 1, BN, seed 1', 'lr 1, BN, seed 2', 'lr 1, no BN, seed 1', 'lr 1, no BN, seed 2']);
    expect(runs.map((r) => [r.spec.optimizer.lr, r.spec.network.layers.every((l) => l.batchNorm), r.spec.training.seed])).toEqual([
      [0.1, true, 1], [0.1, true, 2], [0.1, false, 1], [0.1, false, 2], [1, true, 1], [1, true, 2], [1, false, 1], [1, false, 2],
    ]);
    // The data and its split are the experiment's: one dataset row for all eight runs.
    expect(new Set(runs.map((r) => r.datasetId)).size).toBe(1);
    expect(lab.getExperiment(experimentId)).toMatchObject({ name: 'lr sweep', design: sweep });
  });

  test('should train matched runs from the same initial weights and batch order wherever the shapes match', async () => {
    lab = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 2 });
    const { runIds } = lab.createExperiment(sweep);
    for (const id of runIds) lab.start(id);
    await Promise.all(runIds.map((id) => lab!.waitFor(id)));
    const byName = new Map(runIds.map((id) => [lab!.getRun(id).name, id]));
    const initialW = async (name: string) => {
      const run = lab!.getRun(byName.get(name)!);
      return namedTensors(networkFromState(run.spec, await lab!.stateAt(run.id, 0))).filter((t) => t.name === 'W').map((t) => t.values);
    };
    const shuffleState = async (name: string, epoch: number) => readStateHeader(await lab!.stateAt(byName.get(name)!, epoch)).extra.shuffleRng;
    // Same seed: the same W in every layer whatever the learning rate or BN, and the same batch order after each epoch.
    for (const other of ['lr 1, BN, seed 1', 'lr 0.1, no BN, seed 1', 'lr 1, no BN, seed 1']) {
      expect(await initialW(other)).toEqual(await initialW('lr 0.1, BN, seed 1'));
      for (const epoch of [1, 2]) expect(await shuffleState(other, epoch)).toEqual(await shuffleState('lr 0.1, BN, seed 1', epoch));
    }
    // Another seed: other weights and another order.
    expect((await initialW('lr 0.1, BN, seed 2'))[0]).not.toEqual((await initialW('lr 0.1, BN, seed 1'))[0]);
    expect(await shuffleState('lr 0.1, BN, seed 2', 1)).not.toEqual(await shuffleState('lr 0.1, BN, seed 1', 1));
  });

  test("should report a bad factor value once, naming the first run that has it, and the base's problems alone", () => {
    lab = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 1 });
    const badValue = catchError(() => lab!.createExperiment({ ...sweep, vary: { 'optimizer.lr': [0.1, -1], 'network.batchNorm': [true, false] } })) as LabError;
    expect(badValue.problems.map((p) => p.message)).toEqual(['runs["lr -1, BN, seed 1"].optimizer.lr must be a finite number > 0, got -1']);
    const badBase = catchError(() => lab!.createExperiment({ ...sweep, base: { ...sweep.base, training: { epochs: 0 } } })) as LabError;
    expect(badBase.problems.map((p) => p.message)).toEqual(['base.training.epochs must be an integer from 1 to 100000, got 0']);
    expect(lab.listExperiments()).toEqual([]);
  });
});
