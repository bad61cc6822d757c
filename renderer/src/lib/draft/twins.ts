// Matched twins: runs that differ only in batch norm or the optimizer, which is what a comparison
// varies, and what makes a run no longer one.
import { TRAINING_FIELDS, type OptimizerKind } from '../../../../engine/fields.ts';
import { OPTIMIZERS, optimizerDraft } from './optimizers.ts';
import { newRunKey, type RunModel } from './run-model.ts';

/**
 * A matched twin: the same data, seed and network, with batch norm toggled on every layer or
 * another optimizer. Sharing the seed gives it the same initial weights and mini-batch order.
 */
export function duplicateAs(run: RunModel, change: { toggleBatchNorm: true } | { optimizer: OptimizerKind }): RunModel {
  const copy: RunModel = structuredClone({ ...run, key: newRunKey() });
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
