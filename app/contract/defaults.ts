// The defaults an experiment file may leave out, shared by the service that fills them in and the
// designer that shows them. Pure values, so the renderer can import them.
import type { OptimizerKind } from '../../engine/spec.ts';
import type { TrainingSpec } from './records.ts';

/** PyTorch's BatchNorm defaults. */
export const BN_DEFAULTS = { eps: 1e-5, momentum: 0.1 } as const;

/** The course's settings; the learning rates are ones that train the toy datasets well. */
export const OPTIMIZER_DEFAULTS: Record<OptimizerKind, Record<string, number>> = {
  gd: { lr: 0.1, weightDecay: 0 },
  momentum: { lr: 0.1, beta: 0.9, weightDecay: 0 },
  rmsprop: { lr: 0.001, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
  adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
};

export const TRAINING_DEFAULTS: TrainingSpec = { epochs: 20, batchSize: 64, seed: 0, init: 'he', checkpointEvery: 1 };

