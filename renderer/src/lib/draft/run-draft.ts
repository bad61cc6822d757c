import type { RunDraft } from '../../../../app/contract/lab-api.ts';
import { OPTIMIZER_FIELDS } from './optimizers.ts';
import type { RunModel } from './run-model.ts';

/** The experiment-file run the lab validates and stores: of the optimizer settings, only those its kind reads. */
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
