// The defaults an experiment file may leave out, shared by the service that fills them in and the
// designer that shows them, read off the engine's field tables. Pure values, so the renderer can import them.
import { BN_FIELDS, OPTIMIZER_KINDS, optimizerSettings, TRAINING_FIELDS, type OptimizerKind } from '../../engine/fields.ts';
import type { TrainingSpec } from './records.ts';

export const BN_DEFAULTS = { eps: BN_FIELDS.eps.default, momentum: BN_FIELDS.momentum.default } as const;

export const OPTIMIZER_DEFAULTS = Object.fromEntries(
  OPTIMIZER_KINDS.map((kind) => [kind, Object.fromEntries(optimizerSettings(kind).map(([key, field]) => [key, field.default]))]),
) as Record<OptimizerKind, Record<string, number>>;

const t = TRAINING_FIELDS;
export const TRAINING_DEFAULTS: TrainingSpec = {
  epochs: t.epochs.default,
  batchSize: t.batchSize.default,
  seed: t.seed.default,
  init: t.init.default,
  checkpointEvery: t.checkpointEvery.default,
};
