// Every setting of a run written once: its range, default, the label the designer shows and a help
// line. The engine's validators, the service's experiment-file and import checks, the defaults, the
// designer's forms and its error labels, and the CLI all read these tables, so changing a limit or
// a label is one edit. The engine imports nothing, so the renderer can import this file too.
import type { Dtype } from './dtype.ts';

export const ACTIVATIONS = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const LOSSES = ['softmax_ce', 'sigmoid_bce', 'mse'] as const;
export type LossKind = (typeof LOSSES)[number];

export const OPTIMIZER_KINDS = ['gd', 'momentum', 'rmsprop', 'adam'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

export const INIT_KINDS = ['he', 'he_uniform', 'xavier', 'xavier_uniform'] as const;
/** `he` and `xavier` draw from a normal distribution, the `_uniform` variants from a uniform one. */
export type InitKind = (typeof INIT_KINDS)[number];

export const DTYPES = ['float32', 'float64'] as const satisfies readonly Dtype[];

export interface NumberField {
  type: 'integer' | 'number';
  min: number;
  max: number;
  /** The bound itself is not allowed: BN's ε must be > 0, an optimizer's β < 1. */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  default: number;
  label: string;
  /** The step of the form's spin buttons. */
  step: number;
  help?: string;
}

export interface ChoiceField<T extends string> {
  type: 'choice';
  values: readonly T[];
  /** What the form's list shows for each value. */
  names: Record<T, string>;
  default: T;
  label: string;
  help?: string;
}

const integer = (min: number, max: number, fallback: number, label: string, help?: string): NumberField =>
  ({ type: 'integer', min, max, default: fallback, label, step: 1, ...(help === undefined ? {} : { help }) });

/** The widest layer the lab builds: beyond it one weight matrix alone outgrows a typed array. */
export const MAX_UNITS = 1 << 16;

export const LAYER_FIELDS = {
  units: integer(1, MAX_UNITS, 16, 'Units'),
} as const;

/** The number of inputs and output units, which the dataset sets. */
export const SHAPE_LIMITS = { min: 1, max: MAX_UNITS } as const;

export const TRAINING_FIELDS = {
  epochs: integer(1, 100_000, 20, 'Epochs'),
  batchSize: integer(1, 1_000_000, 64, 'Batch size', 'Batch norm needs at least 2 samples per training batch'),
  seed: integer(0, 0xffffffff, 0, 'Training seed', 'Initial weights and mini-batch order; twins share it'),
  checkpointEvery: integer(1, 100_000, 25, 'Full state every', 'Epochs between states kept for good; the latest is always kept, others are trained again when asked for'),
  init: {
    type: 'choice',
    values: INIT_KINDS,
    names: { he: 'He (normal)', he_uniform: 'He (uniform)', xavier: 'Xavier (normal)', xavier_uniform: 'Xavier (uniform)' },
    default: 'he',
    label: 'Initialization',
  } satisfies ChoiceField<InitKind>,
  dtype: {
    type: 'choice',
    values: DTYPES,
    names: { float32: 'float32', float64: 'float64' },
    default: 'float32',
    label: 'Precision',
  } satisfies ChoiceField<Dtype>,
} as const;

/** PyTorch's BatchNorm defaults; momentum is the weight of the new statistic. */
export const BN_FIELDS = {
  eps: { type: 'number', min: 0, max: Infinity, minExclusive: true, default: 1e-5, label: 'BN ε', step: 0.00001, help: 'Added to the batch variance before the square root' },
  momentum: {
    type: 'number', min: 0, max: 1, default: 0.1, label: 'BN running-average momentum', step: 0.01,
    help: "PyTorch's convention: running = (1 − momentum)·running + momentum·batch",
  },
} as const satisfies Record<string, NumberField>;

/** The optimizers' numbers. Their betas are `beta` (momentum), `beta1`/`beta2` (Adam, RMSprop): never BN's shift β. */
export type OptimizerSetting = 'lr' | 'beta' | 'beta1' | 'beta2' | 'eps' | 'weightDecay';

const rate = { type: 'number', min: 0, max: Infinity, minExclusive: true } as const;
const beta = { type: 'number', min: 0, max: 1, maxExclusive: true } as const;
/** Every optimizer's learning rate, but for its default. */
export const LEARNING_RATE = { ...rate, label: 'Learning rate', step: 0.001 } as const;

/**
 * Each optimizer: its name, the settings it reads with their labels (which name the optimizer, so
 * "Adam β₁" is never taken for BN's β) and defaults (the course's; the learning rates are ones that
 * train the toy datasets well).
 */
export const OPTIMIZER_SETTINGS: Record<OptimizerKind, { label: string; settings: Partial<Record<OptimizerSetting, NumberField>> }> = {
  gd: {
    label: 'Gradient descent',
    settings: { lr: { ...LEARNING_RATE, default: 0.1 } },
  },
  momentum: {
    label: 'Momentum',
    settings: {
      lr: { ...LEARNING_RATE, default: 0.1 },
      beta: { ...beta, default: 0.9, label: 'Momentum β', step: 0.01 },
    },
  },
  rmsprop: {
    label: 'RMSprop',
    settings: {
      lr: { ...LEARNING_RATE, default: 0.001 },
      beta2: { ...beta, default: 0.999, label: 'RMSprop β₂', step: 0.001 },
      eps: { ...rate, default: 1e-8, label: 'RMSprop ε', step: 1e-9 },
    },
  },
  adam: {
    label: 'Adam',
    settings: {
      lr: { ...LEARNING_RATE, default: 0.001 },
      beta1: { ...beta, default: 0.9, label: 'Adam β₁', step: 0.01 },
      beta2: { ...beta, default: 0.999, label: 'Adam β₂', step: 0.001 },
      eps: { ...rate, default: 1e-8, label: 'Adam ε', step: 1e-9 },
    },
  },
};

/** L2 on W only; every optimizer takes it, and left out it is 0. */
export const WEIGHT_DECAY: NumberField = { type: 'number', min: 0, max: Infinity, default: 0, label: 'Weight decay (L2 on W)', step: 0.0001 };

/** The settings `kind` reads, weight decay last, in the order the form shows them. */
export function optimizerSettings(kind: OptimizerKind): [OptimizerSetting, NumberField][] {
  return [...(Object.entries(OPTIMIZER_SETTINGS[kind].settings) as [OptimizerSetting, NumberField][]), ['weightDecay', WEIGHT_DECAY]];
}
