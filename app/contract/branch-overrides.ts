// What a branch may change of the run it continues: the optimizer's settings and the epoch count.
// Anything else (network, data, BN) would not continue the same model. The renderer's branch form
// sends it as it is; only the CLI spells it `--set optimizer.lr=0.001` and turns that into this.
import { OPTIMIZER_KINDS, type OptimizerSpec } from '../../engine/spec.ts';
import { finiteNumber, integer, object, oneOf, optional, type Checker, type TypeOf } from './argument-schema.ts';

type KeysOfEach<T> = T extends unknown ? keyof T : never;
/** Every number some optimizer takes (lr, beta, beta1, …): which kind takes which is the engine's to check. */
type OptimizerSetting = Exclude<KeysOfEach<OptimizerSpec>, 'kind'>;

const setting = optional(finiteNumber());

export const BRANCH_OVERRIDES = object({
  // A new kind starts from that kind's defaults, keeping the learning rate and weight decay.
  optimizer: optional(
    object({
      kind: optional(oneOf(OPTIMIZER_KINDS)),
      lr: setting,
      beta: setting,
      beta1: setting,
      beta2: setting,
      eps: setting,
      weightDecay: setting,
    } satisfies Record<OptimizerSetting | 'kind', Checker>),
  ),
  // Epochs in all, counted from the start of the parent run; the service checks the range.
  training: optional(object({ epochs: optional(integer()) })),
});

export type BranchOverrides = TypeOf<typeof BRANCH_OVERRIDES>;
