import { expect, test } from 'vitest';
import { expandDesign } from '../../../../app/contract/experiment-design.ts';
import { exampleRuns } from './example-runs.ts';
import { describeException, exceptionPatch, expandedRun } from './exceptions.ts';
import { designOf, noFactors } from './factors.ts';
import { toRunDraft } from './run-draft.ts';

/** The example's first run under BN on and off × two learning rates: the 2×2 the designer makes. */
function grid(exceptions = {}) {
  const [base] = exampleRuns();
  return designOf('grid', toRunDraft(base!), { ...noFactors(), batchNorm: true, learningRates: '0.01, 0.1' }, base!.optimizer.kind, exceptions)!;
}

test('should keep only the settings a person changed in one run, and the expansion should then differ in that run alone', () => {
  // Arrange: the run as the forms show it, then edited.
  const plain = expandedRun(grid(), 'lr 0.1, no BN')!;
  expect(plain.optimizer.lr).toBe(0.1);
  expect(plain.layers.every((l) => !l.batchNorm)).toBe(true);
  const edited = { ...plain, optimizer: { ...plain.optimizer, lr: 0.05 }, training: { ...plain.training, epochs: 2 } };

  // Act
  const patch = exceptionPatch(plain, edited);

  // Assert: what changed, and the expansion of the design with it.
  expect(patch).toEqual({ optimizer: { lr: 0.05 }, training: { epochs: 2 } });
  expect(describeException(patch)).toBe('optimizer.lr 0.05, training.epochs 2');
  const before = expandDesign(grid());
  const after = expandDesign(grid({ 'lr 0.1, no BN': patch }));
  if ('problems' in before || 'problems' in after) throw new Error('the grid should expand');
  const differing = after.runs.filter((r, i) => JSON.stringify(r.run) !== JSON.stringify(before.runs[i]!.run)).map((r) => r.name);
  expect(differing).toEqual(['lr 0.1, no BN']);
  expect(expandedRun(grid({ 'lr 0.1, no BN': patch }), 'lr 0.1, no BN')).toMatchObject({ optimizer: { lr: 0.05 }, training: { epochs: 2 } });
});

test('should take a new optimizer whole, leave an unchanged run without an exception, and find no run of another name', () => {
  const plain = expandedRun(grid(), 'lr 0.01, BN')!;
  expect(exceptionPatch(plain, plain)).toEqual({});
  const momentum = exceptionPatch(plain, { ...plain, optimizer: { ...plain.optimizer, kind: 'momentum' } });
  expect(momentum).toEqual({ optimizer: { kind: 'momentum', lr: 0.01, weightDecay: 0, beta: 0.9 } });
  expect(expandedRun(grid(), 'lr 3, BN')).toBeNull();
});
