// Runs: the resolved spec as JSON (the truth) plus readable copies of its settings, the lifecycle
// status with timestamps, and how far training got (epochs_done, advanced by recordEpoch).
import { arithmeticOf, unrecordedArithmetic, type ModelSpec } from '../../engine/index.ts';
import type { RunStatus, RunSummary } from '../contract/records.ts';
import type { WritableDB } from './db.ts';

export type { RunStatus, RunSummary };

export interface NewRun {
  experimentId: number;
  datasetId: number;
  name: string;
  /** The resolved run spec, stored whole; its model settings are also copied into readable columns. */
  spec: ModelSpec;
  epochsTotal: number;
  /** Default 1: a checkpoint after every epoch. */
  checkpointEvery?: number;
  /** Start from `parentRunId`'s checkpoint at `epoch`; the new run then counts those epochs as done. */
  branch?: { parentRunId: number; epoch: number };
}

export interface RunRow extends RunSummary {
  /** Parsed JSON as written; the service validates it against its own spec type. */
  spec: unknown;
}

const SUMMARY_COLUMNS = `r.id AS id, r.experiment_id AS experimentId, e.name AS experimentName,
  r.dataset_id AS datasetId, r.name AS name, r.parent_run_id AS parentRunId, r.branch_epoch AS branchEpoch,
  r.status AS status, r.error AS error, r.dtype AS dtype, r.bn_eps AS bnEps, r.bn_momentum AS bnMomentum,
  r.opt_kind AS optKind, r.opt_lr AS optLr, r.opt_beta AS optBeta, r.opt_beta1 AS optBeta1,
  r.opt_beta2 AS optBeta2, r.opt_eps AS optEps, r.opt_weight_decay AS optWeightDecay,
  r.epochs_done AS epochsDone, r.epochs_total AS epochsTotal, r.checkpoint_every AS checkpointEvery,
  r.created_at AS createdAt, r.started_at AS startedAt, r.finished_at AS finishedAt,
  (SELECT min(g.id) FROM runs AS g WHERE g.experiment_id = r.experiment_id AND g.branch_epoch IS r.branch_epoch
    AND json_remove(g.spec_json, '$.training.seed') = json_remove(r.spec_json, '$.training.seed')) AS groupId`;
const FROM = 'FROM runs AS r JOIN experiments AS e ON e.id = r.experiment_id';
const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
/** Statuses after which the run is not training, so finished_at is set. */
const ENDED = `('done', 'failed', 'diverged', 'interrupted')`;

type InsertParams = Record<string, string | number | null>;

export function createRunsRepo(db: WritableDB) {
  const insert = db.prepare<InsertParams, { id: number }>(`
    INSERT INTO runs (experiment_id, dataset_id, name, parent_run_id, branch_epoch, spec_json, dtype,
      bn_eps, bn_momentum, opt_kind, opt_lr, opt_beta, opt_beta1, opt_beta2, opt_eps, opt_weight_decay,
      epochs_done, epochs_total, checkpoint_every)
    VALUES (@experimentId, @datasetId, @name, @parentRunId, @branchEpoch, @specJson, @dtype,
      @bnEps, @bnMomentum, @optKind, @optLr, @optBeta, @optBeta1, @optBeta2, @optEps, @optWeightDecay,
      @epochsDone, @epochsTotal, @checkpointEvery)
    RETURNING id`);
  const byId = db.prepare<[number], RunSummary & { specJson: string }>(
    `SELECT ${SUMMARY_COLUMNS}, r.spec_json AS specJson ${FROM} WHERE r.id = ?`,
  );
  const summaries = db.prepare<{ experimentId: number | null }, RunSummary>(
    `SELECT ${SUMMARY_COLUMNS} ${FROM} WHERE @experimentId IS NULL OR r.experiment_id = @experimentId ORDER BY r.id`,
  );
  // A run that starts again (resume) keeps its first start time and is no longer finished.
  const setStatus = db.prepare<{ id: number; status: RunStatus; error: string | null }>(`
    UPDATE runs SET status = @status, error = @error,
      started_at = CASE WHEN @status = 'running' THEN coalesce(started_at, ${NOW}) ELSE started_at END,
      finished_at = CASE WHEN @status IN ${ENDED} THEN ${NOW} ELSE NULL END
    WHERE id = @id`);
  const setName = db.prepare<[string, number]>('UPDATE runs SET name = ? WHERE id = ?');
  const setEpochs = db.prepare<[number, number]>('UPDATE runs SET epochs_done = ? WHERE id = ?');
  const setLength = db.prepare<{ id: number; specJson: string; epochsTotal: number }>(
    'UPDATE runs SET spec_json = @specJson, epochs_total = @epochsTotal WHERE id = @id');
  const remove = db.prepare<[number]>('DELETE FROM runs WHERE id = ?');

  function get(id: number): RunRow | undefined {
    const row = byId.get(id);
    if (!row) return undefined;
    const { specJson, ...summary } = row;
    return { ...summary, spec: withArithmetic(JSON.parse(specJson) as unknown) };
  }

  return {
    create(run: NewRun): RunRow {
      const { id } = insert.get(insertParams(run))!;
      return get(id)!;
    },
    get,
    /** All runs, or one experiment's, oldest first. */
    list(experimentId?: number): RunSummary[] {
      return summaries.all({ experimentId: experimentId ?? null });
    },
    /** Sets the status and error text (null clears it); start and finish times follow the status. */
    updateStatus(id: number, status: RunStatus, error: string | null = null): boolean {
      return setStatus.run({ id, status, error }).changes > 0;
    },
    rename(id: number, name: string): boolean {
      return setName.run(name, id).changes > 0;
    },
    setEpochsDone(id: number, epochs: number): boolean {
      return setEpochs.run(epochs, id).changes > 0;
    },
    /** A run that trains on for more epochs: its spec's epoch count and epochs_total say the new length. */
    setLength(id: number, spec: ModelSpec, epochsTotal: number): boolean {
      return setLength.run({ id, specJson: specJson(spec), epochsTotal }).changes > 0;
    },
    /** Also deletes the run's metrics and checkpoints; runs branched from it keep going without a parent. */
    delete(id: number): boolean {
      return remove.run(id).changes > 0;
    },
  };
}

export type RunsRepo = ReturnType<typeof createRunsRepo>;

/** A spec stored before runs recorded their arithmetic was trained with the one of that time. */
function withArithmetic(spec: unknown): unknown {
  if (typeof spec !== 'object' || spec === null || 'arithmetic' in spec) return spec;
  const { dtype } = spec as { dtype?: unknown };
  return dtype === 'float32' || dtype === 'float64' ? { ...spec, arithmetic: unrecordedArithmetic(dtype) } : spec;
}

// The arithmetic it trains with, so that it resumes with the same bits whatever later versions default to.
function specJson(spec: ModelSpec): string {
  return JSON.stringify({ ...spec, arithmetic: arithmeticOf(spec) });
}

function insertParams(run: NewRun): InsertParams {
  const { spec, branch } = run;
  const opt = spec.optimizer;
  return {
    experimentId: run.experimentId,
    datasetId: run.datasetId,
    name: run.name,
    parentRunId: branch?.parentRunId ?? null,
    branchEpoch: branch?.epoch ?? null,
    specJson: specJson(spec),
    dtype: spec.dtype,
    bnEps: spec.bn.eps,
    bnMomentum: spec.bn.momentum,
    optKind: opt.kind,
    optLr: opt.lr,
    optBeta: 'beta' in opt ? opt.beta : null,
    optBeta1: 'beta1' in opt ? opt.beta1 : null,
    optBeta2: 'beta2' in opt ? opt.beta2 : null,
    optEps: 'eps' in opt ? opt.eps : null,
    optWeightDecay: opt.weightDecay,
    epochsDone: branch?.epoch ?? 0,
    epochsTotal: run.epochsTotal,
    checkpointEvery: run.checkpointEvery ?? 1,
  };
}
