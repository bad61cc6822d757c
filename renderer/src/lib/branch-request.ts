// What the branch form sends the lab: only the settings that differ from the run it continues,
// as the contract's typed overrides. Pure, so it is unit-tested without a browser.
import type { BranchOverrides } from '../../../app/contract/lab-api.ts';
import type { OptimizerKind } from '../../../engine/spec.ts';
import { OPTIMIZER_FIELDS } from './draft/optimizers.ts';

export const BRANCH_LABELS = { lr: 'Learning rate', epochs: 'Epochs in all' } as const;

/** The form's values; a number field the person emptied holds null. */
export interface BranchForm {
  kind: OptimizerKind;
  lr: number | null;
  /** The new kind's settings (β, β₁, β₂, ε), when the kind changed. */
  settings: Record<string, number | null>;
  epochs: number | null;
}

/** The overrides for the lab, or what to tell the person about number fields left empty. */
export function branchOverrides(run: { kind: OptimizerKind; lr: number; epochs: number }, form: BranchForm): { overrides: BranchOverrides } | { problem: string } {
  const newKind = form.kind !== run.kind;
  const newSettings = newKind ? OPTIMIZER_FIELDS[form.kind] : [];
  const numbers: [label: string, value: number | null | undefined][] = [
    [BRANCH_LABELS.lr, form.lr],
    ...newSettings.map((field): [string, number | null | undefined] => [field.label, form.settings[field.key]]),
    [BRANCH_LABELS.epochs, form.epochs],
  ];
  const emptied = numbers.filter(([, value]) => typeof value !== 'number' || !Number.isFinite(value)).map(([label]) => label);
  if (emptied.length > 0) return { problem: `${emptied.join(', ')} ${emptied.length === 1 ? 'is' : 'are'} empty: give a number` };

  const optimizer: NonNullable<BranchOverrides['optimizer']> = newKind ? { kind: form.kind } : {};
  // A new kind starts from its defaults but the form's learning rate, so that one is sent too.
  if (form.lr !== run.lr || newKind) optimizer.lr = form.lr!;
  for (const field of newSettings) optimizer[field.key] = form.settings[field.key]!;
  return { overrides: { optimizer, ...(form.epochs !== run.epochs ? { training: { epochs: form.epochs! } } : {}) } };
}
