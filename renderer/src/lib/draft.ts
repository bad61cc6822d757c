// The designer's model of one run: what the forms edit, turned into the experiment-file run format
// the lab validates. Pure functions, so the rules the UI shows (parameter shapes, matched pairs) are
// unit-tested without a browser.
import { OPTIMIZER_DEFAULTS, BN_DEFAULTS } from '../../../app/contract/defaults.ts';
import type { RunDraft } from '../../../app/contract/lab-api.ts';
import type { Dtype } from '../../../engine/dtype.ts';
import { BN_FIELDS, LEARNING_RATE, OPTIMIZER_KINDS, OPTIMIZER_SETTINGS, TRAINING_FIELDS, WEIGHT_DECAY, type Activation, type NumberField, type InitKind, type LossKind, type OptimizerKind } from '../../../engine/fields.ts';

export { ACTIVATIONS } from '../../../engine/fields.ts';

export interface LayerDraft {
  units: number;
  activation: Activation;
  batchNorm: boolean;
}

export interface OptimizerDraft {
  kind: OptimizerKind;
  lr: number;
  /** Momentum's β. */
  beta: number;
  /** Adam's β₁. */
  beta1: number;
  /** Adam's and RMSprop's β₂. */
  beta2: number;
  eps: number;
  weightDecay: number;
}

export interface RunModel {
  /** Local key for lists; not stored. */
  key: number;
  name: string;
  dataset: Record<string, unknown> & { kind: string };
  layers: LayerDraft[];
  loss: LossKind | 'auto';
  bn: { eps: number; momentum: number };
  optimizer: OptimizerDraft;
  training: { epochs: number; batchSize: number; seed: number; dtype: Dtype; init: InitKind };
}

export const OPTIMIZERS: { kind: OptimizerKind; label: string }[] = OPTIMIZER_KINDS.map((kind) => ({ kind, label: OPTIMIZER_SETTINGS[kind].label }));

/** The optimizer settings that are numbers. */
export type OptimizerNumber = Exclude<keyof OptimizerDraft, 'kind'>;

/**
 * The hyperparameters each optimizer reads besides the learning rate and weight decay (which every
 * one has), labelled so that no β can be taken for BN's shift β.
 */
export const OPTIMIZER_FIELDS = Object.fromEntries(
  OPTIMIZER_KINDS.map((kind) => [
    kind,
    Object.entries(OPTIMIZER_SETTINGS[kind].settings)
      .filter(([key]) => key !== 'lr')
      .map(([key, field]) => ({ key: key as OptimizerNumber, label: field.label, step: field.step, field })),
  ]),
) as Record<OptimizerKind, { key: OptimizerNumber; label: string; step: number; field: NumberField }[]>;

let nextKey = 1;

function optimizerDraft(kind: OptimizerKind, lr?: number): OptimizerDraft {
  const d = { ...OPTIMIZER_DEFAULTS.adam, ...OPTIMIZER_DEFAULTS.momentum, ...OPTIMIZER_DEFAULTS[kind] };
  return { kind, lr: lr ?? d.lr!, beta: d.beta!, beta1: d.beta1!, beta2: d.beta2!, eps: d.eps!, weightDecay: 0 };
}

/** The example a newcomer finds on first open: moons, two hidden layers of 16 with BN, and its no-BN twin. */
export function exampleRuns(): RunModel[] {
  const bn: RunModel = {
    key: nextKey++,
    name: 'Adam + BN',
    dataset: { kind: 'moons', samples: 1000, noise: 0.2, seed: 1, validation: 0.2 },
    layers: [
      { units: 16, activation: 'relu', batchNorm: true },
      { units: 16, activation: 'relu', batchNorm: true },
    ],
    loss: 'auto',
    bn: { ...BN_DEFAULTS },
    optimizer: optimizerDraft('adam', 0.01),
    training: { epochs: 30, batchSize: 32, seed: 7, dtype: 'float32', init: 'he' },
  };
  return [bn, duplicateAs(bn, { toggleBatchNorm: true })];
}

/**
 * A matched twin: the same data, seed and network, with batch norm toggled on every layer or
 * another optimizer. Sharing the seed gives it the same initial weights and mini-batch order.
 */
export function duplicateAs(run: RunModel, change: { toggleBatchNorm: true } | { optimizer: OptimizerKind }): RunModel {
  const copy: RunModel = structuredClone({ ...run, key: nextKey++ });
  if ('toggleBatchNorm' in change) {
    const on = !run.layers.every((l) => l.batchNorm);
    copy.layers = copy.layers.map((l) => ({ ...l, batchNorm: on }));
    copy.name = `${baseName(run.name)}${on ? ' + BN' : ', no BN'}`;
  } else {
    copy.optimizer = optimizerDraft(change.optimizer);
    const label = OPTIMIZERS.find((o) => o.kind === change.optimizer)!.label;
    copy.name = `${label}${run.layers.some((l) => l.batchNorm) ? ' + BN' : ''}`;
  }
  return copy;
}

function baseName(name: string): string {
  return name.replace(/( \+ BN|, no BN)$/, '');
}

/**
 * What makes `run` no longer a matched twin of `reference`: everything but batch norm and the
 * optimizer, which are what a comparison varies. Empty when the two differ only there.
 */
export function unmatchedSettings(reference: RunModel, run: RunModel): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const differs: string[] = [];
  if (!same(reference.dataset, run.dataset)) differs.push('data');
  const shape = (r: RunModel) => r.layers.map((l) => [l.units, l.activation]);
  if (!same(shape(reference), shape(run)) || reference.loss !== run.loss) differs.push('network shape');
  for (const key of Object.keys(reference.training) as (keyof RunModel['training'])[]) {
    if (reference.training[key] !== run.training[key]) differs.push(TRAINING_FIELDS[key].label.toLowerCase());
  }
  return differs;
}

/** `run` with the data and training settings of `reference`, so that the two are matched again. */
export function matchDataAndTraining(run: RunModel, reference: RunModel): RunModel {
  return { ...run, dataset: structuredClone(reference.dataset), training: { ...reference.training } };
}

/** The experiment-file run the lab validates and stores. */
export function toRunDraft(run: RunModel): RunDraft {
  const o = run.optimizer;
  const optimizer: Record<string, unknown> = { kind: o.kind, lr: o.lr, weightDecay: o.weightDecay };
  for (const field of OPTIMIZER_FIELDS[o.kind]) optimizer[field.key] = o[field.key];
  const output: Record<string, unknown> = run.loss === 'auto' ? {} : { loss: run.loss };
  return {
    name: run.name,
    dataset: run.dataset,
    network: { layers: run.layers.map((l) => ({ ...l })), output },
    bn: { ...run.bn },
    optimizer,
    training: { ...run.training },
  };
}

export interface ParameterRow {
  layer: string;
  tensor: 'W' | 'b' | 'γ' | 'β';
  /** Rows × columns, as the lecture writes them: W is (n_l × n_{l-1}); b, γ, β are (n_l × 1). */
  shape: [number, number];
  count: number;
  note: string;
}

/** Every trainable tensor with its shape. A BN layer has γ and β and no b (β takes b's role). */
export function parameterTable(inputSize: number, layers: readonly LayerDraft[], outputUnits: number): { rows: ParameterRow[]; total: number } {
  const rows: ParameterRow[] = [];
  let fanIn = inputSize;
  layers.forEach((layer, i) => {
    const name = `Layer ${i + 1}`;
    const n = layer.units;
    rows.push({ layer: name, tensor: 'W', shape: [n, fanIn], count: n * fanIn, note: 'weights' });
    if (layer.batchNorm) {
      rows.push({ layer: name, tensor: 'γ', shape: [n, 1], count: n, note: 'BN scale γ' });
      rows.push({ layer: name, tensor: 'β', shape: [n, 1], count: n, note: 'BN shift β (takes the role of b)' });
    } else {
      rows.push({ layer: name, tensor: 'b', shape: [n, 1], count: n, note: 'bias' });
    }
    fanIn = n;
  });
  rows.push({ layer: 'Output', tensor: 'W', shape: [outputUnits, fanIn], count: outputUnits * fanIn, note: 'weights' });
  rows.push({ layer: 'Output', tensor: 'b', shape: [outputUnits, 1], count: outputUnits, note: 'bias' });
  return { rows, total: rows.reduce((sum, r) => sum + r.count, 0) };
}

/** Moves the layer at `from` by `delta` places (reorder buttons); out-of-range moves change nothing. */
export function moveLayer(layers: LayerDraft[], from: number, delta: -1 | 1): LayerDraft[] {
  const to = from + delta;
  if (from < 0 || from >= layers.length || to < 0 || to >= layers.length) return layers;
  const next = [...layers];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** The experiment being drawn up, as the designer keeps it between reloads. */
export interface SavedDraft {
  experimentName: string;
  runs: RunModel[];
  selected: number;
}

export function saveDraft(draft: SavedDraft): string {
  return JSON.stringify({ version: 1, ...draft, runs: draft.runs.map(({ key: _key, ...run }) => run) });
}

/**
 * The draft saved by `saveDraft`, or null when there is none or it is not one (another version,
 * a damaged entry): the designer then opens on the example. Values are not judged here; the lab
 * checks them as it checks every edit, so a saved mistake shows next to its field again.
 */
export function restoreDraft(text: string | null): SavedDraft | null {
  if (!text) return null;
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(saved) || saved.version !== 1 || typeof saved.experimentName !== 'string' || !Array.isArray(saved.runs)) return null;
  if (saved.runs.length === 0 || !saved.runs.every(isSavedRun)) return null;
  const runs = (saved.runs as Omit<RunModel, 'key'>[]).map((run) => ({ ...run, key: nextKey++ }));
  const selected = typeof saved.selected === 'number' && Number.isInteger(saved.selected) ? Math.max(0, Math.min(saved.selected, runs.length - 1)) : 0;
  return { experimentName: saved.experimentName, runs, selected };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Has every part the forms edit, so that no form meets a missing object. */
function isSavedRun(run: unknown): boolean {
  if (!isObject(run) || typeof run.name !== 'string' || typeof run.loss !== 'string') return false;
  const { dataset, layers, bn, optimizer, training } = run;
  return (
    isObject(dataset) && typeof dataset.kind === 'string' &&
    Array.isArray(layers) && layers.every((l) => isObject(l) && typeof l.activation === 'string' && typeof l.batchNorm === 'boolean') &&
    isObject(bn) && isObject(training) && typeof training.dtype === 'string' && typeof training.init === 'string' &&
    isObject(optimizer) && OPTIMIZERS.some((o) => o.kind === optimizer.kind)
  );
}

const FIXED_LABELS: Record<string, string> = {
  name: 'Run name',
  dataset: 'Dataset',
  'dataset.seed': 'Data seed',
  'dataset.validation': 'Validation fraction',
  'dataset.target': 'Target column',
  'dataset.path': 'CSV file',
  'network.layers': 'Hidden layers',
  'network.output': 'Loss',
  'network.output.loss': 'Loss',
  'optimizer.kind': 'Optimizer',
  'optimizer.lr': LEARNING_RATE.label,
  'optimizer.weightDecay': WEIGHT_DECAY.label,
  ...Object.fromEntries(Object.entries(BN_FIELDS).map(([key, field]) => [`bn.${key}`, field.label])),
  ...Object.fromEntries(Object.entries(TRAINING_FIELDS).map(([key, field]) => [`training.${key}`, field.label])),
};

/**
 * The name a field has on screen, for a spec path of a run (`optimizer.beta2`, `network.layers[0].units`):
 * a student reads "Adam β₂", not the experiment-file path. Undefined for a path the forms do not show.
 */
export function fieldLabel(path: string, run: Pick<RunModel, 'optimizer'>, datasetParameters: readonly { name: string; label: string }[] = []): string | undefined {
  const layer = /^network\.layers\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (layer) {
    const n = Number(layer[1]) + 1;
    const part = { units: 'Units', activation: 'Activation', batchNorm: 'Batch norm' }[layer[2] ?? ''];
    return part ? `${part} of layer ${n}` : `Layer ${n}`;
  }
  const optimizerField = OPTIMIZER_FIELDS[run.optimizer.kind]?.find((f) => `optimizer.${f.key}` === path);
  if (optimizerField) return optimizerField.label;
  const datasetField = path.startsWith('dataset.') ? datasetParameters.find((p) => `dataset.${p.name}` === path) : undefined;
  return FIXED_LABELS[path] ?? datasetField?.label;
}

/**
 * The lab's message in the words of the form: "optimizer.lr must be > 0" becomes "Learning rate
 * must be > 0". A message that does not start with a path the form shows is kept whole.
 */
export function inFormWords(message: string, labelOf: (path: string) => string | undefined): string {
  const space = message.indexOf(' ');
  const label = space > 0 ? labelOf(message.slice(0, space)) : undefined;
  if (!label) return message;
  // An emptied field reaches the lab as null or ""; the person sees an empty field.
  return (label + message.slice(space)).replace(/, got null$/, ', and it is empty').replace(/ must be a non-empty string, got "\s*"$/, ' is missing');
}

/** The name a person gave an imported CSV file, from the lab's copy of it, `…/imports/<time>-<name>`. */
export function importedFileName(storedPath: string): string {
  const base = storedPath.split(/[\\/]/).pop() ?? storedPath;
  return base.replace(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-/, '');
}
