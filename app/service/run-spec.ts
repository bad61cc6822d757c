// Experiment files (the lab's product format, documented in the README) and their resolution into
// fully specified runs: every default filled in, so a stored run reproduces itself without this code.
import {
  FieldChecker,
  MAX_ARRAY_ELEMENTS,
  OPTIMIZER_KINDS,
  TRAINING_FIELDS,
  validateBnConfig,
  validateNetworkSpec,
  validateOptimizerSpec,
  trainingFootprint,
  validateTrainingSettings,
  type ModelSpec,
} from '../../engine/index.ts';
import { totalmem } from 'node:os';
import { resolveDatasetSpec, type DatasetSpec, type Task } from './datasets/index.ts';
import { LabError, toLabError } from './lab-error.ts';
import type { BranchOverrides } from '../contract/branch-overrides.ts';
import type { RunSpec, TrainingSpec } from '../contract/records.ts';
import { BN_DEFAULTS, OPTIMIZER_DEFAULTS, TRAINING_DEFAULTS } from '../contract/defaults.ts';
import { DESIGN_KEYS, expandDesign, isDesign, type ExperimentDesign } from '../contract/experiment-design.ts';

export type { RunSpec, TrainingSpec };

export interface ResolvedExperiment {
  name: string;
  runs: { name: string; spec: RunSpec }[];
  /** The design the runs expand (stored with the experiment, exceptions included); absent for a list of runs. */
  design?: ExperimentDesign;
}

/** What resolution needs to know of a dataset; the service loads it to find out. */
export interface DatasetShape {
  inputSize: number;
  outputUnits: number;
  task: Task;
}

export { BN_DEFAULTS, OPTIMIZER_DEFAULTS, TRAINING_DEFAULTS };

const RUN_KEYS = ['name', 'dataset', 'network', 'bn', 'optimizer', 'training'];
const TRAINING_KEYS = [...Object.keys(TRAINING_FIELDS)];

type ShapeOf = (dataset: DatasetSpec, batchSize: number) => DatasetShape;

/** An experiment file: a list of runs, or a design (a base run, the factors to vary, repeats) that expands into one. */
export function resolveExperiment(raw: unknown, shapeOf: ShapeOf): ResolvedExperiment {
  if (isDesign(raw)) return resolveDesign(raw, shapeOf);
  const file = object(raw, 'experiment');
  knownKeys(file, 'experiment', ['name', 'runs']);
  // Every problem of the file is reported, not only the first: each run, and each part of a run
  // that does not depend on another part, is checked whatever the others hold.
  const problems = new Problems();
  const name = problems.attempt(() => nonEmptyString(file.name, 'name'));
  const runs = problems.attempt(() => {
    if (!Array.isArray(file.runs) || file.runs.length === 0) fail('runs', 'must be a non-empty array of runs', file.runs);
    return file.runs.map((run, i) => problems.attempt(() => resolveRun(run, `runs[${i}]`, shapeOf)));
  });
  problems.throwIfAny();
  return { name: name!, runs: runs!.map((run) => run!) };
}

function resolveDesign(raw: unknown, shapeOf: ShapeOf): ResolvedExperiment {
  const file = object(raw, 'experiment');
  knownKeys(file, 'experiment', DESIGN_KEYS);
  const problems = new Problems();
  const name = problems.attempt(() => nonEmptyString(file.name, 'name'));
  const base = problems.attempt(() => object(file.base, 'base'));
  const vary = problems.attempt(() => object(file.vary ?? {}, 'vary'));
  const exceptions = problems.attempt(() => object(file.exceptions ?? {}, 'exceptions'));
  // The base alone first: a problem of it would otherwise be reported once for every run.
  if (base) problems.attempt(() => resolveRun({ name: name ?? 'base', ...base }, 'base', shapeOf));
  problems.throwIfAny();
  const design: ExperimentDesign = { name: name!, base: base!, vary: vary as ExperimentDesign['vary'], ...(file.repeats === undefined ? {} : { repeats: file.repeats as number }), exceptions: exceptions as ExperimentDesign['exceptions'] };
  const expansion = expandDesign(design);
  if ('problems' in expansion) throw LabError.all(expansion.problems.map((p) => refusal(p.field, p.expected, p.got)));
  // A bad value of a factor would be reported by each run that has it: once is enough.
  const said = new Set<string>();
  const runs = expansion.runs.map(({ name: runName, run }) => {
    const at = `runs[${JSON.stringify(runName)}]`;
    try {
      return resolveRun(run, at, shapeOf);
    } catch (error) {
      for (const p of toLabError(error).problems) {
        const what = p.message.replace(at, '');
        if (!said.has(what)) problems.add(p);
        said.add(what);
      }
      return undefined;
    }
  });
  problems.throwIfAny();
  return { name: name!, runs: runs.map((r) => r!), design };
}

/** Problems collected while checking independent parts of an input, thrown together as one LabError. */
class Problems {
  private readonly found: LabError[] = [];

  /** The body's value, or undefined when it failed (its problems are kept). */
  attempt<T>(body: () => T): T | undefined {
    try {
      return body();
    } catch (error) {
      this.found.push(...toLabError(error).problems);
      return undefined;
    }
  }

  add(problem: LabError): void {
    this.found.push(problem);
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw LabError.all(this.found);
  }
}

export function resolveRun(raw: unknown, path: string, shapeOf: (dataset: DatasetSpec, batchSize: number) => DatasetShape): { name: string; spec: RunSpec } {
  const run = object(raw, path);
  knownKeys(run, path, RUN_KEYS);
  const problems = new Problems();
  const name = problems.attempt(() => nonEmptyString(run.name, `${path}.name`));
  const trained = problems.attempt(() => resolveTraining(run.training, `${path}.training`));
  const dataset = problems.attempt(() => withPath(() => resolveDatasetSpec(run.dataset, `${path}.dataset`)));
  // The network's shape comes from the data, which is read for the batch size.
  const shape = dataset && trained && problems.attempt(() => inRun(path, () => shapeOf(dataset, trained.training.batchSize)));
  const network = shape && problems.attempt(() => resolveNetwork(run.network, `${path}.network`, shape));
  const bn = problems.attempt(() => withPath(() => validateBnConfig({ ...BN_DEFAULTS, ...(object(run.bn ?? {}, `${path}.bn`)) }, `${path}.bn`)));
  const optimizer = problems.attempt(() => resolveOptimizer(run.optimizer, `${path}.optimizer`));
  // The engine would refuse it when training starts; said here, it shows before anything runs.
  if (trained && network && trained.training.batchSize < 2 && network.layers.some((l) => l.batchNorm)) {
    problems.attempt(() => fail(`${path}.training.batchSize`, 'must be at least 2 when a layer has batch norm (a batch of one row has no variance)', trained.training.batchSize));
  }
  problems.throwIfAny();
  const spec: RunSpec = { dataset: dataset!, network: network!, bn: bn!, optimizer: optimizer!, dtype: trained!.dtype, training: trained!.training };
  refuseIfTooLarge(spec, spec.training.batchSize, path);
  return { name: name!, spec };
}

/** A quarter of the machine's memory per run: the pool trains several at once beside the app. */
const RUN_MEMORY_SHARE = 0.25;

/** Refuses a network too big to train here, before anything is allocated. */
function refuseIfTooLarge(spec: ModelSpec, batchSize: number, path: string): void {
  const need = trainingFootprint(spec, batchSize);
  const allowed = totalmem() * RUN_MEMORY_SHARE;
  if (need.bytes <= allowed && need.largestArray <= MAX_ARRAY_ELEMENTS) return;
  const size = `${need.parameters.toLocaleString('en')} parameters, about ${gigabytes(need.bytes)} to train with batches of ${batchSize}`;
  const limit = need.largestArray > MAX_ARRAY_ELEMENTS
    ? `one of its matrices has ${need.largestArray.toLocaleString('en')} entries, more than an array can hold`
    : `more than the ${gigabytes(allowed)} a run may use on this machine (a quarter of its memory)`;
  throw LabError.about('invalid_spec', { field: `${path}.network.layers`, expected: `are too large to train: ${size}, ${limit}; use fewer or narrower layers` });
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** A field left out takes its default; one given as null (an emptied form field) is an error, not the default. */
function given(value: unknown, fallback: unknown): unknown {
  return value === undefined ? fallback : value;
}

function resolveTraining(raw: unknown, path: string): { training: TrainingSpec; dtype: ModelSpec['dtype'] } {
  const t = object(raw ?? {}, path);
  knownKeys(t, path, TRAINING_KEYS);
  const training = withPath(() => validateTrainingSettings(t, path, true));
  return { training, dtype: withPath(() => check.field(given(t.dtype, TRAINING_FIELDS.dtype.default), `${path}.dtype`, TRAINING_FIELDS.dtype)) };
}

/** Fills inputSize and output units from the dataset, and the loss from its task; checks them when given. */
function resolveNetwork(raw: unknown, path: string, shape: DatasetShape): ModelSpec['network'] {
  const net = object(raw, path);
  const output = object(net.output ?? {}, `${path}.output`);
  const loss = output.loss ?? (shape.task === 'regression' ? 'mse' : 'softmax_ce');
  const units = output.units ?? expectedOutputUnits(loss, shape);
  const layers = Array.isArray(net.layers)
    ? net.layers.map((layer: unknown) => (isObject(layer) ? { activation: 'relu', batchNorm: false, ...layer } : layer))
    : net.layers;
  const network = withPath(() => validateNetworkSpec({ ...net, inputSize: net.inputSize ?? shape.inputSize, layers, output: { ...output, loss, units } }, path));
  if (network.inputSize !== shape.inputSize) {
    fail(`${path}.inputSize`, `must match the dataset's ${shape.inputSize} features`, network.inputSize);
  }
  const expected = expectedOutputUnits(network.output.loss, shape);
  if (network.output.units !== expected) {
    fail(`${path}.output.units`, `must be ${expected} for ${network.output.loss} on this dataset (${describeShape(shape)})`, network.output.units);
  }
  if (shape.task === 'regression' && network.output.loss !== 'mse') {
    fail(`${path}.output.loss`, 'must be "mse": the dataset has real-valued targets', network.output.loss);
  }
  return network;
}

function expectedOutputUnits(loss: unknown, shape: DatasetShape): number {
  // One sigmoid unit reads a binary label; otherwise one unit per class (one-hot for bce and mse).
  if (loss === 'sigmoid_bce' && shape.outputUnits === 2) return 1;
  return shape.outputUnits;
}

function describeShape(shape: DatasetShape): string {
  return shape.task === 'regression' ? `${shape.outputUnits} real target${shape.outputUnits === 1 ? '' : 's'}` : `${shape.outputUnits} classes`;
}

function resolveOptimizer(raw: unknown, path: string): ModelSpec['optimizer'] {
  const opt = object(raw ?? {}, path);
  const kind = oneOf(opt.kind ?? 'adam', `${path}.kind`, OPTIMIZER_KINDS);
  return withPath(() => validateOptimizerSpec({ ...OPTIMIZER_DEFAULTS[kind], ...opt, kind }, path));
}

/**
 * A branch's spec changes (another optimizer or its settings, more epochs) applied to a resolved
 * spec, checked as an experiment file's would be. Only these may change: anything else would not
 * continue the same model.
 */
export function applyOverrides(spec: RunSpec, overrides: BranchOverrides): { optimizer: ModelSpec['optimizer']; epochs: number } {
  const { kind, ...settings } = overrides.optimizer ?? {};
  let optimizer: Record<string, unknown> = { ...spec.optimizer };
  if (kind !== undefined && kind !== spec.optimizer.kind) {
    // A new kind starts from that kind's defaults, keeping the learning rate and decay.
    optimizer = { ...OPTIMIZER_DEFAULTS[kind], lr: spec.optimizer.lr, weightDecay: spec.optimizer.weightDecay, kind };
  }
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) optimizer[key] = value;
  const epochs = overrides.training?.epochs;
  return {
    optimizer: withPath(() => validateOptimizerSpec(optimizer, 'optimizer')),
    epochs: epochs === undefined ? spec.training.epochs : withPath(() => check.field(epochs, 'training.epochs', TRAINING_FIELDS.epochs)),
  };
}

/** A run's spec trained `more` epochs past `epochsDone`; only the epoch count changes, so it continues the same model. */
export function continuedSpec(spec: RunSpec, epochsDone: number, more: number): RunSpec {
  withPath(() => check.integer(more, 'more', 1));
  const epochs = withPath(() => check.field(epochsDone + more, 'training.epochs', TRAINING_FIELDS.epochs));
  return { ...spec, training: { ...spec.training, epochs } };
}

/** A branch's changes in the words of the CLI's --set, for the name of a branch nobody named. */
export function describeOverrides(overrides: BranchOverrides): string {
  return Object.entries(overrides)
    .flatMap(([section, fields]) => Object.entries(fields ?? {}).filter(([, value]) => value !== undefined).map(([key, value]) => `${section}.${key}=${value}`))
    .join(' ');
}

/** Errors of the data loader name fields of a run (`dataset.path`); here they get the run's path in front. */
function inRun<T>(path: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    const lab = toLabError(error);
    if (lab.field === undefined || lab.field.startsWith(`${path}.`)) throw lab;
    if (!lab.problem) throw new LabError(lab.code, lab.message, `${path}.${lab.field}`);
    throw LabError.about(lab.code, { ...lab.problem, field: `${path}.${lab.problem.field}` });
  }
}

function withPath<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw toLabError(error);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The engine's field checks, so an experiment file's errors read exactly like the engine's. What the
// engine's validators refuse keeps the engine's code; the file's own fields are invalid_spec.
const check = new FieldChecker((problem) => LabError.about('invalid_spec', problem));
function fail(path: string, expectation: string, value: unknown): never {
  throw refusal(path, expectation, value);
}
/** The refusal `fail` throws, as a value. */
function refusal(path: string, expectation: string, value: unknown): LabError {
  try {
    return check.fail(path, expectation, value);
  } catch (error) {
    return toLabError(error);
  }
}
const object = (value: unknown, path: string) => withPath(() => check.object(value, path));
const knownKeys = (obj: Record<string, unknown>, path: string, allowed: readonly string[]) => withPath(() => check.knownKeys(obj, path, allowed));
const nonEmptyString = (value: unknown, path: string) => withPath(() => check.string(value, path));
const oneOf = <T extends string>(value: unknown, path: string, allowed: readonly T[]) => withPath(() => check.oneOf(value, path, allowed));
