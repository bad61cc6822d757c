// What the lab file holds, read: experiments, runs with the status they have now, epochs,
// checkpoints and each run's dataset. The lab service trains on top of this; code that only reads
// (bnlab list/show, exports, reports) needs nothing more.
import { loadDataset, type PreparedDataset } from './datasets/index.ts';
import { LabError, toLabError } from './lab-error.ts';
import type { RunSpec } from './run-spec.ts';
import type { RunDetail, StateProgress } from '../contract/lab-api.ts';
import { openDb, openDbReadOnly, type WritableDB } from '../store/db.ts';
import { createExperimentsRepo, type ExperimentRow } from '../store/experiments.ts';
import { createDatasetsRepo, type DatasetRow } from '../store/datasets.ts';
import { createRunsRepo, type RunRow, type RunSummary } from '../store/runs.ts';
import { createMetricsRepo, type EpochRange, type EpochRow } from '../store/metrics.ts';
import { createCheckpointsRepo, type CheckpointInfo } from '../store/checkpoints.ts';
import { createRunOwnersRepo } from '../store/run-owners.ts';
import { RunOwnership } from './run-ownership.ts';
import { StateThread } from './state-thread.ts';
import { RetrainedStates } from './retrained-states.ts';
import { storageUse, type StorageUse } from '../store/upkeep.ts';
import { canContinueTraining, readStateHeader } from '../../engine/index.ts';

export interface LabRecordsOptions {
  /** The SQLite file; see resolveDbPath for the default. */
  dbFile: string;
  /** Where the shipped tables are, when not next to the datasets module (a packaged app). */
  dataDir?: string;
  /** How long another process's lease may go unrenewed before its runs count as interrupted. */
  leaseTimeoutMs?: number;
  /** Read the file without writing to it (a damaged file, a read-only place); see openDbReadOnly. */
  readOnly?: boolean;
}

export class LabRecords {
  readonly db: WritableDB;
  readonly dbFile: string;
  /** Opened read-only: what quick_check found wrong with the file, or null for none. */
  readonly damage: string | null = null;
  protected readonly dataDir: string | undefined;
  protected readonly experiments;
  protected readonly datasets;
  protected readonly runs;
  protected readonly metrics;
  protected readonly checkpoints;
  protected readonly ownership: RunOwnership;
  private readonly stateThread = new StateThread();
  private readonly retrained = new RetrainedStates();

  constructor(options: LabRecordsOptions) {
    this.dbFile = options.dbFile;
    try {
      if (options.readOnly) ({ db: this.db, damage: this.damage } = openDbReadOnly(options.dbFile));
      else this.db = openDb(options.dbFile);
    } catch (error) {
      throw toLabError(error);
    }
    this.dataDir = options.dataDir;
    this.experiments = createExperimentsRepo(this.db);
    this.datasets = createDatasetsRepo(this.db);
    this.runs = createRunsRepo(this.db);
    this.metrics = createMetricsRepo(this.db);
    this.checkpoints = createCheckpointsRepo(this.db);
    this.ownership = new RunOwnership(createRunOwnersRepo(this.db), options.leaseTimeoutMs);
  }

  listExperiments(): ExperimentRow[] {
    return this.experiments.list();
  }

  getExperiment(experimentId: number): ExperimentRow {
    const experiment = this.experiments.get(experimentId);
    if (!experiment) throw new LabError('not_found', `there is no experiment ${experimentId}`);
    return experiment;
  }

  listRuns(experimentId?: number): RunSummary[] {
    const owned = this.ownership.liveRuns();
    return this.runs.list(experimentId).map((run) => ({ ...run, status: RunOwnership.effectiveStatus(run.status, owned.has(run.id)) }));
  }

  getRun(runId: number): RunDetail {
    const { spec, ...summary } = this.row(runId);
    return { ...summary, spec: spec as RunSpec };
  }

  getDataset(runId: number): DatasetRow {
    const run = this.row(runId);
    return this.datasets.get(run.datasetId)!;
  }

  epochs(runId: number, range: EpochRange = {}): EpochRow[] {
    this.row(runId);
    return this.metrics.forRun(runId, range);
  }

  listCheckpoints(runId: number): CheckpointInfo[] {
    this.row(runId);
    return this.checkpoints.list(runId);
  }

  /**
   * The engine state after `epoch` epochs (0 = initial weights): stored, or, where the checkpoint
   * policy kept none, trained again from the nearest stored state before it, bit-identically, on
   * the state thread (each epoch trained is told to onStateProgress).
   */
  async stateAt(runId: number, epoch: number): Promise<Uint8Array> {
    const run = this.row(runId);
    const stored = this.checkpoints.atEpoch(runId, epoch);
    if (stored) return stored.state;
    // A branch's history before its branch point was trained by its parent, with the parent's settings.
    if (run.branchEpoch !== null && epoch < run.branchEpoch) {
      if (run.parentRunId === null) throw new LabError('not_found', `run ${runId} has no state at epoch ${epoch}: its parent, which trained that epoch, was deleted`);
      return this.stateAt(run.parentRunId, epoch);
    }
    const base = Number.isInteger(epoch) && epoch >= 0 && epoch <= run.epochsDone ? this.checkpoints.latestAtOrBefore(runId, epoch) : undefined;
    if (!base) {
      const have = this.checkpoints.list(runId).map((c) => c.epoch);
      throw new LabError('not_found', `run ${runId} has no state at epoch ${epoch}: it has ${run.epochsDone} epochs, stored states at ${have.length ? have.join(', ') : 'none'}`);
    }
    requireTrainingState(runId, base.epoch, base.state);
    const retrained = this.retrained.latest(run, base.epoch, epoch);
    if (retrained?.epoch === epoch) return retrained.state;
    const from = retrained ?? base;
    const spec = run.spec as RunSpec;
    const stats = this.metrics.forRun(runId, { from: from.epoch + 1, to: epoch }).map(({ epoch, trainLoss }) => ({ epoch, trainLoss }));
    const start = { epoch: from.epoch, state: from.state, newOptimizer: startsNewOptimizer(run, spec, from.epoch, from.state) };
    const total = epoch - from.epoch;
    this.onStateProgress({ runId, epoch, done: 0, total });
    const state = await this.stateThread.trainForward({ spec, dataDir: this.dataDir, from: start, to: epoch, stored: stats }, (trained) =>
      this.onStateProgress({ runId, epoch, done: trained - from.epoch, total }),
    );
    // Kept, so the next epoch of a replay trains one epoch from here rather than all of them again.
    this.retrained.add(run, epoch, state);
    return state;
  }

  /** The file's size and what each experiment's checkpoints and metrics take of it. */
  storageUse(): StorageUse {
    return guard(() => storageUse(this.db, this.dbFile));
  }

  /** Reloads the run's dataset exactly as it trained on it (seeded generators, same split). */
  loadRunDataset(runId: number): PreparedDataset {
    const { spec } = this.getRun(runId);
    return guard(() => loadDataset(spec.dataset, { dataDir: this.dataDir }));
  }

  async close(): Promise<void> {
    await this.stateThread.close();
    if (this.db.open) this.db.close();
  }

  /** Training a state again has reached `done` of `total` epochs; a reader has no one to tell. */
  protected onStateProgress(_progress: StateProgress): void {}

  /** Whether this process trains the run now; a reader trains nothing. */
  protected trainsHere(_runId: number): boolean {
    return false;
  }

  /** The run as stored, with the status it has now (a training status whose owner is gone reads interrupted). */
  protected row(runId: number): RunRow {
    const run = Number.isInteger(runId) ? this.runs.get(runId) : undefined;
    if (!run) throw new LabError('not_found', `there is no run ${runId}`);
    return { ...run, status: RunOwnership.effectiveStatus(run.status, this.trainsHere(runId) || this.ownership.isOwned(runId)) };
  }

  protected summary(runId: number): RunSummary {
    const { spec: _spec, ...summary } = this.row(runId);
    return summary;
  }
}

/** Runs `body`, turning whatever it throws into a LabError. */
export function guard<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw toLabError(error);
  }
}

/**
 * Training goes on only from a checkpoint with the epoch and batch-order state. A run imported
 * from a JSON export keeps its final parameters without them: refused here, before anything
 * changes, rather than failed by its thread.
 */
export function requireTrainingState(runId: number, epoch: number, state: Uint8Array): void {
  if (guard(() => canContinueTraining(state))) return;
  throw new LabError('invalid_state', `run ${runId} cannot train on from epoch ${epoch}: its checkpoint holds the parameters only (a run imported from a JSON export); its metrics and parameters stay as they are`);
}

/** A branch that changes optimizer kind starts its own optimizer from its branch point's state. */
export function startsNewOptimizer(run: { branchEpoch: number | null }, spec: RunSpec, fromEpoch: number, state: Uint8Array): boolean {
  return run.branchEpoch !== null && fromEpoch === run.branchEpoch && readStateHeader(state).optimizer !== spec.optimizer.kind;
}
