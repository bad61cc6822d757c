import { BN_DEFAULTS } from '../../../../app/contract/defaults.ts';
import { optimizerDraft } from './optimizers.ts';
import { newRunKey, type RunModel } from './run-model.ts';
import { duplicateAs } from './twins.ts';

/** The example a newcomer finds on first open: moons, two hidden layers of 16 with BN, and its no-BN twin. */
export function exampleRuns(): RunModel[] {
  const bn: RunModel = {
    key: newRunKey(),
    name: 'Adam + BN',
    dataset: { kind: 'moons', samples: 1000, noise: 0.2, seed: 1, validation: 0.2 },
    layers: [
      { units: 16, activation: 'relu', batchNorm: true },
      { units: 16, activation: 'relu', batchNorm: true },
    ],
    loss: 'auto',
    bn: { ...BN_DEFAULTS },
    optimizer: optimizerDraft('adam', 0.01),
    training: { epochs: 30, batchSize: 32, seed: 7, dtype: 'float32', init: 'he' },
  };
  return [bn, duplicateAs(bn, { toggleBatchNorm: true })];
}
