import { describe, expect, test } from 'vitest';
import { ACTIVATIONS, OPTIMIZER_KINDS } from '../../../engine/fields.ts';
import { activationLabel, optimizerLabel, statusCounts, statusLabel } from './labels.ts';

describe('labels', () => {
  test('should name every activation and optimizer in words, never by its identifier', () => {
    expect(ACTIVATIONS.map(activationLabel)).toEqual(['ReLU', 'leaky ReLU', 'tanh', 'sigmoid', 'linear']);
    expect(OPTIMIZER_KINDS.map(optimizerLabel)).toEqual(['GD', 'Momentum', 'RMSprop', 'Adam']);
    expect(statusLabel('interrupted')).toBe('Interrupted');
  });

  test('should sum up a group of runs by status, the most common first', () => {
    expect(statusCounts(['running', 'done', 'done', 'queued', 'done'])).toBe('3 done, 1 running, 1 queued');
    expect(statusCounts([])).toBe('');
  });
});
