// The designer's model of one run: what the forms edit. draft/run-draft.ts turns it into the
// experiment-file run the lab validates.
import type { Dtype } from '../../../../engine/dtype.ts';
import type { Activation, InitKind, LossKind, OptimizerKind } from '../../../../engine/fields.ts';

export interface LayerDraft {
  units: number;
  activation: Activation;
  batchNorm: boolean;
}

/** A network as the designer draws it: the data's input size, the hidden layers, the output units. */
export interface NetworkShape {
  inputSize: number;
  layers: LayerDraft[];
  outputUnits: number;
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

let lastKey = 0;

/** A key no run of this page has had. */
export function newRunKey(): number {
  return ++lastKey;
}
