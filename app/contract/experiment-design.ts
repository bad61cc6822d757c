// An experiment as a design: one base run, the factors that vary, the repeats over seeds and the
// runs edited by hand (exceptions). Its expansion is the list of runs in the experiment-file run
// format, each named from what varies ("lr 1, BN, seed 3"). Pure and free of Node, so the designer
// expands exactly as the service does; the service then resolves each run like any other.
import { OPTIMIZER_KINDS, OPTIMIZER_SETTINGS, optimizerSettings, TRAINING_FIELDS, type OptimizerKind } from '../../engine/fields.ts';

/** A run of an experiment file as the designer sends it: defaults allowed, resolved by the service. */
export type RunDraft = Record<string, unknown>;

export interface ExperimentDesign {
  name: string;
  /** The run every expanded run starts from; its dataset is the whole experiment's. */
  base: RunDraft;
  /** Factor path → the values it takes; the runs are every combination, the first factor slowest. */
  vary?: Record<string, unknown[]>;
  /** Each combination is trained with training seeds 1…repeats (default 1: the base's seed). */
  repeats?: number;
  /** Expanded run name → settings that differ for that run only, merged over its expansion. */
  exceptions?: Record<string, RunDraft>;
}

/** A design's field at fault, what it must be and what it was: the service words it like any refusal. */
export interface DesignProblem {
  field: string;
  expected: string;
  got: unknown;
}

export interface ExpandedRun {
  name: string;
  /** The value of each factor for this run, seed included when it varies. */
  factors: Record<string, unknown>;
  run: RunDraft;
}

/** The factor that switches batch norm on (or off) on every hidden layer at once. */
export const BATCH_NORM_FACTOR = 'network.batchNorm';
const SEED_FACTOR = 'training.seed';

/** Every path a design may vary, from the field tables: BN, the optimizer's kind and settings, BN's and training's numbers. */
export const FACTOR_PATHS: readonly string[] = [
  BATCH_NORM_FACTOR,
  'optimizer.kind',
  ...new Set(OPTIMIZER_KINDS.flatMap((kind) => optimizerSettings(kind).map(([key]) => `optimizer.${key}`))),
  'bn.eps',
  'bn.momentum',
  ...Object.keys(TRAINING_FIELDS).map((key) => `training.${key}`),
];

/** How many seeds a design may repeat over: a sweep stays something one machine trains. */
export const MAX_REPEATS = 100;
/** The most runs one design may expand into. */
export const MAX_RUNS = 1000;

export const DESIGN_KEYS = ['name', 'base', 'vary', 'repeats', 'exceptions'];

export function isDesign(file: unknown): boolean {
  return typeof file === 'object' && file !== null && 'base' in file;
}

/**
 * The runs of a design, or every problem of it. The runs' settings are not checked here (the
 * service resolves each run as it would any other); only the design's own shape is.
 */
export function expandDesign(design: ExperimentDesign): { runs: ExpandedRun[] } | { problems: DesignProblem[] } {
  const problems: DesignProblem[] = [];
  const vary = Object.entries(design.vary ?? {});
  for (const [path, values] of vary) {
    if (!FACTOR_PATHS.includes(path)) problems.push({ field: `vary.${path}`, expected: `is not a factor a design can vary (factors: ${FACTOR_PATHS.join(', ')})`, got: values });
    else if (!Array.isArray(values) || values.length === 0) problems.push({ field: `vary.${path}`, expected: 'must be a non-empty array of values', got: values });
    else if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) problems.push({ field: `vary.${path}`, expected: 'must not list a value twice', got: values });
  }
  const repeats = design.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > MAX_REPEATS) problems.push({ field: 'repeats', expected: `must be an integer from 1 to ${MAX_REPEATS}`, got: design.repeats });
  else if (repeats > 1 && design.vary?.[SEED_FACTOR] !== undefined) problems.push({ field: 'repeats', expected: `must be left out when vary has ${SEED_FACTOR} (both choose the seeds)`, got: repeats });
  if (problems.length > 0) return { problems };

  const factors: [string, unknown[]][] = repeats > 1 ? [...vary, [SEED_FACTOR, seeds(repeats)]] : vary;
  const combinations = factors.reduce<Record<string, unknown>[]>((acc, [path, values]) => acc.flatMap((c) => values.map((v) => ({ ...c, [path]: v }))), [{}]);
  if (combinations.length > MAX_RUNS) return { problems: [{ field: 'vary', expected: `must expand into at most ${MAX_RUNS} runs`, got: `${combinations.length} runs` }] };
  const runs = combinations.map((values): ExpandedRun => {
    const name = runName(values, design.base);
    return { name, factors: values, run: { ...applyFactors(design.base, values), name } };
  });
  const byName = new Map(runs.map((r) => [r.name, r]));
  for (const [name, patch] of Object.entries(design.exceptions ?? {})) {
    const target = byName.get(name);
    if (!target) problems.push({ field: `exceptions.${name}`, expected: `must name a run of the design (${[...byName.keys()].slice(0, 5).join('; ')}${byName.size > 5 ? '; …' : ''})`, got: name });
    else if (!isObject(patch) || 'dataset' in patch || 'name' in patch) problems.push({ field: `exceptions.${name}`, expected: 'must be an object of network, bn, optimizer or training settings (the dataset is the whole experiment\'s)', got: patch });
    else target.run = merge(target.run, patch);
  }
  return problems.length > 0 ? { problems } : { runs };
}

/** Training seeds 1…k: repeats change initial weights and batch order, never the data or its split. */
function seeds(k: number): number[] {
  return Array.from({ length: k }, (_, i) => i + 1);
}

/** The base with each factor's value set; the optimizer's kind first, as it decides which settings exist. */
function applyFactors(base: RunDraft, values: Record<string, unknown>): RunDraft {
  let run = structuredClone(base);
  const entries = Object.entries(values).sort(([a], [b]) => Number(b === 'optimizer.kind') - Number(a === 'optimizer.kind'));
  for (const [path, value] of entries) {
    if (path === BATCH_NORM_FACTOR) run = withBatchNorm(run, value);
    else if (path === 'optimizer.kind') run = withOptimizerKind(run, value);
    else {
      const [section, key] = path.split('.') as [string, string];
      run[section] = { ...(isObject(run[section]) ? run[section] : {}), [key]: value };
    }
  }
  return run;
}

function withBatchNorm(run: RunDraft, on: unknown): RunDraft {
  const network = isObject(run.network) ? run.network : {};
  const layers = Array.isArray(network.layers) ? network.layers.map((l: unknown) => (isObject(l) ? { ...l, batchNorm: on } : l)) : network.layers;
  return { ...run, network: { ...network, layers } };
}

/** Another kind keeps the base's settings that kind reads (the learning rate, decay), and its defaults fill the rest. */
function withOptimizerKind(run: RunDraft, kind: unknown): RunDraft {
  const base = isObject(run.optimizer) ? run.optimizer : {};
  if (!(OPTIMIZER_KINDS as readonly unknown[]).includes(kind)) return { ...run, optimizer: { ...base, kind } };
  const reads = new Set(optimizerSettings(kind as OptimizerKind).map(([key]) => key as string));
  return { ...run, optimizer: { ...Object.fromEntries(Object.entries(base).filter(([key]) => reads.has(key))), kind } };
}

/** The run's name from the factors' values, in the order they vary, the seed last. */
export function runName(values: Record<string, unknown>, base: RunDraft): string {
  const parts = Object.entries(values).map(([path, value]) => factorValueName(path, value));
  if (parts.length > 0) return parts.join(', ');
  return typeof base.name === 'string' && base.name.trim() !== '' ? base.name : 'run';
}

/** One factor's value as a run's name says it: "BN", "no BN", "Adam", "lr 0.1", "seed 3". */
export function factorValueName(path: string, value: unknown): string {
  if (path === BATCH_NORM_FACTOR) return value === true ? 'BN' : value === false ? 'no BN' : `batchNorm ${String(value)}`;
  if (path === 'optimizer.kind') return (OPTIMIZER_KINDS as readonly unknown[]).includes(value) ? OPTIMIZER_SETTINGS[value as OptimizerKind].label : String(value);
  return `${path.split('.')[1]} ${String(value)}`;
}

/** `patch` over `run`, object by object; arrays and values replace. */
function merge(run: RunDraft, patch: RunDraft): RunDraft {
  const out: RunDraft = { ...run };
  for (const [key, value] of Object.entries(patch)) out[key] = isObject(value) && isObject(out[key]) ? merge(out[key], value) : value;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
