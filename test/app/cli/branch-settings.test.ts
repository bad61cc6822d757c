// The CLI's `--set a.b=v` turned into the contract's typed branch overrides, in-process.
import { describe, expect, test } from 'vitest';
import { parseBranchSettings } from '../../../app/cli/branch-settings.ts';
import { LabError } from '../../../app/service/lab-error.ts';
import { catchError } from '../../helpers/errors.ts';

describe('parseBranchSettings', () => {
  test('should turn --set settings into overrides, numbers as numbers, the last of a field winning', () => {
    // Act
    const overrides = parseBranchSettings(['optimizer.kind=momentum', 'optimizer.lr=0.1', 'training.epochs=30', 'optimizer.lr=5e-2']);

    // Assert
    expect(overrides).toEqual({ optimizer: { kind: 'momentum', lr: 0.05 }, training: { epochs: 30 } });
  });

  test('should give no overrides for no settings', () => {
    expect(parseBranchSettings([])).toEqual({});
  });

  test.for([
    ['lr', '--set must look like optimizer.lr=0.001, got "lr"', '--set'],
    ['optimizer.lr=fast', '--set optimizer.lr must be a finite number, got "fast"', 'optimizer.lr'],
    ['optimizer.kind=sgd', '--set optimizer.kind must be one of gd, momentum, rmsprop, adam, got "sgd"', 'optimizer.kind'],
    ['training.epochs=2.5', '--set training.epochs must be an integer, got 2.5', 'training.epochs'],
    ['network.layers=3', '--set network is not a known field (known: optimizer, training): a branch continues the same network and data', 'network'],
    ['training.batchSize=8', '--set training.batchSize is not a known field (known: epochs): a branch continues the same network and data', 'training.batchSize'],
  ])('should refuse --set %s as bad input, naming the field', ([setting, message, field]) => {
    // Act
    const error = catchError(() => parseBranchSettings([setting!]));

    // Assert
    expect(error).toBeInstanceOf(LabError);
    expect(error).toMatchObject({ code: 'invalid_spec', message, field, isBadInput: true });
  });
});
