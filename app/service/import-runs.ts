// `bnlab import`: a JSON export (export.ts) back into a database, maybe another person's. Each
// exported experiment becomes a new experiment, each run a new run with its spec, status and every
// epoch's metrics, and its final parameters become a checkpoint at that epoch, so the run's decision
// boundary and replay of its last epoch work. All or nothing: one transaction.
import { FieldChecker, Network, TRAINING_FIELDS, Optimizer, serializeModelState, validateBnConfig, validateNetworkSpec, validateOptimizerSpec, validateTrainingSettings, ARITHMETICS, DTYPES, unrecordedArithmetic } from '../../engine/index.ts';
import type { RunSpec, RunStatus } from '../contract/records.ts';
import { loadDataset, resolveDatasetSpec, type Standardization } from './datasets/index.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type RunExport } from './export.ts';
import { LabError, toLabError } from './lab-error.ts';
import type { NamedTensor } from './model-state.ts';
import type { WritableDB } from '../store/db.ts';
import { createCheckpointsRepo } from '../store/checkpoints.ts';
import { createDatasetsRepo } from '../store/datasets.ts';
import { createExperimentsRepo } from '../store/experiments.ts';
import { createMetricsRepo } from '../store/metrics.ts';
import { createRunsRepo } from '../store/runs.ts';

export interface ImportResult {
  experimentIds: number[];
  /** New ids, in the order of the export's runs. */
  runIds: number[];
  /** Things the import could not carry over, one sentence each. */
  warnings: string[];
}

/** Statuses an imported run keeps; one that was training when exported arrives interrupted. */
const KEPT: ReadonlySet<RunStatus> = new Set(['queued', 'done', 'failed', 'diverged', 'interrupted']);
const CANNOT_RESUME = 'imported from a JSON export, which keeps the parameters but not the optimizer and batch-order state, so it cannot resume or branch';

export function importRuns(db: WritableDB, raw: unknown, options: { dataDir?: string } = {}): ImportResult {
  const runs = checkExport(raw);
  const experiments = createExperimentsRepo(db);
  const datasets = createDatasetsRepo(db);
  const runsRepo = createRunsRepo(db);
  const metrics = createMetricsRepo(db);
  const checkpoints = createCheckpointsRepo(db);
  const warnings: string[] = [];
  return db.transaction(() => {
    const experimentIds = new Map<number, number>();
    const datasetIds = new Map<number, number>();
    const runIds = new Map<number, number>();
    // Parents have smaller ids than their branches, so a branch's parent is always imported first.
    const order = [...runs.keys()].sort((a, b) => runs[a]!.run.id - runs[b]!.run.id);
    for (const i of order) {
      const { run, spec, dataset, epochs, finalParameters } = runs[i]!;
      let experimentId = experimentIds.get(run.experimentId);
      if (experimentId === undefined) {
        experimentId = experiments.create(run.experimentName).id;
        experimentIds.set(run.experimentId, experimentId);
      }
      let datasetId = datasetIds.get(run.datasetId);
      if (datasetId === undefined) {
        const name = (dataset as { name?: unknown } | null)?.name;
        datasetId = datasets.create({ name: typeof name === 'string' && name !== '' ? name : spec.dataset.kind, description: dataset, standardization: standardization(spec, options.dataDir, warnings) }).id;
        datasetIds.set(run.datasetId, datasetId);
      }
      const parent = run.parentRunId === null ? undefined : runIds.get(run.parentRunId);
      const created = runsRepo.create({
        experimentId, datasetId, name: run.name, spec, epochsTotal: run.epochsTotal, checkpointEvery: run.checkpointEvery,
        branch: parent !== undefined && run.branchEpoch !== null ? { parentRunId: parent, epoch: run.branchEpoch } : undefined,
      });
      epochs.forEach((e, j) => {
        try {
          metrics.insert(created.id, e, e.wallMs);
        } catch (error) {
          // The statistics were taken as exported; the store's encoding is what finds a wrong shape.
          if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
          throw new LabError('invalid_spec', `runs[${i}].epochs[${j}].layers cannot be stored: ${error.message}`, `runs[${i}].epochs[${j}].layers`);
        }
      });
      if (finalParameters) checkpoints.save(created.id, finalParameters.epoch, stateFromTensors(spec, finalParameters, `runs[${i}].finalParameters`));
      runsRepo.setEpochsDone(created.id, epochs.at(-1)?.epoch ?? 0);
      const status: RunStatus = KEPT.has(run.status) ? run.status : 'interrupted';
      const resumable = status === 'done' || status === 'queued';
      runsRepo.updateStatus(created.id, status, resumable ? run.error : [run.error, CANNOT_RESUME].filter(Boolean).join('; '));
      runIds.set(run.id, created.id);
    }
    return { experimentIds: [...experimentIds.values()], runIds: runs.map((r) => runIds.get(r.run.id)!), warnings };
  })();
}

/** The export's structure, with each spec checked as carefully as an experiment file's. */
function checkExport(raw: unknown): RunExport[] {
  const check = new FieldChecker((problem) => LabError.about('invalid_spec', problem));
  const file = check.object(raw, 'export');
  if (file.format !== EXPORT_FORMAT) throw new LabError('invalid_spec', `this is not a BN Lab JSON export: its "format" is ${JSON.stringify(file.format)}, expected "${EXPORT_FORMAT}"`);
  if (file.version !== EXPORT_VERSION) throw new LabError('invalid_spec', `this export has version ${JSON.stringify(file.version)}; this BN Lab reads version ${EXPORT_VERSION}`);
  const runs = check.array(file.runs, 'runs');
  if (runs.length === 0) throw new LabError('invalid_spec', 'this export has no runs');
  try {
    return runs.map((value, i) => checkRun(check, value, `runs[${i}]`));
  } catch (error) {
    throw toLabError(error);
  }
}

function checkRun(check: FieldChecker, value: unknown, at: string): RunExport {
  const entry = check.object(value, at);
  const run = check.object(entry.run, `${at}.run`);
  const rawSpec = check.object(entry.spec, `${at}.spec`);
  const training = check.object(rawSpec.training, `${at}.spec.training`);
  const dtype = check.oneOf(rawSpec.dtype, `${at}.spec.dtype`, DTYPES);
  const spec: RunSpec = {
    dataset: resolveDatasetSpec(rawSpec.dataset, `${at}.spec.dataset`),
    network: validateNetworkSpec(rawSpec.network, `${at}.spec.network`),
    bn: validateBnConfig(rawSpec.bn, `${at}.spec.bn`),
    optimizer: validateOptimizerSpec(rawSpec.optimizer, `${at}.spec.optimizer`),
    dtype,
    // An export written before runs recorded their arithmetic holds a run trained with the one of then.
    arithmetic: rawSpec.arithmetic === undefined ? unrecordedArithmetic(dtype) : check.oneOf(rawSpec.arithmetic, `${at}.spec.arithmetic`, ARITHMETICS),
    // The same limits as an experiment file: an export edited to 1e12 epochs is refused here.
    training: validateTrainingSettings(training, `${at}.spec.training`),
  };
  const optionalId = (v: unknown, path: string) => (v === null || v === undefined ? null : check.integer(v, path, 0));
  const epochs = check.array(entry.epochs, `${at}.epochs`).map((e, j) => checkEpoch(check, e, `${at}.epochs[${j}]`));
  // As a run stores them: every epoch from 1 on, none missing, none twice, none past the run's length.
  epochs.forEach((e, j) => {
    if (e.epoch !== j + 1) check.fail(`${at}.epochs[${j}].epoch`, `must be ${j + 1}: a run's epochs run from 1 with none missing or repeated`, e.epoch);
  });
  const epochsTotal = check.field(run.epochsTotal, `${at}.run.epochsTotal`, TRAINING_FIELDS.epochs);
  if (epochs.length > epochsTotal) check.fail(`${at}.run.epochsTotal`, `must be at least the ${epochs.length} epochs the run has`, epochsTotal);
  const summary = {
    ...(run as unknown as RunExport['run']),
    id: check.integer(run.id, `${at}.run.id`, 1),
    name: check.string(run.name, `${at}.run.name`),
    experimentId: check.integer(run.experimentId, `${at}.run.experimentId`, 1),
    experimentName: typeof run.experimentName === 'string' && run.experimentName.trim() !== '' ? run.experimentName : 'imported',
    datasetId: check.integer(run.datasetId, `${at}.run.datasetId`, 1),
    parentRunId: optionalId(run.parentRunId, `${at}.run.parentRunId`),
    branchEpoch: optionalId(run.branchEpoch, `${at}.run.branchEpoch`),
    status: check.string(run.status, `${at}.run.status`) as RunStatus,
    error: typeof run.error === 'string' ? run.error : null,
    epochsTotal,
    checkpointEvery: spec.training.checkpointEvery,
  };
  const finalParameters = entry.finalParameters === null || entry.finalParameters === undefined ? null : checkParameters(check, entry.finalParameters, `${at}.finalParameters`);
  return { run: summary, spec, dataset: entry.dataset ?? null, epochs, finalParameters };
}

/** The scalars are checked; the per-layer statistics are kept as exported (their shape is the engine's). */
function checkEpoch(check: FieldChecker, value: unknown, at: string): RunExport['epochs'][number] {
  const e = check.object(value, at);
  const metric = (key: string) => (e[key] === null ? null : check.number(e[key], `${at}.${key}`));
  return {
    epoch: check.integer(e.epoch, `${at}.epoch`, 1),
    steps: check.integer(e.steps, `${at}.steps`, 0),
    // JSON turned a NaN loss into null; the store keeps it as NULL, which reads back as NaN.
    trainLoss: metric('trainLoss') as number,
    trainAccuracy: metric('trainAccuracy'),
    validationLoss: metric('validationLoss'),
    validationAccuracy: metric('validationAccuracy'),
    layers: check.array(e.layers, `${at}.layers`) as RunExport['epochs'][number]['layers'],
    wallMs: e.wallMs === undefined ? 0 : check.number(e.wallMs, `${at}.wallMs`, { min: 0 }),
    recordedAt: typeof e.recordedAt === 'string' ? e.recordedAt : '',
  };
}

function checkParameters(check: FieldChecker, value: unknown, at: string): NonNullable<RunExport['finalParameters']> {
  const p = check.object(value, at);
  const tensors = check.array(p.tensors, `${at}.tensors`).map((t, i) => {
    const tensor = check.object(t, `${at}.tensors[${i}]`);
    const values = check.array(tensor.values, `${at}.tensors[${i}].values`);
    if (!values.every((v) => typeof v === 'number')) check.fail(`${at}.tensors[${i}].values`, 'must be numbers', '(a non-number)');
    return tensor as unknown as NamedTensor;
  });
  return { epoch: check.integer(p.epoch, `${at}.epoch`, 0), tensors };
}

const SEGMENT_NAMES = { W: 'W', b: 'b', bn_gamma: 'gamma', bn_beta: 'beta' } as const;
const RUNNING_NAMES = { bn_running_mean: 'runningMean', bn_running_var: 'runningVar' } as const;

/**
 * Engine state bytes holding the exported parameters and running statistics. The optimizer's moments
 * and the batch-order generator were not exported, so the state has neither: it predicts exactly as
 * the original did, but the trainer refuses to continue from it.
 */
function stateFromTensors(spec: RunSpec, parameters: NonNullable<RunExport['finalParameters']>, at: string): Uint8Array {
  const net = new Network(spec);
  const { params } = net;
  const expected = params.segments.length + params.runningSegments.length;
  if (parameters.tensors.length !== expected) throw new LabError('invalid_spec', `${at}.tensors has ${parameters.tensors.length} tensors; the network of this spec has ${expected}`, `${at}.tensors`);
  for (const tensor of parameters.tensors) {
    const trainable = tensor.name in SEGMENT_NAMES;
    const segment = trainable
      ? params.find(tensor.layer, SEGMENT_NAMES[tensor.name as keyof typeof SEGMENT_NAMES])
      : params.findRunning(tensor.layer, RUNNING_NAMES[tensor.name as keyof typeof RUNNING_NAMES]);
    if (!segment || segment.length !== tensor.values.length) {
      throw new LabError('invalid_spec', `${at}: tensor ${tensor.name} of layer ${tensor.layer} does not fit the network (${segment ? `${segment.length} values expected, got ${tensor.values.length}` : 'no such tensor'})`, `${at}.tensors`);
    }
    (trainable ? params.data : params.running).set(tensor.values, segment.offset);
  }
  return serializeModelState(net, new Optimizer(spec.optimizer, params), { epoch: parameters.epoch, imported: true });
}

/** The training split's statistics, recomputed from the dataset spec; unknown when the data is not here (a CSV elsewhere). */
function standardization(spec: RunSpec, dataDir: string | undefined, warnings: string[]): Standardization {
  try {
    return loadDataset(spec.dataset, { dataDir }).standardization;
  } catch (error) {
    warnings.push(`the dataset ${spec.dataset.kind === 'csv' ? spec.dataset.path : spec.dataset.kind} could not be loaded here (${toLabError(error).message}); its runs' metrics are imported, but they cannot be retrained or drawn over their data`);
    return { mean: [], std: [] };
  }
}
