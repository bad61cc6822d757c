// The spec tables of the report: parameter shapes per layer and the betas named apart.
import { describe, expect, test } from 'vitest';
import type { RunSpec } from '../../../app/contract/records.ts';
import { networkTable, optimizerTable } from '../../../app/service/report/spec-tables.ts';

const spec: RunSpec = {
  dataset: { kind: 'moons', samples: 100, noise: 0.2, seed: 1, validation: 0.2 } as RunSpec['dataset'],
  network: {
    inputSize: 2,
    layers: [{ units: 8, activation: 'relu', batchNorm: true }, { units: 4, activation: 'tanh', batchNorm: false }, { units: 3, activation: 'relu', batchNorm: true, bias: true }],
    output: { units: 2, loss: 'softmax_ce' },
  },
  bn: { eps: 1e-5, momentum: 0.1 },
  optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
  dtype: 'float32',
  training: { epochs: 3, batchSize: 16, seed: 0, init: 'he', checkpointEvery: 1 },
};

describe('networkTable', () => {
  test('should give W as (n_l × n_{l-1}), γ and β for BN layers and b elsewhere, and count the parameters', () => {
    const table = networkTable(spec);
    expect(table.rows.map((r) => r[4])).toEqual([
      '–',
      'W (8 × 2), BN scale γ (8 × 1), BN shift β (8 × 1)',
      'W (4 × 8), b (4 × 1)',
      'W (3 × 4), b (3 × 1), gradient ≈ 0 under BN, BN scale γ (3 × 1), BN shift β (3 × 1)',
      'W (2 × 3), b (2 × 1)',
    ]);
    // 16+8+8 + 32+4 + 12+3+3+3 + 6+2
    expect(table.caption).toBe('Network: 97 trainable parameters');
  });
});

describe('optimizerTable', () => {
  test('should name each optimizer beta after its optimizer, never a bare β', () => {
    const labels = (opt: RunSpec['optimizer']) => optimizerTable(opt).rows.map((r) => r[0]);
    expect(labels(spec.optimizer)).toEqual(['optimizer', 'Learning rate', 'Adam β₁', 'Adam β₂', 'Adam ε', 'Weight decay (L2 on W)']);
    expect(labels({ kind: 'momentum', lr: 0.1, beta: 0.9, weightDecay: 0 })).toContain('Momentum β');
    expect(labels({ kind: 'rmsprop', lr: 0.1, beta2: 0.99, eps: 1e-8, weightDecay: 0 })).toContain('RMSprop β₂');
    expect(optimizerTable({ kind: 'momentum', lr: 0.1, beta: 0.9, weightDecay: 0 }).rows.find((r) => r[0] === 'Momentum β')![1]).toBe('0.9');
  });
});
