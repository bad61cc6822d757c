// One run of a design's expansion edited by hand: an exception in the design file's terms (run
// name → the settings that differ, merged over that run's expansion). The designer shows the run
// as its forms edit runs, and keeps only what the person changed, so the rest follows the design.
import { expandDesign, type ExperimentDesign, type RunDraft } from '../../../../app/contract/experiment-design.ts';
import type { LossKind, OptimizerKind } from '../../../../engine/fields.ts';
import { optimizerDraft } from './optimizers.ts';
import { toRunDraft } from './run-draft.ts';
import { newRunKey, type LayerDraft, type RunModel } from './run-model.ts';

/** The sections of a run an exception may change (the data is the whole experiment's). */
const SECTIONS = ['network', 'bn', 'optimizer', 'training'] as const;

/** The expanded run called `name` as the forms edit it, with (or without) the exceptions of `design`; null if there is none. */
export function expandedRun(design: ExperimentDesign, name: string, withExceptions = true): RunModel | null {
  const expansion = expandDesign(withExceptions ? design : { ...design, exceptions: {} });
  if ('problems' in expansion) return null;
  const run = expansion.runs.find((r) => r.name === name)?.run;
  return run ? runModelFromDraft(run) : null;
}

/** An expanded run back in the forms' model; an optimizer kind the factors chose keeps its defaults for the rest. */
function runModelFromDraft(run: RunDraft): RunModel {
  const network = run.network as { layers: LayerDraft[]; output?: { loss?: LossKind } };
  const optimizer = run.optimizer as { kind: OptimizerKind };
  return {
    key: newRunKey(),
    name: String(run.name),
    dataset: structuredClone(run.dataset) as RunModel['dataset'],
    layers: network.layers.map((l) => ({ ...l })),
    loss: network.output?.loss ?? 'auto',
    bn: { ...(run.bn as RunModel['bn']) },
    optimizer: { ...optimizerDraft(optimizer.kind), ...optimizer },
    training: { ...(run.training as RunModel['training']) },
  };
}

/**
 * What `edited` changes of `expanded`, as an exception: per section the settings that differ (the
 * hidden layers as a whole); an optimizer of another kind whole, so no setting of the old kind
 * stays behind. Empty when nothing differs.
 */
export function exceptionPatch(expanded: RunModel, edited: RunModel): RunDraft {
  const before = toRunDraft(expanded);
  const after = toRunDraft(edited);
  const patch: RunDraft = {};
  for (const section of SECTIONS) {
    const old = before[section] as Record<string, unknown>;
    const now = after[section] as Record<string, unknown>;
    if (section === 'optimizer' && old.kind !== now.kind) {
      patch.optimizer = now;
      continue;
    }
    const changed = Object.entries(now).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(old[key]));
    if (changed.length > 0) patch[section] = Object.fromEntries(changed);
  }
  return patch;
}

/** An exception in a few words: "optimizer.lr 0.05, training.epochs 2". */
export function describeException(patch: RunDraft): string {
  return Object.entries(patch)
    .flatMap(([section, settings]) => Object.entries(settings as Record<string, unknown>).map(([key, value]) => `${section}.${key} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`))
    .join(', ');
}
