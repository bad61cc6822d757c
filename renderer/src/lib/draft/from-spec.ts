// A stored experiment back in the designer, to change and train again as a new experiment: its
// runs as the forms edit them, and a design's factors as the factor form shows them.
import type { ExperimentDesign, RunDraft } from '../../../../app/contract/experiment-design.ts';
import type { RunSpec } from '../../../../app/contract/records.ts';
import type { OptimizerKind } from '../../../../engine/fields.ts';
import type { Factors } from './factors.ts';
import { optimizerDraft } from './optimizers.ts';
import { newRunKey, type RunModel } from './run-model.ts';

/** A run as stored, in the designer's terms; the optimizer keeps the other kinds' defaults for a switch. */
export function runModelFromSpec(name: string, spec: RunSpec): RunModel {
  return {
    key: newRunKey(),
    name,
    dataset: { ...structuredClone(spec.dataset) },
    layers: spec.network.layers.map(({ units, activation, batchNorm }) => ({ units, activation, batchNorm })),
    loss: spec.network.output.loss,
    bn: { ...spec.bn },
    optimizer: { ...optimizerDraft(spec.optimizer.kind), ...spec.optimizer },
    training: { epochs: spec.training.epochs, batchSize: spec.training.batchSize, seed: spec.training.seed, dtype: spec.dtype, init: spec.training.init },
  };
}

/**
 * The factors of a design that the factor form can show, and its exceptions; the other factors it
 * cannot, and they are named so the person knows what was left behind.
 */
export function factorsFromDesign(design: ExperimentDesign): { factors: Factors; exceptions: Record<string, RunDraft>; leftOut: string[] } {
  const vary = design.vary ?? {};
  const shown = ['network.batchNorm', 'optimizer.kind', 'optimizer.lr'];
  return {
    factors: {
      batchNorm: vary['network.batchNorm'] !== undefined,
      optimizers: (vary['optimizer.kind'] as OptimizerKind[] | undefined) ?? null,
      learningRates: (vary['optimizer.lr'] ?? []).join(', '),
      seeds: design.repeats ?? 1,
    },
    // A copy by JSON: the design may come as the view's state, which structuredClone refuses.
    exceptions: JSON.parse(JSON.stringify(design.exceptions ?? {})) as Record<string, RunDraft>,
    leftOut: Object.keys(vary).filter((path) => !shown.includes(path)),
  };
}
