import type { LayerDraft } from './run-model.ts';

export interface ParameterRow {
  layer: string;
  tensor: 'W' | 'b' | 'γ' | 'β';
  /** Rows × columns, as the lecture writes them: W is (n_l × n_{l-1}); b, γ, β are (n_l × 1). */
  shape: [number, number];
  count: number;
  note: string;
}

/** Every trainable tensor with its shape. A BN layer has γ and β and no b (β takes b's role). */
export function parameterTable(inputSize: number, layers: readonly LayerDraft[], outputUnits: number): { rows: ParameterRow[]; total: number } {
  const rows: ParameterRow[] = [];
  let fanIn = inputSize;
  layers.forEach((layer, i) => {
    const name = `Layer ${i + 1}`;
    const n = layer.units;
    rows.push({ layer: name, tensor: 'W', shape: [n, fanIn], count: n * fanIn, note: 'weights' });
    if (layer.batchNorm) {
      rows.push({ layer: name, tensor: 'γ', shape: [n, 1], count: n, note: 'BN scale γ' });
      rows.push({ layer: name, tensor: 'β', shape: [n, 1], count: n, note: 'BN shift β (takes the role of b)' });
    } else {
      rows.push({ layer: name, tensor: 'b', shape: [n, 1], count: n, note: 'bias' });
    }
    fanIn = n;
  });
  rows.push({ layer: 'Output', tensor: 'W', shape: [outputUnits, fanIn], count: outputUnits * fanIn, note: 'weights' });
  rows.push({ layer: 'Output', tensor: 'b', shape: [outputUnits, 1], count: outputUnits, note: 'bias' });
  return { rows, total: rows.reduce((sum, r) => sum + r.count, 0) };
}
