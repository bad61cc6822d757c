// The names fields have on screen, for spec paths of a run, and the lab's problems in those words.
import { BN_FIELDS, LAYER_FIELDS, LEARNING_RATE, TRAINING_FIELDS, WEIGHT_DECAY } from '../../../../engine/fields.ts';
import { SPLIT_PARAMETERS } from '../../../../app/contract/datasets.ts';
import type { Problem } from '../../../../app/contract/lab-api.ts';
import { LabClientError } from '../lab-client.ts';
import { importedFileName } from './imported-file-name.ts';
import { OPTIMIZER_FIELDS } from './optimizers.ts';
import type { RunModel } from './run-model.ts';

/** A hidden layer's settings by their names on screen (the table's columns). */
export const LAYER_LABELS = { units: LAYER_FIELDS.units.label, activation: 'Activation', batchNorm: 'Batch norm' } as const;

/** The forms' names of the run's fields that are the same whatever the optimizer and dataset. */
export const FORM_LABELS: Record<string, string> = {
  name: 'Run name',
  dataset: 'Dataset',
  'dataset.target': 'Target column',
  'dataset.path': 'CSV file',
  'network.layers': 'Hidden layers',
  'network.output': 'Loss',
  'network.output.loss': 'Loss',
  'optimizer.kind': 'Optimizer',
  'optimizer.lr': LEARNING_RATE.label,
  'optimizer.weightDecay': WEIGHT_DECAY.label,
  ...Object.fromEntries(SPLIT_PARAMETERS.map((p) => [`dataset.${p.name}`, p.label])),
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
    const part = (LAYER_LABELS as Record<string, string>)[layer[2] ?? ''];
    return part ? `${part} of layer ${n}` : `Layer ${n}`;
  }
  const optimizerField = OPTIMIZER_FIELDS[run.optimizer.kind]?.find((f) => `optimizer.${f.key}` === path);
  if (optimizerField) return optimizerField.label;
  const datasetField = path.startsWith('dataset.') ? datasetParameters.find((p) => `dataset.${p.name}` === path) : undefined;
  return FORM_LABELS[path] ?? datasetField?.label;
}

/**
 * A problem in the words of the form: "Learning rate must be a finite number > 0, got -1". `label`
 * names the field (without one, `field`, its path, does); a problem in a file names the file as
 * the person knows it.
 */
export function inFormWords(problem: Problem, label: string | undefined, field = problem.field): string {
  if (problem.file !== undefined) return `${importedFileName(problem.file)}${problem.at === undefined ? '' : `, ${problem.at}`}: ${problem.expected}`;
  const name = label ?? field;
  // An emptied field reaches the lab as null or ""; the person sees an empty field.
  if (problem.empty && problem.got !== 'null') return `${name} is missing`;
  if (problem.got === undefined) return `${name} ${problem.expected}`;
  return `${name} ${problem.expected}, ${problem.got === 'null' ? 'and it is empty' : `got ${problem.got}`}`;
}

/** What a refusal says in a form's words: its first problem, or its message when it has none (the lab is not answering). */
export function refusalWords(error: unknown, labelOf: (field: string) => string | undefined = () => undefined): string {
  const first = error instanceof LabClientError ? error.problems[0] : undefined;
  if (!first) return error instanceof Error ? error.message : String(error);
  return inFormWords(first, labelOf(first.field));
}
