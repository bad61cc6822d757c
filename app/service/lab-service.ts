// The lab service: experiments in, runs trained on the worker pool, every epoch stored. It runs the
// queue, the live handles and their waiters, run ownership and epoch saving; reading what is stored
// is LabRecords'. The CLI, the browser-mode server and the Electron main process all drive the lab
// through this one class.
import { EventEmitter } from 'node:events';
import { DIVERGENCE_FACTOR, valueProblem } from '../../engine/index.ts';
import { loadDataset, type DatasetSpec, type PreparedDataset, type Split } from './datasets/index.ts';
import { LabError, toLabError } from './lab-error.ts';
import { guard, LabRecords, requireTrainingState, startsNewOptimizer, type LabRecordsOptions } from './lab-records.ts';
import { applyOverrides, continuedSpec, describeOverrides, resolveExperiment, type DatasetShape, type ResolvedExperiment, type RunSpec } from './run-spec.ts';
import { WorkerPool, type RunEvent, type RunHandle } from './worker-pool.ts';
import type { RunOutcome } from './worker-protocol.ts';
import type { BranchOverrides, LabEvent, RunDetail, StateProgress } from '../contract/lab-api.ts';
import { retryWhenBusy } from '../store/db.ts';
import type { RunRow, RunStatus, RunSummary } from '../store/runs.ts';
import { recordEpochs, rewindToEpoch } from '../store/epochs.ts';
import { backUp, vacuum } from '../store/upkeep.ts';
import { explainWriteFailure } from '../store/storage-error.ts';
import { RunOwnership } from './run-ownership.ts';

export interface LabServiceOptions extends LabRecordsOptions {
  /** Training threads; default one per core. */
  poolSize?: number;
}

export type { LabEvent, RunDetail };

/**
 * How long an epoch may wait to be stored with others. Eight small runs report hundreds of epochs
 * a second; a commit each (an fsync each) kept the service's thread from answering calls. A crash
 * loses at most this much training, which resume trains again bit-identically.
 */
const SAVE_BATCH_MS = 50;

const ENDED: ReadonlySet<RunStatus> = new Set(['done', 'failed', 'diverged', 'interrupted']);

export class LabService extends LabRecords {
  readonly events = new EventEmitter<{ event: [LabEvent] }>();
  private readonly pool: WorkerPool;
  private readonly live = new Map<number, RunHandle>();
  private readonly waiters = new Map<number, { resolve: (run: RunSummary) => void; reject: (error: LabError) => void }[]>();
  /** Runs whose progress could not be stored: their later epochs are dropped and they end failed. */
  private readonly writeFailed = new Map<number, string>();
  /**
   * Epochs the threads reported and the store has not taken yet. They are stored together at most
   * SAVE_BATCH_MS after the first: one commit, one fsync for all, instead of one each.
   */
  private readonly unsaved: { spec: RunSpec; event: Extract<RunEvent, { type: 'epoch' }> }[] = [];

  constructor(options: LabServiceOptions) {
    super(options);
    this.pool = new WorkerPool(options.poolSize);
    // What a process that is gone was training cannot continue in memory; a live one's runs go on.
    // (LabRecords alone, which only reads, shows such runs as interrupted without writing.)
    this.interruptOrphans();
  }

  /** Checks an experiment file and fills in every default, storing nothing. */
  resolve(raw: unknown): ResolvedExperiment {
    return this.resolveLoading(raw).resolved;
  }

  /** Checks every run of an experiment file, then stores them all as queued (nothing is stored if one is bad). */
  createExperiment(raw: unknown): { experimentId: number; runIds: number[] } {
    const { resolved, loaded } = this.resolveLoading(raw);
    return this.db.transaction(() => {
      const experiment = this.experiments.create(resolved.name, resolved.design ?? null);
      const datasetIds = new Map<string, number>();
      const runIds = resolved.runs.map(({ name, spec }) => {
        const key = JSON.stringify(spec.dataset);
        let datasetId = datasetIds.get(key);
        if (datasetId === undefined) {
          const data = loaded.get(key)!;
          datasetId = this.datasets.create({ name: data.description.name, description: data.description, standardization: data.standardization }).id;
          datasetIds.set(key, datasetId);
        }
        const run = this.runs.create({ experimentId: experiment.id, datasetId, name, spec, epochsTotal: spec.training.epochs, checkpointEvery: spec.training.checkpointEvery });
        // Queued here means "this lab will start it": another process must not take it for orphaned.
        this.ownership.claim(run.id);
        return run.id;
      });
      this.ownership.startHeartbeat();
      return { experimentId: experiment.id, runIds };
    })();
  }

  renameExperiment(experimentId: number, name: string): void {
    if (name.trim() === '') throw new LabError('invalid_spec', 'an experiment name must not be empty', 'name');
    if (!this.experiments.rename(experimentId, name.trim())) throw new LabError('not_found', `there is no experiment ${experimentId}`);
  }

  /** Deletes an experiment with all its runs; none of them may be training. */
  deleteExperiment(experimentId: number): void {
    if (!this.experiments.get(experimentId)) throw new LabError('not_found', `there is no experiment ${experimentId}`);
    const training = this.runs.list(experimentId).filter((r) => this.live.has(r.id) || this.ownership.otherOwner(r.id));
    if (training.length > 0) throw new LabError('invalid_state', `experiment ${experimentId} has runs training (${training.map((r) => r.id).join(', ')}); stop them first`);
    this.experiments.delete(experimentId);
  }

  /** Queues a run that has not trained yet; it starts when a thread is free. */
  start(runId: number): void {
    const run = this.row(runId);
    if (this.live.has(runId)) throw new LabError('invalid_state', `run ${runId} is already ${run.status}`);
    if (run.status !== 'queued') throw new LabError('invalid_state', `run ${runId} is ${run.status}; only a queued run can start (use resume for an interrupted one)`);
    this.launch(run, run.branchEpoch ?? 0);
  }

  /** Continues a paused run in place, or an interrupted/failed one from its last checkpoint. */
  resume(runId: number): void {
    const run = this.row(runId);
    const handle = this.live.get(runId);
    if (handle) {
      // A stopping run keeps its thread until the current step ends; resuming it then would be lost.
      if (handle.stopping) throw new LabError('invalid_state', `run ${runId} is stopping; resume it once it is interrupted`);
      handle.resume();
      return;
    }
    if (!['interrupted', 'failed', 'paused'].includes(run.status)) {
      const elsewhere = this.ownership.otherOwner(runId) ? ' in another BN Lab process' : '';
      throw new LabError('invalid_state', `run ${runId} is ${run.status}${elsewhere}; only an interrupted, failed or paused run can resume`);
    }
    const checkpoint = this.checkpoints.latestAtOrBefore(runId, run.epochsDone);
    if (checkpoint) requireTrainingState(runId, checkpoint.epoch, checkpoint.state);
    this.launch(run, checkpoint?.epoch ?? 0);
  }

  pause(runId: number): void {
    this.handle(runId).pause();
  }

  /** A paused run trains one more epoch and pauses again, to watch training one step at a time. */
  stepEpoch(runId: number): void {
    const handle = this.handle(runId);
    const { status } = this.row(runId);
    if (status !== 'paused' || handle.stopping) throw new LabError('invalid_state', `run ${runId} is ${handle.stopping ? 'stopping' : status}; only a paused run can step one epoch`);
    handle.step();
  }

  /** Stops a run after its current step; it becomes interrupted and can resume from its last checkpoint. */
  stop(runId: number): void {
    this.handle(runId).stop();
  }

  /**
   * Trains a done run `more` epochs further as the same run: from its latest state, whose batch
   * order generator goes on where it stopped, so it ends bit-identical to a run trained that long
   * from the start. Its curves and checkpoints so far stay.
   */
  continueRun(runId: number, more: number): void {
    const run = this.row(runId);
    if (run.status !== 'done' || this.live.has(runId)) throw new LabError('invalid_state', `run ${runId} is ${run.status}; only a done run can continue for more epochs (an interrupted one resumes)`);
    this.ownership.refuseIfOwnedElsewhere(runId, 'continuing it');
    const spec = guard(() => continuedSpec(run.spec as RunSpec, run.epochsDone, more));
    const checkpoint = this.checkpoints.latestAtOrBefore(runId, run.epochsDone);
    if (checkpoint) requireTrainingState(runId, checkpoint.epoch, checkpoint.state);
    this.runs.setLength(runId, spec, spec.training.epochs);
    try {
      this.launch(this.row(runId), checkpoint?.epoch ?? 0);
    } catch (error) {
      // Not started (its dataset could not load): it stays the done run it was.
      this.runs.setLength(runId, run.spec as RunSpec, run.epochsTotal);
      throw error;
    }
  }

  /**
   * A new run of the same experiment that starts from `runId`'s checkpoint at `epoch`, with the
   * optimizer settings (and epoch count) that `overrides` changes, e.g. `{ optimizer: { lr: 0.001 } }`.
   * The parent's first `epoch` epochs of metrics are copied, so its curves start where the parent's were.
   */
  async branch(runId: number, epoch: number, overrides: BranchOverrides, name?: string): Promise<number> {
    const parent = this.getRun(runId);
    // The branch point's full state is stored with the branch, trained again if the parent kept none.
    const state = await this.stateAt(runId, epoch);
    requireTrainingState(runId, epoch, state);
    const { optimizer, epochs } = guard(() => applyOverrides(parent.spec, overrides));
    if (epochs <= epoch) throw LabError.about('invalid_spec', valueProblem('training.epochs', `must be more than the branch epoch ${epoch}`, epochs));
    const spec: RunSpec = { ...parent.spec, optimizer, training: { ...parent.spec.training, epochs } };
    const label = name === undefined ? `${parent.name} @${epoch} ${describeOverrides(overrides)}`.trim() : runName(name);
    // The parent may have been deleted while its state was computed.
    this.row(runId);
    return this.db.transaction(() => {
      const run = this.runs.create({
        experimentId: parent.experimentId, datasetId: parent.datasetId, name: label, spec, epochsTotal: epochs,
        checkpointEvery: parent.checkpointEvery, branch: { parentRunId: runId, epoch },
      });
      // The branch's history is its parent's up to the branch point: metrics and checkpoints alike,
      // so its curves, its replay and a branch of it at an earlier epoch all have what they show.
      for (const row of this.metrics.forRun(runId, { to: epoch })) this.metrics.insert(run.id, row, row.wallMs);
      this.checkpoints.copyUpTo(runId, run.id, epoch);
      if (!this.checkpoints.atEpoch(run.id, epoch)) this.checkpoints.save(run.id, epoch, state);
      this.ownership.claim(run.id);
      return run.id;
    })();
  }

  rename(runId: number, name: string): void {
    const trimmed = runName(name);
    this.row(runId);
    this.runs.rename(runId, trimmed);
  }

  /** Deletes a run with its metrics and checkpoints; a training run must be stopped first. */
  deleteRun(runId: number): void {
    this.row(runId);
    if (this.live.has(runId)) throw new LabError('invalid_state', `run ${runId} is training; stop it before deleting it`);
    this.ownership.refuseIfOwnedElsewhere(runId, 'deleting it');
    this.runs.delete(runId);
  }

  /**
   * `bnlab gc`: after a dated copy of the file, every run that no process trains keeps only epoch
   * 0, every `every`-th epoch, its branch point and its latest state, compressed (states an older
   * BN Lab stored whole included); any other epoch is trained again when asked for. Epoch metrics an
   * older BN Lab stored as JSON are rewritten compactly. The freed pages then go back to the disk.
   */
  collectGarbage(every: number): { backup: string; runs: number; busy: number[]; dropped: number; compressed: number; compacted: number; before: number; after: number } {
    if (!Number.isInteger(every) || every < 1) throw new LabError('invalid_spec', `--every must be an integer >= 1, got ${every}`, 'every');
    const backup = guard(() => backUp(this.db, this.dbFile, 'gc'));
    const busy: number[] = [];
    let runs = 0;
    let dropped = 0;
    let compressed = 0;
    let compacted = 0;
    for (const run of this.runs.list()) {
      if (this.live.has(run.id) || this.ownership.otherOwner(run.id)) {
        busy.push(run.id);
        continue;
      }
      const result = retryWhenBusy(() =>
        this.db.transaction(() => {
          // A run with its epoch-0 state trained here: its states give every epoch's BN state (an imported run's rows keep theirs).
          const statesKept = this.checkpoints.atEpoch(run.id, 0) !== undefined;
          return { ...this.checkpoints.collect(run.id, every), compacted: this.metrics.compact(run.id, statesKept) };
        }).immediate(),
      );
      runs++;
      dropped += result.dropped;
      compressed += result.compressed;
      compacted += result.compacted;
    }
    return { backup, runs, busy, dropped, compressed, compacted, ...this.vacuum() };
  }

  /** Gives the file's free pages back to the disk; returns its size before and after. */
  vacuum(): { before: number; after: number } {
    return guard(() => vacuum(this.db, this.dbFile));
  }

  /** Resolves when the run is no longer training (done, failed, diverged or interrupted). */
  waitFor(runId: number): Promise<RunSummary> {
    const run = this.row(runId);
    if (!this.live.has(runId) && (ENDED.has(run.status) || run.status === 'queued')) return Promise.resolve(this.summary(runId));
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(runId) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(runId, list);
    });
  }

  /** Stops every run (each keeps its last checkpoint and becomes interrupted) and closes the file. */
  override async close(): Promise<void> {
    await this.pool.close();
    if (this.db.open) {
      try {
        this.ownership.close();
      } catch {
        // A file that cannot be written now: the leases lapse by themselves within the timeout.
      }
    }
    await super.close();
  }

  /** Stores as interrupted what a process that is gone left queued, training or paused. */
  private interruptOrphans(): void {
    const owned = this.ownership.liveRuns();
    for (const run of this.runs.list()) {
      if (RunOwnership.effectiveStatus(run.status, owned.has(run.id)) === run.status) continue;
      this.runs.updateStatus(run.id, 'interrupted', run.error);
      this.ownership.forget(run.id);
    }
  }

  // Each distinct dataset is loaded once; loading again for a larger batch size re-checks the row count.
  private resolveLoading(raw: unknown): { resolved: ResolvedExperiment; loaded: Map<string, PreparedDataset> } {
    const loaded = new Map<string, PreparedDataset>();
    const load = (spec: DatasetSpec, batchSize: number): PreparedDataset => {
      const key = JSON.stringify(spec);
      const known = loaded.get(key);
      if (known && known.train.n >= batchSize) return known;
      const data = loadDataset(spec, { batchSize, dataDir: this.dataDir });
      loaded.set(key, data);
      return data;
    };
    const resolved = guard(() => resolveExperiment(raw, (spec, batchSize) => shapeOf(load(spec, batchSize))));
    return { resolved, loaded };
  }

  private launch(run: RunRow, fromEpoch: number): void {
    const spec = run.spec as RunSpec;
    const data = guard(() => loadDataset(spec.dataset, { batchSize: spec.training.batchSize, dataDir: this.dataDir }));
    // Start and resume continue from a stored state (a branch stores its branch point), never a computed one.
    const state = this.checkpoints.atEpoch(run.id, fromEpoch)?.state ?? null;
    if (fromEpoch > 0 && !state) throw new LabError('not_found', `run ${run.id} has no stored state at epoch ${fromEpoch} to continue from`);
    // A checkpoint inherited from a branch's parent may hold another optimizer's state.
    const newOptimizer = state !== null && startsNewOptimizer(run, spec, fromEpoch, state);
    this.ownership.claim(run.id);
    this.ownership.startHeartbeat();
    rewindToEpoch(this.db, run.id, fromEpoch);
    this.setStatus(run.id, 'queued');
    const handle = this.pool.submit(
      { runId: run.id, spec, train: copySplit(data.train), validation: data.validation && copySplit(data.validation), state: state && ownBuffer(state), newOptimizer },
      (event) => this.onRunEvent(run.id, spec, event),
    );
    this.live.set(run.id, handle);
    void handle.finished.then((outcome) => this.onFinished(run.id, spec, outcome));
  }

  private onRunEvent(runId: number, spec: RunSpec, event: RunEvent): void {
    if (event.type === 'epoch') {
      if (this.unsaved.length === 0) setTimeout(() => this.saveEpochs(), SAVE_BATCH_MS);
      this.unsaved.push({ spec, event });
      return;
    }
    // What the run reported before this is stored first, so statuses follow its epochs.
    this.saveEpochs();
    // The thread may have sent more epochs before it saw the stop; storing them would leave a hole.
    if (this.writeFailed.has(runId)) return;
    try {
      switch (event.type) {
        case 'started':
          if (event.state) this.checkpoints.save(runId, 0, new Uint8Array(event.state));
          return this.setStatus(runId, 'running');
        case 'paused':
          return this.setStatus(runId, 'paused');
        case 'resumed':
          return this.setStatus(runId, 'running');
      }
    } catch (error) {
      this.failSaving(runId, error);
    }
  }

  private saveEpochs(): void {
    // The thread may have sent more epochs before it saw the stop; storing them would leave a hole.
    const batch = this.unsaved.splice(0).filter(({ event }) => !this.writeFailed.has(event.runId));
    if (batch.length === 0) return;
    let refused: Map<number, unknown>;
    try {
      // Another process writing to the file (a second lab, an import) only delays the save.
      refused = retryWhenBusy(() => recordEpochs(this.db, batch.map(({ event }) => ({ ...event, checkpoint: { ...event.checkpoint, bytes: new Uint8Array(event.checkpoint.bytes) } }))));
    } catch (error) {
      refused = new Map(batch.map(({ event }) => [event.runId, error]));
    }
    for (const { spec, event } of batch) {
      const { runId, metrics, wallMs } = event;
      if (this.writeFailed.has(runId)) continue;
      if (refused.has(runId)) {
        this.failSaving(runId, refused.get(runId));
        continue;
      }
      this.live.get(runId)?.stored(metrics.epoch);
      this.emit({ kind: 'epoch', runId, epoch: metrics.epoch, epochsTotal: spec.training.epochs, wallMs, metrics });
    }
  }

  /** The store refused a write (disk full, file removed, busy): stop rather than train unrecorded epochs. */
  private failSaving(runId: number, error: unknown): void {
    this.live.get(runId)?.stop();
    const lastCheckpoint = this.lastCheckpointIfReadable(runId);
    const message = `could not save epoch progress: ${toLabError(explainWriteFailure(this.dbFile, error)).message}${lastCheckpoint === undefined ? '' : `; resume continues from the checkpoint at epoch ${lastCheckpoint}`}`;
    this.writeFailed.set(runId, message);
    this.recordStatus(runId, 'failed', message);
  }

  private onFinished(runId: number, spec: RunSpec, outcome: RunOutcome): void {
    // How the run ended is told from its stored epochs: all it reported must be stored.
    this.saveEpochs();
    this.live.delete(runId);
    const failedWrite = this.writeFailed.get(runId);
    this.writeFailed.delete(runId);
    let summary: RunSummary | undefined;
    let problem: LabError | undefined;
    try {
      const current = this.db.open ? this.runs.get(runId) : undefined;
      if (current) {
        // After a failed write the run stays failed whatever the thread says: its last epochs were not kept.
        if (failedWrite !== undefined) this.recordStatus(runId, 'failed', failedWrite);
        else this.setStatus(runId, ...this.describeOutcome(current, spec, outcome));
        summary = this.summary(runId);
      }
    } catch (error) {
      problem = toLabError(error);
      this.recordStatus(runId, 'failed', `could not save how run ${runId} ended: ${problem.message}`);
    }
    try {
      if (this.db.open) this.ownership.release(runId);
    } catch {
      // The lease lapses by itself within the timeout.
    }
    const waiting = this.waiters.get(runId) ?? [];
    this.waiters.delete(runId);
    for (const { resolve, reject } of waiting) {
      if (summary) resolve(summary);
      else reject(problem ?? new LabError('not_found', `run ${runId} was deleted or its file closed while it trained`));
    }
  }

  private describeOutcome(run: RunRow, spec: RunSpec, outcome: RunOutcome): [RunStatus, string | null] {
    const lastCheckpoint = this.checkpoints.latestAtOrBefore(run.id, run.epochsDone)?.epoch ?? 0;
    switch (outcome.kind) {
      case 'done':
        return ['done', null];
      case 'stopped':
        return ['interrupted', `stopped after epoch ${run.epochsDone}; resume continues from the checkpoint at epoch ${lastCheckpoint}`];
      case 'diverged': {
        const advice = spec.network.layers.some((l) => l.batchNorm)
          ? `try a lower learning rate than ${spec.optimizer.lr}`
          : `try a lower learning rate than ${spec.optimizer.lr}, or turn batch norm on`;
        const loss = Number.isNaN(outcome.loss) ? 'NaN' : String(outcome.loss);
        const what = outcome.initialLoss === null
          ? `the ${outcome.which} loss became ${loss} in epoch ${outcome.epoch} (step ${outcome.step})`
          : `the ${outcome.which} loss reached ${loss} in epoch ${outcome.epoch}, more than ${DIVERGENCE_FACTOR}× the initial network's ${outcome.initialLoss.toPrecision(3)}`;
        return ['diverged', `${what}; ${advice}. The last good checkpoint is epoch ${lastCheckpoint}.`];
      }
      case 'failed':
        return ['failed', outcome.message];
    }
  }

  private setStatus(runId: number, status: RunStatus, error: string | null = null): void {
    this.runs.updateStatus(runId, status, error);
    this.emit({ kind: 'status', runId, status, error });
  }

  private lastCheckpointIfReadable(runId: number): number | undefined {
    try {
      return this.db.open ? this.checkpoints.latestAtOrBefore(runId, Number.MAX_SAFE_INTEGER)?.epoch : undefined;
    } catch {
      return undefined;
    }
  }

  /** setStatus where the store may be failing: the event still tells the user, and the next open marks the run interrupted. */
  private recordStatus(runId: number, status: RunStatus, error: string): void {
    try {
      if (this.db.open) this.runs.updateStatus(runId, status, error);
    } catch {
      // Nothing more can be saved; the run's stored epochs and checkpoints are intact.
    }
    this.emit({ kind: 'status', runId, status, error });
  }

  protected override onStateProgress(progress: StateProgress): void {
    this.emit({ kind: 'stateProgress', ...progress });
  }

  private emit(event: LabEvent): void {
    this.events.emit('event', event);
  }

  protected override trainsHere(runId: number): boolean {
    return this.live.has(runId);
  }

  private handle(runId: number): RunHandle {
    const run = this.row(runId);
    const handle = this.live.get(runId);
    if (!handle) throw new LabError('invalid_state', `run ${runId} is ${run.status}, not training`);
    return handle;
  }

}

/** A run's name as given, trimmed; a blank one is refused rather than stored. */
function runName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new LabError('invalid_spec', 'a run name must not be empty', 'name');
  return trimmed;
}

function shapeOf(data: PreparedDataset): DatasetShape {
  return { inputSize: data.inputSize, outputUnits: data.outputUnits, task: data.task };
}

/** The worker receives its splits by transfer, so it gets copies the service does not keep. */
function copySplit(split: Split): Split {
  return { X: split.X.slice(), y: split.y.slice(), n: split.n };
}

function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
