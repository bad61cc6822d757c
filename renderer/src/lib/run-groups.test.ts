import { describe, expect, test } from 'vitest';
import type { RunSpec } from '../../../app/contract/lab-api.ts';
import type { OptimizerKind } from '../../../engine/fields.ts';
import { planComparison, type PlannedRun } from './run-groups.ts';

interface Settings {
  kind?: OptimizerKind;
  lr?: number;
  bn?: boolean;
  seed?: number;
  epochs?: number;
  weightDecay?: number;
}

function spec({ kind = 'adam', lr = 0.01, bn = true, seed = 1, epochs = 10, weightDecay = 0 }: Settings): RunSpec {
  return {
    network: { inputSize: 2, layers: [{ units: 8, activation: 'leaky_relu', batchNorm: bn }, { units: 8, activation: 'leaky_relu', batchNorm: bn }], output: { units: 2, loss: 'softmax_ce' } },
    bn: { eps: 1e-5, momentum: 0.1 },
    optimizer: { kind: 'adam', lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, ...(kind === 'adam' ? {} : { kind }) } as RunSpec['optimizer'],
    dtype: 'float64',
    dataset: { kind: 'moons', samples: 200, noise: 0.2, seed: 1, validation: 0.2 },
    training: { epochs, batchSize: 32, seed, init: 'he', checkpointEvery: 1 },
  };
}

function runs(settings: Settings[]): PlannedRun[] {
  return settings.map((s, i) => ({ id: i + 1, name: `run ${i + 1}`, spec: spec(s) }));
}

const KINDS: OptimizerKind[] = ['gd', 'momentum', 'rmsprop', 'adam'];
/** The 4 optimizers × BN on/off grid, at two learning rates when asked: 8 or 16 runs. */
function grid(lrs = [0.01]): PlannedRun[] {
  return runs(lrs.flatMap((lr) => KINDS.flatMap((kind) => [{ kind, lr, bn: true }, { kind, lr, bn: false }])));
}

describe('planComparison', () => {
  test('should colour the 8-run grid by optimizer, draw BN solid and no BN dashed, and keep one chart', () => {
    const plan = planComparison(grid());
    expect([plan.colorBy, plan.dashBy]).toEqual(['Optimizer', 'Batch norm']);
    expect(plan.colors.map((g) => [g.label, g.runIds])).toEqual([['GD', [1, 2]], ['Momentum', [3, 4]], ['RMSprop', [5, 6]], ['Adam', [7, 8]]]);
    expect(plan.dashes.map((g) => [g.label, g.dash, g.runIds])).toEqual([['BN', 'solid', [1, 3, 5, 7]], ['no BN', 'dash', [2, 4, 6, 8]]]);
    // Every run has its own colour and dash pair: none looks like another.
    expect(new Set([...plan.styles.values()].map((s) => `${s.color} ${s.dash}`)).size).toBe(8);
    expect(plan.facets).toHaveLength(1);
  });

  test('should give the setting left over a chart per value: 16 runs at two learning rates', () => {
    const plan = planComparison(grid([0.01, 0.1]));
    expect([plan.colorBy, plan.dashBy]).toEqual(['Optimizer', 'Batch norm']);
    expect(plan.facets.map((f) => [f.label, f.runIds.length])).toEqual([['lr 0.01', 8], ['lr 0.1', 8]]);
    expect(plan.colors.find((g) => g.label === 'Adam')!.runIds).toEqual([7, 8, 15, 16]);
  });

  test('should split one crowded chart by colour when no setting is left over', () => {
    const plan = planComparison(grid(), 4);
    expect(plan.facets.map((f) => f.label)).toEqual(['GD', 'Momentum', 'RMSprop', 'Adam']);
    expect(plan.facets.every((f) => f.runIds.length === 2)).toBe(true);
  });

  test('should let BN alone carry both colour and dash when it is all that differs', () => {
    const plan = planComparison(runs([{ bn: true }, { bn: false }]));
    expect([plan.colorBy, plan.dashBy]).toEqual(['Batch norm', 'Batch norm']);
    expect([...plan.styles.values()].map((s) => s.dash)).toEqual(['solid', 'dash']);
    expect(plan.styles.get(1)!.color).not.toBe(plan.styles.get(2)!.color);
  });

  test('should group runs that differ only in their seed as repeats, and tell runs apart by settings the legend does not name', () => {
    const plan = planComparison(runs([{ seed: 1 }, { seed: 2, epochs: 30 }, { seed: 3, weightDecay: 0.01 }]));
    expect(plan.repeats.map((g) => g.runIds)).toEqual([[1, 2], [3]]);
    // Nothing named differs, so each run gets its own colour; weight decay splits the charts.
    expect(plan.colorBy).toBeNull();
    expect(plan.colors.map((g) => g.label)).toEqual(['run 1', 'run 2', 'run 3']);
    expect(plan.facets.map((f) => [f.label, f.runIds])).toEqual([['settings A', [1, 2]], ['settings B', [3]]]);
  });

  test('should plan nothing odd for no runs or one', () => {
    expect(planComparison([]).facets).toEqual([]);
    const one = planComparison(runs([{}]));
    expect(one.facets).toEqual([{ label: '', runIds: [1] }]);
    expect(one.styles.get(1)).toEqual({ color: '#1f77b4', dash: 'solid' });
  });
});
