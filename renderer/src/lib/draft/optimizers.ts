// The optimizers the forms offer, each with the settings it reads, and a fresh draft of one.
import { OPTIMIZER_DEFAULTS } from '../../../../app/contract/defaults.ts';
import { OPTIMIZER_KINDS, OPTIMIZER_SETTINGS, type NumberField, type OptimizerKind } from '../../../../engine/fields.ts';
import type { OptimizerDraft } from './run-model.ts';

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

/** `kind` with its default settings; the values of the others' settings are kept for a switch back. */
export function optimizerDraft(kind: OptimizerKind, lr?: number): OptimizerDraft {
  const d = { ...OPTIMIZER_DEFAULTS.adam, ...OPTIMIZER_DEFAULTS.momentum, ...OPTIMIZER_DEFAULTS[kind] };
  return { kind, lr: lr ?? d.lr!, beta: d.beta!, beta1: d.beta1!, beta2: d.beta2!, eps: d.eps!, weightDecay: 0 };
}
