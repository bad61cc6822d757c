// The names fields have on screen, for spec paths of a run, and the lab's messages in those words.
import { BN_FIELDS, LEARNING_RATE, TRAINING_FIELDS, WEIGHT_DECAY } from '../../../../engine/fields.ts';
import { OPTIMIZER_FIELDS } from './optimizers.ts';
import type { RunModel } from './run-model.ts';

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
