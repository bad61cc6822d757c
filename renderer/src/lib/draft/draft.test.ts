import { describe, expect, test } from 'vitest';
import { exampleRuns } from './example-runs.ts';
import { noFactors } from './factors.ts';
import type { Problem } from '../../../../app/contract/lab-api.ts';
import { valueProblem } from '../../../../engine/index.ts';
import { fieldLabel, inFormWords } from './field-labels.ts';
import { importedFileName } from './imported-file-name.ts';
import { moveLayer } from './move-layer.ts';
import { parameterTable } from './parameter-table.ts';
import { toRunDraft } from './run-draft.ts';
import { restoreDraft, saveDraft } from './saved-draft.ts';
import { duplicateAs, matchDataAndTraining, unmatchedSettings } from './twins.ts';

describe('the designer model', () => {
  test('should open on moons with two BN layers of 16 and a no-BN twin that shares its seed', () => {
    const [bn, plain] = exampleRuns();
    expect(bn!.dataset.kind).toBe('moons');
    expect(bn!.layers).toEqual([{ units: 16, activation: 'relu', batchNorm: true }, { units: 16, activation: 'relu', batchNorm: true }]);
    expect(plain!.layers.every((l) => !l.batchNorm)).toBe(true);
    expect(plain!.training.seed).toBe(bn!.training.seed);
    expect(plain!.name).toBe('Adam, no BN');
    expect(plain!.key).not.toBe(bn!.key);
  });

  test('should duplicate with another optimizer from that optimizer\'s defaults, keeping network, data and seed', () => {
    const [bn] = exampleRuns();
    const twin = duplicateAs(bn!, { optimizer: 'momentum' });
    expect(twin.optimizer).toMatchObject({ kind: 'momentum', lr: 0.1, beta: 0.9 });
    expect(twin.layers).toEqual(bn!.layers);
    expect(twin.training).toEqual(bn!.training);
    expect(twin.name).toBe('Momentum + BN');
    twin.layers[0]!.units = 3;
    expect(bn!.layers[0]!.units).toBe(16);
  });

  test('should name what makes a twin unmatched, ignoring batch norm and the optimizer, and match it again', () => {
    const [bn, plain] = exampleRuns();
    const momentum = duplicateAs(bn!, { optimizer: 'momentum' });
    expect(unmatchedSettings(bn!, plain!)).toEqual([]);
    expect(unmatchedSettings(bn!, momentum)).toEqual([]);

    plain!.dataset = { ...plain!.dataset, samples: 200 };
    plain!.training = { ...plain!.training, epochs: 5, dtype: 'float64' };
    plain!.layers = [{ units: 8, activation: 'relu', batchNorm: false }];
    expect(unmatchedSettings(bn!, plain!)).toEqual(['data', 'network shape', 'epochs', 'precision']);

    const matched = matchDataAndTraining(plain!, bn!);
    expect(unmatchedSettings(bn!, matched)).toEqual(['network shape']);
    expect(matched.layers).toEqual(plain!.layers);
    expect(matched.name).toBe('Adam, no BN');
  });

  test('should write only the chosen optimizer\'s settings into the experiment-file run', () => {
    const [bn] = exampleRuns();
    expect(toRunDraft(bn!)).toEqual({
      name: 'Adam + BN',
      dataset: { kind: 'moons', samples: 1000, noise: 0.2, seed: 1, validation: 0.2 },
      network: { layers: bn!.layers, output: {} },
      bn: { eps: 1e-5, momentum: 0.1 },
      optimizer: { kind: 'adam', lr: 0.01, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
      training: { epochs: 30, batchSize: 32, seed: 7, dtype: 'float32', init: 'he' },
    });
    const gd = duplicateAs(bn!, { optimizer: 'gd' });
    expect(toRunDraft(gd).optimizer).toEqual({ kind: 'gd', lr: 0.1, weightDecay: 0 });
  });

  test('should list W (n_l × n_l-1) for every layer, γ and β (n_l × 1) and no b under BN, b elsewhere', () => {
    const { rows, total } = parameterTable(2, [{ units: 16, activation: 'relu', batchNorm: true }, { units: 8, activation: 'tanh', batchNorm: false }], 3);
    expect(rows.map((r) => `${r.layer} ${r.tensor} ${r.shape.join('x')}`)).toEqual([
      'Layer 1 W 16x2', 'Layer 1 γ 16x1', 'Layer 1 β 16x1', 'Layer 2 W 8x16', 'Layer 2 b 8x1', 'Output W 3x8', 'Output b 3x1',
    ]);
    expect(total).toBe(32 + 16 + 16 + 128 + 8 + 24 + 3);
  });

  test('should move layers within bounds only', () => {
    const layers = exampleRuns()[0]!.layers.map((l, i) => ({ ...l, units: i + 1 }));
    expect(moveLayer(layers, 1, -1).map((l) => l.units)).toEqual([2, 1]);
    expect(moveLayer(layers, 0, -1)).toBe(layers);
  });

  test('should save a draft that reads back the same, and refuse what is not one', () => {
    const runs = exampleRuns();
    runs[1]!.training.epochs = null as unknown as number; // an emptied field is kept as it is, for the lab to point at
    const kept = { factors: noFactors(), exceptions: {} };
    const restored = restoreDraft(saveDraft({ experimentName: 'x', runs, selected: 7, ...kept }))!;
    expect(restored.runs.map(({ key: _, ...run }) => run)).toEqual(runs.map(({ key: _, ...run }) => run));
    expect(restored.selected).toBe(1);
    // A draft kept before factors were saved opens with nothing varied; damaged factors count as none.
    const older = JSON.parse(saveDraft({ experimentName: 'x', runs, selected: 0, ...kept })) as Record<string, unknown>;
    delete older.factors;
    delete older.exceptions;
    expect(restoreDraft(JSON.stringify(older))).toMatchObject(kept);
    expect(restoreDraft(JSON.stringify({ ...older, factors: { batchNorm: 'yes' }, exceptions: [] }))).toMatchObject(kept);
    for (const bad of [null, '', 'not json', '[]', '{"version":2,"experimentName":"x","runs":[]}', saveDraft({ experimentName: 'x', runs: [], selected: 0, ...kept })]) {
      expect(restoreDraft(bad)).toBeNull();
    }
    const broken = JSON.parse(saveDraft({ experimentName: 'x', runs, selected: 0, ...kept })) as { runs: { optimizer: { kind: string } }[] };
    broken.runs[0]!.optimizer.kind = 'lbfgs';
    expect(restoreDraft(JSON.stringify(broken))).toBeNull();
  });

  test('should name a spec path as the form does, with each optimizer\'s own β', () => {
    const [bn] = exampleRuns();
    const rmsprop = duplicateAs(bn!, { optimizer: 'rmsprop' });
    const samples = [{ name: 'samples', label: 'Samples' }];
    expect(fieldLabel('optimizer.beta2', bn!)).toBe('Adam β₂');
    expect(fieldLabel('optimizer.beta2', rmsprop)).toBe('RMSprop β₂');
    expect(fieldLabel('bn.eps', bn!)).toBe('BN ε');
    expect(fieldLabel('network.layers[2].units', bn!)).toBe('Units of layer 3');
    expect(fieldLabel('network.layers[0]', bn!)).toBe('Layer 1');
    expect(fieldLabel('dataset.samples', bn!, samples)).toBe('Samples');
    expect(fieldLabel('dataset.seed', bn!)).toBe('Data seed');
    expect(fieldLabel('network.hidden', bn!)).toBeUndefined();
  });

  test('should say a problem in the form\'s words, from its data', () => {
    const [bn] = exampleRuns();
    const words = (problem: Problem) => inFormWords(problem, fieldLabel(problem.field, bn!));
    // The problems as the lab's checks make them.
    expect(words(valueProblem('optimizer.beta1', 'must be < 1', 1.5))).toBe('Adam β₁ must be < 1, got 1.5');
    expect(words(valueProblem('training.batchSize', 'must be an integer', null))).toBe('Batch size must be an integer, and it is empty');
    expect(words(valueProblem('dataset.path', 'must be a non-empty string', '  '))).toBe('CSV file is missing');
    expect(words({ field: 'network.hidden', expected: 'is not a known field (known: layers, output)' })).toBe('network.hidden is not a known field (known: layers, output)');
    const file = '/data/imports/2026-11-29T05-01-23-290Z-my_data.csv';
    expect(words({ field: 'dataset.path', file, at: 'row 3, column 2 ("x2")', expected: '"oops" is not a number' })).toBe('my_data.csv, row 3, column 2 ("x2"): "oops" is not a number');
    expect(words({ field: '', file: 'empty.csv', expected: 'the file is empty' })).toBe('empty.csv: the file is empty');
    expect(importedFileName('/data/imports/2026-11-29T05-01-23-290Z-my_data.csv')).toBe('my_data.csv');
    expect(importedFileName('C:\\lab\\imports\\2026-11-29T05-01-23-290Z-x.csv')).toBe('x.csv');
  });
});
