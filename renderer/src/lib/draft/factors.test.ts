import { describe, expect, test } from 'vitest';
import { designOf, expandedNames, noFactors, readLearningRates } from './factors.ts';

const base = { name: 'Adam + BN', dataset: { kind: 'moons' }, network: { layers: [{ units: 8, batchNorm: true }] }, optimizer: { kind: 'adam', lr: 0.01 } };

describe('designer factors', () => {
  test('should make nothing vary until a factor goes beyond the base', () => {
    expect(designOf('e', base, noFactors(), 'adam')).toBeNull();
    expect(designOf('e', base, { ...noFactors(), optimizers: ['adam'], learningRates: ' ' }, 'adam')).toBeNull();
  });

  test('should build the 4 optimizers × BN grid with the base learning rate in every run', () => {
    const design = designOf('grid', base, { ...noFactors(), batchNorm: true, optimizers: ['gd', 'momentum', 'rmsprop', 'adam'] }, 'adam')!;
    expect(design).toEqual({ name: 'grid', base: { dataset: { kind: 'moons' }, network: { layers: [{ units: 8, batchNorm: true }] }, optimizer: { kind: 'adam', lr: 0.01 } }, vary: { 'optimizer.kind': ['gd', 'momentum', 'rmsprop', 'adam'], 'network.batchNorm': [true, false] } });
    expect(expandedNames(design)).toEqual({ names: ['Gradient descent, BN', 'Gradient descent, no BN', 'Momentum, BN', 'Momentum, no BN', 'RMSprop, BN', 'RMSprop, no BN', 'Adam, BN', 'Adam, no BN'] });
  });

  test('should vary learning rates and seeds, naming runs "Adam, lr 0.01, BN, seed 2"', () => {
    const design = designOf('lr', base, { batchNorm: true, optimizers: null, learningRates: '0.01, 0.1', seeds: 2 }, 'adam')!;
    expect(design.repeats).toBe(2);
    expect(expandedNames(design)).toEqual({ names: ['lr 0.01, BN, seed 1', 'lr 0.01, BN, seed 2', 'lr 0.01, no BN, seed 1', 'lr 0.01, no BN, seed 2', 'lr 0.1, BN, seed 1', 'lr 0.1, BN, seed 2', 'lr 0.1, no BN, seed 1', 'lr 0.1, no BN, seed 2'] });
  });

  test('should say what is wrong with typed learning rates', () => {
    expect(readLearningRates('0.1, 1e-3')).toEqual({ rates: [0.1, 0.001] });
    expect(readLearningRates('0.1, fast')).toEqual({ problem: 'Learning rates must be numbers > 0, separated by commas; “fast” is not' });
    expect(readLearningRates('0, 1')).toEqual({ problem: 'Learning rates must be numbers > 0, separated by commas; “0” is not' });
    expect(readLearningRates('1, 1.0')).toEqual({ problem: 'Learning rates must not list a rate twice' });
  });
});
