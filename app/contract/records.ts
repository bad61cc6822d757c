// The records the lab stores and hands out, shared by the store, the service, the CLI and the UI.
// Types only, importing nothing with side effects, so the renderer can use them as they are.
import type { Dtype } from '../../engine/dtype.ts';
import type { InitKind, OptimizerKind } from '../../engine/fields.ts';
import type { EpochMetrics, LayerEpochStats, ProbeMeasurement } from '../../engine/metrics.ts';
import type { ModelSpec } from '../../engine/spec.ts';
import type { DatasetSpec } from './datasets.ts';
import type { ExperimentDesign } from './experiment-design.ts';

export type RunStatus = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'diverged' | 'interrupted';

export interface ExperimentRow {
  id: number;
  name: string;
  createdAt: string;
  /** The design its runs were expanded from; null for an experiment made from a list of runs. */
  design: ExperimentDesign | null;
}

/** A run without its spec: what a list of runs shows. */
export interface RunSummary {
  id: number;
  experimentId: number;
  experimentName: string;
  datasetId: number;
  name: string;
  parentRunId: number | null;
  branchEpoch: number | null;
  status: RunStatus;
  error: string | null;
  dtype: Dtype;
  bnEps: number;
  bnMomentum: number;
  optKind: OptimizerKind;
  optLr: number;
  /** Momentum's β (not BN's shift β). */
  optBeta: number | null;
  optBeta1: number | null;
  optBeta2: number | null;
  optEps: number | null;
  optWeightDecay: number;
  epochsDone: number;
  epochsTotal: number;
  checkpointEvery: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /**
   * The lowest run id of the run's group: the runs of its experiment that differ from it only by
   * the training seed (repeats), branched at the same epoch. A run alone is its own group.
   */
  groupId: number;
}

/** A BN layer's γ, β and running averages after an epoch: part of the epoch's state. */
export interface BnLayerState {
  gamma: number[];
  beta: number[];
  runningMean: number[];
  runningVar: number[];
}

/**
 * An epoch's statistics of a layer as stored. A BN layer's state after the epoch is read from the
 * epoch's state, so a row repeats it only where no stored state holds it: a run imported from a JSON
 * export (which keeps its final parameters only), or a row an older BN Lab wrote.
 */
export type StoredLayerStats = Omit<LayerEpochStats, 'bn'> & { bn: (NonNullable<LayerEpochStats['bn']> & Partial<BnLayerState>) | null };

export interface EpochRow extends Omit<EpochMetrics, 'layers'> {
  layers: StoredLayerStats[];
  runId: number;
  /** Wall-clock time the epoch took, in milliseconds. */
  wallMs: number;
  recordedAt: string;
}

/** Santurkar's probes of a run at the checkpoint of `epoch`, on the first batch of the epoch after it. */
export interface ProbePoint extends ProbeMeasurement {
  epoch: number;
}

/** A run's test split evaluated at one checkpoint, BN in eval mode. */
export interface TestMetrics {
  epoch: number;
  rows: number;
  loss: number;
  /** Null for mse. */
  accuracy: number | null;
}

/** Inclusive bounds; a missing bound is open. */
export interface EpochRange {
  from?: number;
  to?: number;
}

export interface CheckpointInfo {
  epoch: number;
  byteLength: number;
  createdAt: string;
}

export interface TrainingSpec {
  epochs: number;
  batchSize: number;
  /** Seeds the initial weights and the mini-batch order: runs sharing it are matched pairs. */
  seed: number;
  init: InitKind;
  /** A checkpoint every this many epochs (the last epoch always has one). */
  checkpointEvery: number;
}

/** A fully resolved run: what the store keeps as the truth about a run. */
export interface RunSpec extends ModelSpec {
  dataset: DatasetSpec;
  training: TrainingSpec;
}

/** A run with its resolved spec. */
export interface RunDetail extends RunSummary {
  spec: RunSpec;
}

/** How big the lab file is, and what each experiment's stored states and epoch metrics take of it. */
export interface StorageUse {
  file: string;
  /** The database file and its write-ahead log. */
  fileBytes: number;
  /** Largest first. */
  experiments: { id: number; name: string; bytes: number }[];
}
