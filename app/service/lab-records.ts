// What the lab file holds, read: experiments, runs with the status they have now, epochs,
// checkpoints and each run's dataset. The lab service trains on top of this; code that only reads
// (bnlab list/show, exports, reports) needs nothing more.
import { loadDataset, type PreparedDataset } from './datasets/index.ts';
import { LabError, toLabError } from './lab-error.ts';
import type { RunSpec } from './run-spec.ts';
import type { RunDetail } from '../contract/lab-api.ts';
import { openDb, type WritableDB } from '../store/db.ts';
import { createExperimentsRepo, type ExperimentRow } from '../store/experiments.ts';
import { createDatasetsRepo, type DatasetRow } from '../store/datasets.ts';
import { createRunsRepo, type RunRow, type RunSummary } from '../store/runs.ts';
import { createMetricsRepo, type EpochRange, type EpochRow } from '../store/metrics.ts';
import { createCheckpointsRepo, type CheckpointInfo } from '../store/checkpoints.ts';
import { createRunOwnersRepo } from '../store/run-owners.ts';
import { RunOwnership } from './run-ownership.ts';

export interface LabRecordsOptions {
  /** The SQLite file; see resolveDbPath for the default. */
  dbFile: string;
  /** Where the shipped tables are, when not next to the datasets module (a packaged app). */
  dataDir?: string;
  /** How long another process's lease may go unrenewed before its runs count as interrupted. */
  leaseTimeoutMs?: number;
}

export class LabRecords {
  readonly db: WritableDB;
  readonly dbFile: string;
  protected readonly dataDir: string | undefined;
  protected readonly experiments;
  protected readonly datasets;
  protected readonly runs;
  protected readonly metrics;
  protected readonly checkpoints;
  protected readonly ownership: RunOwnership;

  constructor(options: LabRecordsOptions) {
    this.dbFile = options.dbFile;
    try {
      this.db = openDb(options.dbFile);
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

  /** The engine state bytes stored after `epoch` epochs (0 = initial weights). */
  checkpointState(runId: number, epoch: number): Uint8Array {
    const checkpoint = this.checkpoints.atEpoch(runId, epoch);
    if (!checkpoint) {
      const have = this.checkpoints.list(runId).map((c) => c.epoch);
      throw new LabError('not_found', `run ${runId} has no checkpoint at epoch ${epoch} (it has ${have.length ? have.join(', ') : 'none'})`);
    }
    return checkpoint.state;
  }

  /** The latest checkpoint at or before `epoch`, for views that may ask for any epoch. */
  checkpointAtOrBefore(runId: number, epoch: number): { epoch: number; state: Uint8Array } {
    this.row(runId);
    const checkpoint = this.checkpoints.latestAtOrBefore(runId, epoch);
    if (!checkpoint) throw new LabError('not_found', `run ${runId} has no checkpoint at or before epoch ${epoch}`);
    return { epoch: checkpoint.epoch, state: checkpoint.state };
  }

  /** Reloads the run's dataset exactly as it trained on it (seeded generators, same split). */
  loadRunDataset(runId: number): PreparedDataset {
    const { spec } = this.getRun(runId);
    return guard(() => loadDataset(spec.dataset, { dataDir: this.dataDir }));
  }

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
