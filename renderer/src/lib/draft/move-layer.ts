import type { LayerDraft } from './run-model.ts';

/** Moves the layer at `from` by `delta` places (reorder buttons); out-of-range moves change nothing. */
export function moveLayer(layers: LayerDraft[], from: number, delta: -1 | 1): LayerDraft[] {
  const to = from + delta;
  if (from < 0 || from >= layers.length || to < 0 || to >= layers.length) return layers;
  const next = [...layers];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}
