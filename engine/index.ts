// The engine's public surface: the only import path for app/ and tests.
export { describeProblem, ENGINE_ERROR_CODES, EngineError, type EngineErrorCode, type Problem } from './errors.ts';
export { allocFloat, type Dtype, type FloatArray } from './dtype.ts';
export * from './spec.ts';
export * from './fields.ts';
export { FieldChecker, valueProblem } from './validate.ts';
export { Rng } from './random.ts';
export { Network, type HiddenLayer, type OutputLayer } from './network.ts';
export { ParamStore, type Segment, type ParamName, type RunningName } from './param-store.ts';
export { initializeParams, deriveSeed } from './init.ts';
export { Optimizer } from './optimizers.ts';
export { trainStep, evaluateBatch } from './train-step.ts';
export { lossForwardBackward, countCorrect, type Targets } from './layers/losses.ts';
export { serializeModelState, restoreModelState, readStateHeader } from './checkpoint.ts';
export { PERCENTILE_ROWS, type EpochMetrics, type LayerEpochStats, type Percentiles } from './metrics.ts';
export { Trainer, canContinueTraining, DIVERGENCE_FACTOR, type TrainingConfig, type EpochOutcome } from './trainer.ts';
export type { DataSplit } from './data-split.ts';
export { trainingFootprint, MAX_ARRAY_ELEMENTS, type Footprint } from './footprint.ts';
