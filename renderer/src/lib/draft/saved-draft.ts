// The experiment being drawn up, kept between reloads of the designer: its runs, and what varies
// around the first with the runs of that expansion edited by hand.
import type { RunDraft } from '../../../../app/contract/experiment-design.ts';
import { OPTIMIZER_KINDS } from '../../../../engine/fields.ts';
import { noFactors, type Factors } from './factors.ts';
import { OPTIMIZERS } from './optimizers.ts';
import { newRunKey, type RunModel } from './run-model.ts';

export interface SavedDraft {
  experimentName: string;
  runs: RunModel[];
  selected: number;
  factors: Factors;
  exceptions: Record<string, RunDraft>;
}

export function saveDraft(draft: SavedDraft): string {
  return JSON.stringify({ version: 1, ...draft, runs: draft.runs.map(({ key: _key, ...run }) => run) });
}

/**
 * The draft saved by `saveDraft`, or null when there is none or it is not one (another version,
 * a damaged entry): the designer then opens on the example. Values are not judged here; the lab
 * checks them as it checks every edit, so a saved mistake shows next to its field again.
 */
export function restoreDraft(text: string | null): SavedDraft | null {
  if (!text) return null;
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(saved) || saved.version !== 1 || typeof saved.experimentName !== 'string' || !Array.isArray(saved.runs)) return null;
  if (saved.runs.length === 0 || !saved.runs.every(isSavedRun)) return null;
  const runs = (saved.runs as Omit<RunModel, 'key'>[]).map((run) => ({ ...run, key: newRunKey() }));
  const selected = typeof saved.selected === 'number' && Number.isInteger(saved.selected) ? Math.max(0, Math.min(saved.selected, runs.length - 1)) : 0;
  // Drafts kept before factors were saved have none: nothing varies, as then.
  const factors = isFactors(saved.factors) ? saved.factors : noFactors();
  const exceptions = isObject(saved.exceptions) && Object.values(saved.exceptions).every(isObject) ? (saved.exceptions as Record<string, RunDraft>) : {};
  return { experimentName: saved.experimentName, runs, selected, factors, exceptions };
}

function isFactors(value: unknown): value is Factors {
  if (!isObject(value)) return false;
  const { batchNorm, optimizers, learningRates, seeds } = value;
  return (
    typeof batchNorm === 'boolean' && typeof learningRates === 'string' && typeof seeds === 'number' &&
    (optimizers === null || (Array.isArray(optimizers) && optimizers.every((k) => (OPTIMIZER_KINDS as readonly unknown[]).includes(k))))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Has every part the forms edit, so that no form meets a missing object. */
function isSavedRun(run: unknown): boolean {
  if (!isObject(run) || typeof run.name !== 'string' || typeof run.loss !== 'string') return false;
  const { dataset, layers, bn, optimizer, training } = run;
  return (
    isObject(dataset) && typeof dataset.kind === 'string' &&
    Array.isArray(layers) && layers.every((l) => isObject(l) && typeof l.activation === 'string' && typeof l.batchNorm === 'boolean') &&
    isObject(bn) && isObject(training) && typeof training.dtype === 'string' && typeof training.init === 'string' &&
    isObject(optimizer) && OPTIMIZERS.some((o) => o.kind === optimizer.kind)
  );
}
