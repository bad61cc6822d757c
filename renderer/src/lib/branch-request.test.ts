import { describe, expect, test } from 'vitest';
import { branchOverrides } from './branch-request.ts';

const run = { kind: 'adam', lr: 0.01, epochs: 20 } as const;

describe('the branch form\'s request', () => {
  test('should send nothing to change when nothing was changed', () => {
    expect(branchOverrides(run, { kind: 'adam', lr: 0.01, settings: {}, epochs: 20 })).toEqual({ overrides: { optimizer: {} } });
  });

  test('should send a changed learning rate and epoch count only', () => {
    expect(branchOverrides(run, { kind: 'adam', lr: 0.001, settings: {}, epochs: 40 })).toEqual({ overrides: { optimizer: { lr: 0.001 }, training: { epochs: 40 } } });
  });

  test('should send a new kind with its learning rate and the settings it takes, and no others', () => {
    // Arrange: the settings of a kind chosen before hold keys the new kind does not take.
    const settings = { lr: 0.1, beta: 0.8, beta1: 0.5, weightDecay: 0 };

    // Act
    const request = branchOverrides(run, { kind: 'momentum', lr: 0.01, settings, epochs: 20 });

    // Assert
    expect(request).toEqual({ overrides: { optimizer: { kind: 'momentum', lr: 0.01, beta: 0.8 } } });
  });

  test('should name the emptied number fields instead of sending them', () => {
    expect(branchOverrides(run, { kind: 'adam', lr: null, settings: {}, epochs: 20 })).toEqual({ problem: 'Learning rate is empty: give a number' });
    expect(branchOverrides(run, { kind: 'rmsprop', lr: 0.01, settings: { beta2: null, eps: 1e-8 }, epochs: null })).toEqual({ problem: 'RMSprop β₂, Epochs in all are empty: give a number' });
  });
});
