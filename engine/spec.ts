// The network, BN and optimizer specs: exactly the `network`, `bn` and `optimizer` objects of
// FORMAT.md §2–§3 and §6, plus the engine's own choices (dtype, initialization).
import type { Dtype } from './dtype.ts';
import { FieldChecker } from './validate.ts';

export const ACTIVATIONS = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const LOSSES = ['softmax_ce', 'sigmoid_bce', 'mse'] as const;
export type LossKind = (typeof LOSSES)[number];

export interface HiddenLayerSpec {
  units: number;
  activation: Activation;
  batchNorm: boolean;
  /**
   * Whether the dense layer adds a bias `b`. Defaults to `!batchNorm`: under BN the mean subtraction
   * cancels `b` (its gradient is exactly zero), which the lab can show by setting this to true.
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

export const OPTIMIZER_KINDS = ['gd', 'momentum', 'rmsprop', 'adam'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

// The optimizers' betas are `beta` (momentum), `beta1`/`beta2` (Adam, RMSprop): never BN's shift β.
export type OptimizerSpec =
  | { kind: 'gd'; lr: number; weightDecay: number }
  | { kind: 'momentum'; lr: number; beta: number; weightDecay: number }
  | { kind: 'rmsprop'; lr: number; beta2: number; eps: number; weightDecay: number }
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; eps: number; weightDecay: number };

export const INIT_KINDS = ['he', 'he_uniform', 'xavier', 'xavier_uniform'] as const;
/** `he` and `xavier` draw from a normal distribution, the `_uniform` variants from a uniform one. */
export type InitKind = (typeof INIT_KINDS)[number];

export const DTYPES = ['float32', 'float64'] as const satisfies readonly Dtype[];

/** Everything that fixes the shape and arithmetic of a model. */
export interface ModelSpec {
  network: NetworkSpec;
  bn: BnConfig;
  optimizer: OptimizerSpec;
  dtype: Dtype;
}

export function hasBias(layer: HiddenLayerSpec): boolean {
  return layer.bias ?? !layer.batchNorm;
}

const MAX_UNITS = 1 << 16;

export function validateNetworkSpec(value: unknown, path = 'network'): NetworkSpec {
  const check = new FieldChecker('invalid_network');
  const net = check.object(value, path);
  check.knownKeys(net, path, ['inputSize', 'layers', 'output']);
  const inputSize = check.integer(net.inputSize, `${path}.inputSize`, 1, MAX_UNITS);
  const layers = check.array(net.layers, `${path}.layers`).map((raw, i): HiddenLayerSpec => {
    const at = `${path}.layers[${i}]`;
    const layer = check.object(raw, at);
    check.knownKeys(layer, at, ['units', 'activation', 'batchNorm', 'bias']);
    const spec: HiddenLayerSpec = {
      units: check.integer(layer.units, `${at}.units`, 1, MAX_UNITS),
      activation: check.oneOf(layer.activation, `${at}.activation`, ACTIVATIONS),
      batchNorm: check.boolean(layer.batchNorm, `${at}.batchNorm`),
    };
    if (layer.bias !== undefined) spec.bias = check.boolean(layer.bias, `${at}.bias`);
    return spec;
  });
  const output = check.object(net.output, `${path}.output`);
  check.knownKeys(output, `${path}.output`, ['units', 'loss']);
  const loss = check.oneOf(output.loss, `${path}.output.loss`, LOSSES);
  const units = check.integer(output.units, `${path}.output.units`, 1, MAX_UNITS);
  if (loss === 'softmax_ce' && units < 2) check.fail(`${path}.output.units`, 'must be >= 2 for softmax_ce (one unit per class)', units);
  return { inputSize, layers, output: { units, loss } };
}

export function validateBnConfig(value: unknown, path = 'bn'): BnConfig {
  const check = new FieldChecker('invalid_bn');
  const bn = check.object(value, path);
  check.knownKeys(bn, path, ['eps', 'momentum']);
  return {
    eps: check.number(bn.eps, `${path}.eps`, { min: 0, minExclusive: true }),
    momentum: check.number(bn.momentum, `${path}.momentum`, { min: 0, max: 1 }),
  };
}

export function validateOptimizerSpec(value: unknown, path = 'optimizer'): OptimizerSpec {
  const check = new FieldChecker('invalid_optimizer');
  const opt = check.object(value, path);
  const kind = check.oneOf(opt.kind, `${path}.kind`, OPTIMIZER_KINDS);
  const lr = check.number(opt.lr, `${path}.lr`, { min: 0, minExclusive: true });
  // Left out it is 0; null (an emptied form field) is an error like any other non-number.
  const weightDecay = check.number(opt.weightDecay === undefined ? 0 : opt.weightDecay, `${path}.weightDecay`, { min: 0 });
  const beta = (key: string) => check.number(opt[key], `${path}.${key}`, { min: 0, max: 1, maxExclusive: true });
  const eps = () => check.number(opt.eps, `${path}.eps`, { min: 0, minExclusive: true });
  switch (kind) {
    case 'gd':
      check.knownKeys(opt, path, ['kind', 'lr', 'weightDecay']);
      return { kind, lr, weightDecay };
    case 'momentum':
      check.knownKeys(opt, path, ['kind', 'lr', 'beta', 'weightDecay']);
      return { kind, lr, beta: beta('beta'), weightDecay };
    case 'rmsprop':
      check.knownKeys(opt, path, ['kind', 'lr', 'beta2', 'eps', 'weightDecay']);
      return { kind, lr, beta2: beta('beta2'), eps: eps(), weightDecay };
    case 'adam':
      check.knownKeys(opt, path, ['kind', 'lr', 'beta1', 'beta2', 'eps', 'weightDecay']);
      return { kind, lr, beta1: beta('beta1'), beta2: beta('beta2'), eps: eps(), weightDecay };
  }
}

export function validateModelSpec(value: { network: unknown; bn: unknown; optimizer: unknown; dtype: unknown }): ModelSpec {
  return {
    network: validateNetworkSpec(value.network),
    bn: validateBnConfig(value.bn),
    optimizer: validateOptimizerSpec(value.optimizer),
    dtype: new FieldChecker('invalid_training').oneOf(value.dtype, 'dtype', DTYPES),
  };
}
