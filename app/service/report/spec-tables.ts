// A run's resolved spec as tables a reader can check by eye: the network with the shape of every
// parameter, BN's settings, the optimizer with its betas named apart from BN's shift β, training
// settings and the dataset. Plain strings only; the page escapes them.
import { hasBias, type OptimizerSpec } from '../../../engine/index.ts';
import type { RunSpec } from '../../contract/records.ts';
import { formatSetting } from './format.ts';

export interface ReportTable {
  caption: string;
  head: string[];
  rows: string[][];
}

export function specTables(spec: RunSpec, dataset: unknown): ReportTable[] {
  return [datasetTable(spec, dataset), networkTable(spec), batchNormTable(spec), optimizerTable(spec.optimizer), trainingTable(spec)];
}

/** W is (n_l × n_{l−1}), one row per unit as the engine stores it; vectors are written n_l × 1. */
export function networkTable(spec: RunSpec): ReportTable {
  const { network } = spec;
  let fanIn = network.inputSize;
  let count = 0;
  const shape = (name: string, rows: number, cols: number) => {
    count += rows * cols;
    return `${name} (${rows} × ${cols})`;
  };
  const rows: string[][] = [['input', String(network.inputSize), '–', '–', '–']];
  network.layers.forEach((layer, l) => {
    const params = [shape('W', layer.units, fanIn)];
    if (hasBias(layer)) params.push(shape('b', layer.units, 1) + (layer.batchNorm ? ', gradient 0 under BN' : ''));
    if (layer.batchNorm) params.push(shape('BN scale γ', layer.units, 1), shape('BN shift β', layer.units, 1));
    rows.push([`hidden ${l + 1}`, String(layer.units), layer.activation, layer.batchNorm ? 'yes' : 'no', params.join(', ')]);
    fanIn = layer.units;
  });
  const { units, loss } = network.output;
  rows.push(['output', String(units), loss, 'no', [shape('W', units, fanIn), shape('b', units, 1)].join(', ')]);
  return { caption: `Network: ${count} trainable parameters`, head: ['layer', 'units', 'activation / loss', 'batch norm', 'parameters'], rows };
}

export function batchNormTable(spec: RunSpec): ReportTable {
  const layers = spec.network.layers.flatMap((layer, l) => (layer.batchNorm ? [String(l + 1)] : []));
  return {
    caption: 'Batch norm',
    head: ['setting', 'value'],
    rows: [
      ['hidden layers with BN', layers.length > 0 ? layers.join(', ') : 'none (the settings below are unused)'],
      ['BN ε (added to the variance)', formatSetting(spec.bn.eps)],
      ['BN momentum (weight of the new batch statistic)', formatSetting(spec.bn.momentum)],
    ],
  };
}

const OPTIMIZER_NAMES: Record<OptimizerSpec['kind'], string> = { gd: 'gradient descent', momentum: 'Momentum', rmsprop: 'RMSprop', adam: 'Adam' };

/** The optimizers' betas are labelled with the optimizer's name, so none can be read as BN's shift β. */
export function optimizerTable(opt: OptimizerSpec): ReportTable {
  const name = OPTIMIZER_NAMES[opt.kind];
  const rows = [['optimizer', name], ['learning rate', formatSetting(opt.lr)]];
  switch (opt.kind) {
    case 'gd':
      break;
    case 'momentum':
      rows.push(['Momentum β', formatSetting(opt.beta)]);
      break;
    case 'rmsprop':
      rows.push(['RMSprop β₂', formatSetting(opt.beta2)], ['RMSprop ε', formatSetting(opt.eps)]);
      break;
    case 'adam':
      rows.push(['Adam β₁', formatSetting(opt.beta1)], ['Adam β₂', formatSetting(opt.beta2)], ['Adam ε', formatSetting(opt.eps)]);
      break;
  }
  rows.push(['weight decay (L2 on W only)', formatSetting(opt.weightDecay)]);
  return { caption: 'Optimizer', head: ['setting', 'value'], rows };
}

export function trainingTable(spec: RunSpec): ReportTable {
  const t = spec.training;
  return {
    caption: 'Training',
    head: ['setting', 'value'],
    rows: [
      ['epochs', formatSetting(t.epochs)],
      ['batch size', formatSetting(t.batchSize)],
      ['seed (initial weights, batch order)', formatSetting(t.seed)],
      ['initialization', t.init],
      ['arithmetic', spec.dtype],
      ['checkpoint every', `${t.checkpointEvery} epoch${t.checkpointEvery === 1 ? '' : 's'}`],
    ],
  };
}

/** The stored dataset description (name, size, classes, source) plus the generator settings of the spec. */
export function datasetTable(spec: RunSpec, dataset: unknown): ReportTable {
  const d = (typeof dataset === 'object' && dataset !== null ? dataset : {}) as Record<string, unknown>;
  const rows: string[][] = [['dataset', formatSetting(d.name ?? spec.dataset.kind)]];
  const names = Array.isArray(d.featureNames) ? d.featureNames.map(String) : [];
  if (typeof d.samples === 'number') rows.push(['rows', String(d.samples)]);
  if (typeof d.features === 'number') rows.push(['features', names.length > 0 && names.length <= 8 ? `${d.features} (${names.join(', ')})` : String(d.features)]);
  if (typeof d.task === 'string') rows.push(['task', d.task]);
  if (Array.isArray(d.classes)) rows.push(['classes', d.classes.map(String).join(', ')]);
  // The generator settings; `samples` is already the row count above.
  for (const [key, value] of Object.entries(spec.dataset)) if (key !== 'kind' && key !== 'samples') rows.push([key === 'validation' ? 'validation fraction' : key, formatSetting(value)]);
  if (typeof d.source === 'string') rows.push(['source', d.source]);
  if (typeof d.licence === 'string') rows.push(['licence', d.licence]);
  return { caption: 'Dataset', head: ['property', 'value'], rows };
}
