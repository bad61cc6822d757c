// Every convention the engine follows, as it computes it and as PyTorch and Keras would write it,
// written once: the app's Conventions page renders these rows and docs/conventions.md is generated
// from them (a test keeps the two equal). The hints next to Momentum β, RMSprop β₂, Precision and
// the percentile bands link to a row by its id.
import { BN_FIELDS, OPTIMIZER_SETTINGS } from '../../engine/fields.ts';
import { DIVERGENCE_FACTOR, PERCENTILE_ROWS } from '../../engine/metrics.ts';
import { PERCENTILE_BANDS_NOTE } from './notes.ts';

export interface Convention {
  /** The anchor a hint links to: `#conventions-<id>`. */
  id: ConventionId;
  title: string;
  /** The formulas as the engine computes them, one per line. */
  lab: string[];
  pytorch: string;
  keras: string;
  /** What trips people up, when something does. */
  note?: string;
}

export type ConventionId =
  | 'batch-norm' | 'running-statistics' | 'mini-batches' | 'momentum' | 'rmsprop' | 'adam' | 'weight-decay'
  | 'losses' | 'initialization' | 'standardization' | 'percentile-bands' | 'precision' | 'divergence';

const momentumBeta = OPTIMIZER_SETTINGS.momentum.settings.beta!.default;
const rmspropBeta2 = OPTIMIZER_SETTINGS.rmsprop.settings.beta2!.default;
const bnMomentum = BN_FIELDS.momentum.default;

export const CONVENTIONS: Convention[] = [
  {
    id: 'batch-norm',
    title: 'Batch norm in a hidden layer',
    lab: [
      'z = W·a_prev   (no bias b under BN: the mean subtraction cancels it; "bias": true keeps one, whose gradient is then zero up to rounding)',
      'μ = mean of z over the mini-batch, σ² = mean of (z − μ)² (biased, divide by n)',
      'ẑ = (z − μ) / √(σ² + ε),   z̃ = γ ⊙ ẑ + β,   a = g(z̃)',
    ],
    pytorch: 'nn.Linear(n_in, n, bias=False), nn.BatchNorm1d(n, eps=ε, momentum=m), then the activation',
    keras: 'Dense(n, use_bias=False), BatchNormalization(epsilon=ε, momentum=1 − m), then Activation',
    note: "BN's shift β is not any optimizer's β: the app labels it BN shift β, the optimizers' Momentum β, Adam β₁/β₂ and RMSprop β₂.",
  },
  {
    id: 'running-statistics',
    title: 'Running statistics and eval mode',
    lab: [
      `running_mean ← (1 − m)·running_mean + m·μ   (m = BN momentum, default ${bnMomentum}: the weight of the new batch)`,
      'running_var ← (1 − m)·running_var + m·σ²·n/(n − 1)   (the unbiased batch variance)',
      'eval mode normalizes with running_mean and running_var; they start at 0 and 1',
    ],
    pytorch: 'identical (momentum is the weight of the new value; the running variance is unbiased)',
    keras: 'momentum = 1 − m (the weight of the old value), and the running variance is the biased one',
  },
  {
    id: 'mini-batches',
    title: 'Mini-batches',
    lab: [
      'every epoch the training rows are shuffled anew, then cut into consecutive batches of batchSize rows',
      'under BN a final batch of one row is merged into the one before (a one-row batch has no variance)',
      'the epoch\'s training loss is the mean of the batch losses weighted by their rows, each taken before its update',
    ],
    pytorch: 'DataLoader(shuffle=True) would leave the one-row batch, on which BatchNorm1d raises "Expected more than 1 value per channel"',
    keras: 'fit(shuffle=True) keeps the one-row batch, whose variance is 0',
    note: 'docs/reproducing.md gives the generator and shuffle exactly, so another tool can repeat the order.',
  },
  {
    id: 'momentum',
    title: 'Momentum (the course form)',
    lab: ['v ← β·v + (1 − β)·g,   θ ← θ − lr·v   (v starts at 0)'],
    pytorch: 'SGD(lr·(1 − β), momentum=β), not SGD(lr, momentum=β)',
    keras: 'SGD(learning_rate=lr·(1 − β), momentum=β)',
    note: `At β = ${momentumBeta}, PyTorch's SGD(lr, momentum=${momentumBeta}) takes steps ${Math.round(1 / (1 - momentumBeta))}× larger than BN Lab at the same lr.`,
  },
  {
    id: 'rmsprop',
    title: 'RMSprop',
    lab: [`s ← β₂·s + (1 − β₂)·g²,   θ ← θ − lr·g / (√s + ε)   (default β₂ ${rmspropBeta2}, ε 1e-8)`],
    pytorch: 'RMSprop(lr, alpha=β₂, eps=ε): PyTorch calls β₂ alpha and its default is 0.99, not 0.999',
    keras: 'RMSprop(learning_rate=lr, rho=β₂, epsilon=ε): Keras calls it rho, default 0.9',
  },
  {
    id: 'adam',
    title: 'Adam',
    lab: [
      'm ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²   (t = 1, 2, … counts the updates)',
      'θ ← θ − lr·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)',
    ],
    pytorch: 'Adam(lr, betas=(β₁, β₂), eps=ε): the same formula',
    keras: 'Adam(learning_rate=lr, beta_1=β₁, beta_2=β₂, epsilon=ε): Keras adds ε to √v before the bias correction, so ε weighs differently',
  },
  {
    id: 'weight-decay',
    title: 'Weight decay',
    lab: ['g ← g + λ·W for the weights W only (coupled L2); biases, γ and β are never decayed'],
    pytorch: 'the optimizer\'s weight_decay=λ on a parameter group holding the Linear weights only (not AdamW)',
    keras: 'kernel_regularizer=l2(λ/2) on each Dense layer',
  },
  {
    id: 'losses',
    title: 'Losses and accuracy',
    lab: [
      'softmax_ce: mean over rows of −log softmax(logits)[label]; accuracy is argmax = label',
      'sigmoid_bce: mean over all n·k outputs of the logistic loss; accuracy counts each output (logit > 0) out of n·k',
      'mse: mean over all n·k outputs of (logit − y)²; no accuracy',
    ],
    pytorch: 'F.cross_entropy, F.binary_cross_entropy_with_logits, F.mse_loss (reduction "mean")',
    keras: 'SparseCategoricalCrossentropy(from_logits=True), BinaryCrossentropy(from_logits=True), MeanSquaredError',
  },
  {
    id: 'initialization',
    title: 'Initial weights',
    lab: [
      'he: W ~ N(0, 2/fan_in);  he_uniform: U(±√(6/fan_in));  xavier: N(0, 2/(fan_in + fan_out));  xavier_uniform: U(±√(6/(fan_in + fan_out)))',
      'biases and BN β start at 0, BN γ at 1',
    ],
    pytorch: 'nn.init.kaiming_normal_ / kaiming_uniform_ (nonlinearity="relu"), xavier_normal_ / xavier_uniform_ (nn.Linear\'s own default is none of these)',
    keras: 'HeNormal, HeUniform, GlorotNormal, GlorotUniform (Keras\'s normal ones are truncated normals)',
  },
  {
    id: 'standardization',
    title: 'Input standardization',
    lab: ['x ← (x − mean) / std per feature, with the mean and population std (divide by n) of the training rows; a constant feature gets std 1'],
    pytorch: 'the same as a transform computed on the training split',
    keras: 'Normalization().adapt(training_rows)',
  },
  {
    id: 'percentile-bands',
    title: 'Percentile bands',
    lab: [
      PERCENTILE_BANDS_NOTE,
      `The rows are the first ${PERCENTILE_ROWS} of the validation split, which the seeded split has already shuffled; a run without a validation split uses its training rows. Percentiles interpolate linearly (numpy's default).`,
    ],
    pytorch: 'model.eval(); torch.quantile(z[:256].flatten(), [0.15, 0.5, 0.85])',
    keras: 'numpy.percentile(z[:256], [15, 50, 85]) of an eval-mode (training=False) forward pass',
  },
  {
    id: 'precision',
    title: 'Precision: float32 and float64',
    lab: [
      'float64: everything is IEEE double.',
      'float32: parameters, activations, gradients, optimizer state and data are stored as float32 (rounded on every write), while the arithmetic inside each expression is float64, as JavaScript numbers are.',
    ],
    pytorch: 'float64 runs match model.double() to about 1e-15; float32 runs sit between float32 and float64 PyTorch (about 1e-6 apart)',
    keras: 'as for PyTorch: float64 with keras.backend.set_floatx("float64")',
  },
  {
    id: 'divergence',
    title: 'Divergence',
    lab: [`a run ends "diverged" when a loss is not finite, or when its training or validation loss passes ${DIVERGENCE_FACTOR}× the loss of its initial network (eval mode, before the first update)`],
    pytorch: 'no equivalent: PyTorch keeps training on NaN',
    keras: 'callbacks.TerminateOnNaN() covers the non-finite case only',
  },
];

/** The element id of a convention's section in the app, which hints link to as `#<id>`. */
export function conventionAnchor(id: ConventionId): string {
  return `conventions-${id}`;
}

/** The page as Markdown, which docs/conventions.md holds verbatim. */
export function conventionsMarkdown(): string {
  const sections = CONVENTIONS.map((c) => [
    `## ${c.title}`,
    '',
    ...c.lab.map((line) => `- ${line}`),
    '',
    `**PyTorch:** ${c.pytorch}.`,
    '',
    `**Keras:** ${c.keras}.`,
    ...(c.note ? ['', c.note] : []),
  ].join('\n'));
  return `<!-- Generated from app/contract/conventions.ts by \`npx vitest run test/docs -u\`; edit that file, not this one. -->
# BN Lab's conventions

Each formula as the engine computes it, and how PyTorch or Keras would write the same. The app shows
this page under *Conventions*. To reproduce a run elsewhere, see [reproducing.md](reproducing.md).

${sections.join('\n\n')}
`;
}
