// The generated comparison sentences, on hand-made loss curves.
import { describe, expect, test } from 'vitest';
import { comparisonSummary, type SummaryRun } from '../../../app/service/report/summary.ts';

function run(name: string, losses: (number | null)[]): SummaryRun {
  return { name, epochs: losses.map((validationLoss, i) => ({ epoch: i + 1, validationLoss })) };
}

describe('comparisonSummary', () => {
  test('should say which of two runs reached the common validation loss first and by how many epochs', () => {
    // Arrange: "plain" never gets below 0.5, which "bn" reaches at epoch 2 and "plain" at epoch 5.
    const runs = [run('plain', [0.9, 0.8, 0.7, 0.6, 0.5, 0.55]), run('bn', [0.7, 0.5, 0.3, 0.2])];

    // Act
    const sentences = comparisonSummary(runs);

    // Assert
    expect(sentences).toEqual([
      '“bn” reached a validation loss of 0.5 at epoch 2, 3 epochs before “plain” (epoch 5).',
      'The level 0.5 is the highest of these runs’ lowest validation losses, so every one of them reached it.',
      '“bn” reached the lowest validation loss of these runs: 0.2, at epoch 4.',
    ]);
  });

  test('should order three runs and count the epochs each came later', () => {
    const runs = [run('a', [0.9, 0.4]), run('b', [0.4, 0.3]), run('c', [0.8, 0.7, 0.6, 0.4])];
    expect(comparisonSummary(runs)[0]).toBe('“b” reached a validation loss of 0.4 first, at epoch 1; then “a” at epoch 2 (1 epoch later) and “c” at epoch 4 (3 epochs later).');
  });

  test('should say when runs reach the level at the same epoch', () => {
    expect(comparisonSummary([run('a', [0.5, 0.4]), run('b', [0.6, 0.4])])[0]).toBe('“a” and “b” both reached a validation loss of 0.4 at epoch 2.');
  });

  test('should leave out runs without a validation loss and skip NaN epochs of a diverged run', () => {
    const sentences = comparisonSummary([run('no split', [null, null]), run('diverged', [0.6, Number.NaN]), run('ok', [0.9, 0.6, 0.5])]);
    expect(sentences[0]).toBe('“no split” has no validation loss (no validation split, or it never trained), so it is left out of the comparison.');
    expect(sentences[1]).toBe('“diverged” reached a validation loss of 0.6 at epoch 1, 1 epoch before “ok” (epoch 2).');
  });

  test('should describe a single run by its lowest validation loss', () => {
    expect(comparisonSummary([run('solo', [0.9, 0.31234567, 0.4])])).toEqual(['“solo” reached its lowest validation loss, 0.3123, at epoch 2 of 3.']);
  });

  test('should compare only runs on the same data under the same loss, and say which is which', () => {
    const on = (label: string) => ({ comparableAs: { key: label, label: `On ${label}` } });
    const sentences = comparisonSummary([
      { ...run('moons bn', [0.6, 0.3]), ...on('moons') },
      { ...run('sine', [0.01, 0.001]), ...on('sine') },
      { ...run('moons plain', [0.7, 0.5, 0.3]), ...on('moons') },
    ]);
    expect(sentences).toEqual([
      'On moons: “moons bn” reached a validation loss of 0.3 at epoch 2, 1 epoch before “moons plain” (epoch 3).',
      'On moons: The level 0.3 is the highest of these runs’ lowest validation losses, so every one of them reached it.',
      'On moons: “moons bn” reached the lowest validation loss of these runs: 0.3, at epoch 2.',
      'On sine: “sine” reached its lowest validation loss, 0.001, at epoch 2 of 2.',
    ]);
  });

  test('should say a run diverged instead of crediting it with the loss it had before', () => {
    const sentences = comparisonSummary([{ ...run('no BN', [151_700_000]), diverged: { epoch: 2 } }, run('BN', [0.9, 0.5])]);
    expect(sentences).toEqual([
      '“no BN” diverged in epoch 2 (its loss stopped being finite or grew past 1000× that of the initial network), so it is left out of the comparison.',
      '“BN” reached its lowest validation loss, 0.5, at epoch 2 of 2.',
    ]);
  });

  test('should name runs that never came near the best apart, instead of racing to their level', () => {
    const sentences = comparisonSummary([run('a', [0.9, 0.3, 0.1]), run('b', [0.8, 0.2, 0.15]), run('bad', [30, 20, 17])]);
    expect(sentences).toEqual([
      '“a” and “b” both reached a validation loss of 0.15 at epoch 3.',
      'The level 0.15 is the highest of these runs’ lowest validation losses, so every one of them reached it.',
      '“a” reached the lowest validation loss of these runs: 0.1, at epoch 3.',
      '“bad” (17) never came within 10× of it, so it is left out of the race above.',
    ]);
  });
});
