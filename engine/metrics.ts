// What the trainer reports after every epoch: the numbers every plot of the lab is drawn from.

/**
 * Rows of the evaluation set whose activations feed the percentile bands: its first rows, which
 * the seeded shuffle of the split makes a fixed random sample (all of them in a smaller set).
 */
export const PERCENTILE_ROWS = 256;

/**
 * A run whose training or validation loss grows past this many times the loss of its initial
 * network has diverged, even while the numbers stay finite (a validation loss of 4.4e9 once ended
 * "done"). The initial loss is measured in eval mode before the first update.
 */
export const DIVERGENCE_FACTOR = 1000;

/** 15th, 50th and 85th percentiles (linear interpolation), the bands of Ioffe & Szegedy's Figure 1. */
export interface Percentiles {
  p15: number;
  p50: number;
  p85: number;
}

export interface LayerEpochStats {
  /** Hidden layers are 0..L-1; the output layer is L. */
  layer: number;
  /** L2 norm of each gradient tensor, averaged over the epoch's steps; null where the layer has no such tensor. */
  gradNorm: { W: number; b: number | null; gamma: number | null; beta: number | null };
  /**
   * BN layers: per-unit mean and (biased) variance of the epoch's last training batch, what train
   * mode normalized with. γ, β and the running averages after the epoch are not repeated here: they
   * are the run's state at that epoch (stored, or trained again), read with it.
   */
  bn: { batchMean: number[]; batchVar: number[] } | null;
  /**
   * Hidden layers: percentiles over every unit and sample of the evaluation set (validation, or
   * training when there is none) in eval mode. zNorm and zTilde exist for BN layers only.
   */
  percentiles: { z: Percentiles; zNorm: Percentiles | null; zTilde: Percentiles | null; a: Percentiles } | null;
}

export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  /** Optimizer updates taken since the run began. */
  steps: number;
  /** Mean of the epoch's mini-batch losses (train mode, before each update), weighted by batch size. */
  trainLoss: number;
  trainAccuracy: number | null;
  validationLoss: number | null;
  validationAccuracy: number | null;
  layers: LayerEpochStats[];
}

/** One probe of Santurkar et al.'s Figure 4 at a training step (probes.ts). */
export interface ProbeMeasurement {
  stepSizes: number[];
  /** L(θ) on the batch. */
  loss: number;
  /** ‖∇L(θ)‖₂ over every trainable tensor. */
  gradientNorm: number;
  /** L(θ − η g) per step size. */
  lossAlong: number[];
  /** ‖∇L(θ) − ∇L(θ − η g)‖₂ per step size. */
  gradientChange: number[];
  /** max over η of gradientChange / ‖η g‖; 0 when g is 0. */
  betaSmoothness: number;
}
