import { describe, expect, test } from 'vitest';
import { applyOverrides, describeOverrides, resolveExperiment, type DatasetShape } from '../../../app/service/run-spec.ts';
import { LabError } from '../../../app/service/lab-error.ts';
import { moonsRun } from '../../helpers/experiments.ts';

const MOONS: DatasetShape = { inputSize: 2, outputUnits: 2, task: 'classification' };
const SINE: DatasetShape = { inputSize: 1, outputUnits: 1, task: 'regression' };
const shapeOf = (shape: DatasetShape) => () => shape;

function resolveOne(run: object, shape = MOONS) {
  return resolveExperiment({ name: 'e', runs: [run] }, shapeOf(shape)).runs[0]!.spec;
}

function refusal(body: () => unknown): LabError {
  try {
    body();
  } catch (error) {
    expect(error).toBeInstanceOf(LabError);
    return error as LabError;
  }
  throw new Error('expected a refusal');
}

describe('resolveExperiment', () => {
  test('should fill every default but dataset and network, and take shapes from the dataset', () => {
    const spec = resolveOne({ name: 'r', dataset: { kind: 'moons' }, network: { layers: [{ units: 8 }] } });
    expect(spec.network).toEqual({ inputSize: 2, layers: [{ units: 8, activation: 'relu', batchNorm: false }], output: { units: 2, loss: 'softmax_ce' } });
    expect(spec.bn).toEqual({ eps: 1e-5, momentum: 0.1 });
    expect(spec.optimizer).toEqual({ kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    expect(spec.training).toEqual({ epochs: 20, batchSize: 64, seed: 0, init: 'he', checkpointEvery: 25 });
    expect(spec.dtype).toBe('float32');
    expect(spec.dataset).toMatchObject({ kind: 'moons', samples: 1000, seed: 1, validation: 0.2 });
  });

  // A form field the person emptied arrives as null: training on a hidden default would be a silent wrong answer.
  test('should refuse null where a default would fill a missing field', () => {
    const run = moonsRun('r');
    const cases: [object, string][] = [
      [{ ...run, training: { ...run.training, epochs: null } }, 'runs[0].training.epochs'],
      [{ ...run, training: { ...run.training, batchSize: null } }, 'runs[0].training.batchSize'],
      [{ ...run, training: { ...run.training, seed: null } }, 'runs[0].training.seed'],
      [{ ...run, optimizer: { kind: 'adam', lr: 0.01, weightDecay: null } }, 'runs[0].optimizer.weightDecay'],
    ];
    for (const [bad, field] of cases) {
      const error = refusal(() => resolveOne(bad));
      expect({ field: error.field, message: error.message }).toEqual({ field, message: expect.stringMatching(/got null$/) });
    }
  });

  test('should refuse a batch of one row under batch norm before anything trains, and name the run of a data problem', () => {
    const run = moonsRun('r');
    const one = refusal(() => resolveOne({ ...run, training: { ...run.training, batchSize: 1 } }));
    expect(one).toMatchObject({ field: 'runs[0].training.batchSize', message: 'runs[0].training.batchSize must be at least 2 when a layer has batch norm (a batch of one row has no variance), got 1' });
    expect(resolveOne({ ...moonsRun('plain', { batchNorm: false }), training: { ...run.training, batchSize: 1 } }).training.batchSize).toBe(1);

    const tooBig = refusal(() => resolveExperiment({ name: 'e', runs: [run, run] }, (_dataset, batchSize) => {
      if (batchSize > 10) throw LabError.about('invalid_dataset', { field: 'training.batchSize', expected: "must be at most the dataset's 10 samples", got: String(batchSize) });
      return MOONS;
    }));
    // Both runs have the problem, and both are reported.
    expect(tooBig.field).toBe('runs[0].training.batchSize');
    expect(tooBig.problems.map((p) => p.message)).toEqual([0, 1].map((i) => `runs[${i}].training.batchSize must be at most the dataset's 10 samples, got 32`));
  });

  test('should fill the defaults of the chosen optimizer kind and keep the values given', () => {
    const spec = resolveOne({ ...moonsRun('r'), optimizer: { kind: 'momentum', lr: 0.05 } });
    expect(spec.optimizer).toEqual({ kind: 'momentum', lr: 0.05, beta: 0.9, weightDecay: 0 });
  });

  test('should pick mse and one output for a regression dataset, and one sigmoid unit for two classes', () => {
    expect(resolveOne({ name: 'r', dataset: { kind: 'sine' }, network: { layers: [{ units: 4 }] } }, SINE).network.output).toEqual({ units: 1, loss: 'mse' });
    expect(resolveOne({ ...moonsRun('r'), network: { layers: [{ units: 4 }], output: { loss: 'sigmoid_bce' } } }).network.output).toEqual({ units: 1, loss: 'sigmoid_bce' });
  });

  test.each([
    [{ network: { inputSize: 3, layers: [{ units: 4 }] } }, 'runs[0].network.inputSize must match the dataset\'s 2 features, got 3'],
    [{ network: { layers: [{ units: 4 }], output: { units: 3 } } }, 'runs[0].network.output.units must be 2 for softmax_ce on this dataset (2 classes), got 3'],
    [{ network: { layers: [{ units: 0 }] } }, 'runs[0].network.layers[0].units must be an integer from 1 to 65536, got 0'],
    [{ network: { layers: [{ units: 4, batchnorm: true }] } }, 'runs[0].network.layers[0].batchnorm is not a known field'],
    [{ optimizer: { kind: 'adam', lr: -1 } }, 'runs[0].optimizer.lr must be a finite number > 0, got -1'],
    [{ optimizer: { kind: 'adagrad' } }, 'runs[0].optimizer.kind must be one of "gd", "momentum", "rmsprop", "adam", got "adagrad"'],
    [{ bn: { momentum: 2 } }, 'runs[0].bn.momentum must be a finite number >= 0 and <= 1, got 2'],
    [{ training: { epochs: 0 } }, 'runs[0].training.epochs must be an integer from 1 to 100000, got 0'],
    [{ training: { dtype: 'float16' } }, 'runs[0].training.dtype must be one of "float32", "float64", got "float16"'],
    [{ dataset: { kind: 'mnist' } }, 'runs[0].dataset.kind must be one of'],
  ])('should refuse %j naming the field and the value', (change, message) => {
    const error = refusal(() => resolveOne({ ...moonsRun('r'), ...change }));
    expect(error.message).toContain(message);
    expect(error.isBadInput).toBe(true);
  });

  test('should refuse a classification loss on a regression dataset', () => {
    const error = refusal(() => resolveOne({ name: 'r', dataset: { kind: 'sine' }, network: { layers: [{ units: 4 }], output: { loss: 'softmax_ce', units: 2 } } }, SINE));
    expect(error.message).toContain('runs[0].network.output');
  });

  test('should refuse a file without runs or with an unknown top-level field', () => {
    expect(refusal(() => resolveExperiment({ name: 'e', runs: [] }, shapeOf(MOONS))).message).toBe('runs must be a non-empty array of runs, got []');
    expect(refusal(() => resolveExperiment({ name: 'e', runs: [moonsRun('r')], epochs: 3 }, shapeOf(MOONS))).message).toContain('experiment.epochs is not a known field');
  });
});

describe('applyOverrides', () => {
  const spec = resolveOne(moonsRun('r'));

  test('should change optimizer settings and the epoch count', () => {
    expect(applyOverrides(spec, { optimizer: { lr: 0.001 }, training: { epochs: 30 } })).toEqual({ optimizer: { ...spec.optimizer, lr: 0.001 }, epochs: 30 });
  });

  test('should start a new optimizer kind from its defaults, keeping lr and weight decay', () => {
    expect(applyOverrides(spec, { optimizer: { kind: 'momentum' } }).optimizer).toEqual({ kind: 'momentum', lr: 0.01, beta: 0.9, weightDecay: 0 });
  });

  test('should keep settings given with a new kind, whatever their order', () => {
    expect(applyOverrides(spec, { optimizer: { beta: 0.5, kind: 'momentum', lr: 0.2 } }).optimizer).toEqual({ kind: 'momentum', lr: 0.2, beta: 0.5, weightDecay: 0 });
  });

  test('should refuse settings the optimizer does not take, or out of range, naming the field', () => {
    const foreign = refusal(() => applyOverrides(spec, { optimizer: { beta: 0.5 } }));
    // The engine's code survives: it is the optimizer's settings that are wrong.
    expect(foreign).toMatchObject({ code: 'invalid_optimizer', field: 'optimizer.beta', message: 'optimizer.beta is not a known field (known: kind, lr, beta1, beta2, eps, weightDecay)' });
    expect(refusal(() => applyOverrides(spec, { optimizer: { lr: 0 } })).message).toBe('optimizer.lr must be a finite number > 0, got 0');
    expect(refusal(() => applyOverrides(spec, { training: { epochs: 100_001 } })).message).toBe('training.epochs must be an integer from 1 to 100000, got 100001');
  });
});

describe('describeOverrides', () => {
  test('should say what changed as --set would, and nothing when nothing did', () => {
    expect(describeOverrides({ optimizer: { kind: 'momentum', lr: 0.05 }, training: { epochs: 30 } })).toBe('optimizer.kind=momentum optimizer.lr=0.05 training.epochs=30');
    expect(describeOverrides({ optimizer: { lr: undefined } })).toBe('');
    expect(describeOverrides({})).toBe('');
  });
});
