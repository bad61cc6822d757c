// The network, BN and optimizer specs: exactly the `network`, `bn` and `optimizer` objects of
// FORMAT.md §2–§3 and §6, plus the engine's own choices (dtype, initialization).
import type { Arithmetic, Dtype } from './dtype.ts';
import {
  ACTIVATIONS, BN_FIELDS, DTYPES, LAYER_FIELDS, LOSSES, OPTIMIZER_KINDS, SHAPE_LIMITS, TRAINING_FIELDS, optimizerSettings,
  type Activation, type InitKind, type LossKind,
} from './fields.ts';
import { FieldChecker } from './validate.ts';

export { ACTIVATIONS, DTYPES, INIT_KINDS, LOSSES, OPTIMIZER_KINDS, type Activation, type InitKind, type LossKind, type OptimizerKind } from './fields.ts';

export interface HiddenLayerSpec {
  units: number;
  activation: Activation;
  batchNorm: boolean;
  /**
   * Whether the dense layer adds a bias `b`. Defaults to `!batchNorm`: under BN the mean subtraction
   * cancels `b` (its gradient is zero up to rounding), which the lab can show by setting this to true.
   */
  bias?: boolean;
}

export interface NetworkSpec {
  inputSize: number;
  layers: HiddenLayerSpec[];
  output: { units: number; loss: LossKind };
}

/** Batch-norm settings shared by every BN layer; `momentum` is the weight of the NEW statistic (PyTorch). */
export interface BnConfig {
  eps: number;
  momentum: number;
}

// The optimizers' betas are `beta` (momentum), `beta1`/`beta2` (Adam, RMSprop): never BN's shift β.
export type OptimizerSpec =
  | { kind: 'gd'; lr: number; weightDecay: number }
  | { kind: 'momentum'; lr: number; beta: number; weightDecay: number }
  | { kind: 'rmsprop'; lr: number; beta2: number; eps: number; weightDecay: number }
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; eps: number; weightDecay: number };

/** Everything that fixes the shape and arithmetic of a model. */
export interface ModelSpec {
  network: NetworkSpec;
  bn: BnConfig;
  optimizer: OptimizerSpec;
  dtype: Dtype;
  /** Absent: the dtype's current arithmetic (dtype.ts); stored runs name theirs. */
  arithmetic?: Arithmetic;
}

export function hasBias(layer: HiddenLayerSpec): boolean {
  return layer.bias ?? !layer.batchNorm;
}

export function validateNetworkSpec(value: unknown, path = 'network'): NetworkSpec {
  const check = new FieldChecker('invalid_network');
  const net = check.object(value, path);
  check.knownKeys(net, path, ['inputSize', 'layers', 'output']);
  const inputSize = check.integer(net.inputSize, `${path}.inputSize`, SHAPE_LIMITS.min, SHAPE_LIMITS.max);
  const layers = check.array(net.layers, `${path}.layers`).map((raw, i): HiddenLayerSpec => {
    const at = `${path}.layers[${i}]`;
    const layer = check.object(raw, at);
    check.knownKeys(layer, at, ['units', 'activation', 'batchNorm', 'bias']);
    const spec: HiddenLayerSpec = {
      units: check.field(layer.units, `${at}.units`, LAYER_FIELDS.units),
      activation: check.oneOf(layer.activation, `${at}.activation`, ACTIVATIONS),
      batchNorm: check.boolean(layer.batchNorm, `${at}.batchNorm`),
    };
    if (layer.bias !== undefined) spec.bias = check.boolean(layer.bias, `${at}.bias`);
    return spec;
  });
  const output = check.object(net.output, `${path}.output`);
  check.knownKeys(output, `${path}.output`, ['units', 'loss']);
  const loss = check.oneOf(output.loss, `${path}.output.loss`, LOSSES);
  const units = check.integer(output.units, `${path}.output.units`, SHAPE_LIMITS.min, SHAPE_LIMITS.max);
  if (loss === 'softmax_ce' && units < 2) check.fail(`${path}.output.units`, 'must be >= 2 for softmax_ce (one unit per class)', units);
  return { inputSize, layers, output: { units, loss } };
}

export function validateBnConfig(value: unknown, path = 'bn'): BnConfig {
  const check = new FieldChecker('invalid_bn');
  const bn = check.object(value, path);
  check.knownKeys(bn, path, ['eps', 'momentum']);
  return {
    eps: check.field(bn.eps, `${path}.eps`, BN_FIELDS.eps),
    momentum: check.field(bn.momentum, `${path}.momentum`, BN_FIELDS.momentum),
  };
}

export function validateOptimizerSpec(value: unknown, path = 'optimizer'): OptimizerSpec {
  const check = new FieldChecker('invalid_optimizer');
  const opt = check.object(value, path);
  const kind = check.oneOf(opt.kind, `${path}.kind`, OPTIMIZER_KINDS);
  const settings = optimizerSettings(kind);
  check.knownKeys(opt, path, ['kind', ...settings.map(([key]) => key)]);
  const spec: Record<string, unknown> = { kind };
  for (const [key, field] of settings) {
    // Weight decay left out is 0; null (an emptied form field) is an error like any other non-number.
    const value = key === 'weightDecay' && opt[key] === undefined ? 0 : opt[key];
    spec[key] = check.field(value, `${path}.${key}`, field);
  }
  return spec as OptimizerSpec;
}

/** How long and how a run trains (its data, network and optimizer aside). */
export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  seed: number;
  init: InitKind;
  checkpointEvery: number;
}

/**
 * A run's training settings, each against its row of TRAINING_FIELDS. With `fillDefaults` a
 * left-out setting takes its default; one given as null (an emptied form field) is an error.
 */
export function validateTrainingSettings(value: unknown, path = 'training', fillDefaults = false): TrainingSettings {
  const check = new FieldChecker('invalid_training');
  const raw = check.object(value, path);
  const f = TRAINING_FIELDS;
  const get = (key: keyof TrainingSettings) => (fillDefaults && raw[key] === undefined ? f[key].default : raw[key]);
  return {
    epochs: check.field(get('epochs'), `${path}.epochs`, f.epochs),
    batchSize: check.field(get('batchSize'), `${path}.batchSize`, f.batchSize),
    seed: check.field(get('seed'), `${path}.seed`, f.seed),
    init: check.field(get('init'), `${path}.init`, f.init),
    checkpointEvery: check.field(get('checkpointEvery'), `${path}.checkpointEvery`, f.checkpointEvery),
  };
}

export function validateModelSpec(value: { network: unknown; bn: unknown; optimizer: unknown; dtype: unknown }): ModelSpec {
  return {
    network: validateNetworkSpec(value.network),
    bn: validateBnConfig(value.bn),
    optimizer: validateOptimizerSpec(value.optimizer),
    dtype: new FieldChecker('invalid_training').oneOf(value.dtype, 'dtype', DTYPES),
  };
}
