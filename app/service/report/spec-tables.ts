// A run's resolved spec as tables a reader can check by eye: the network with the shape of every
// parameter, BN's settings, the optimizer with its betas named apart from BN's shift β, training
// settings and the dataset. Plain strings only; the page escapes them.
import { BN_FIELDS, hasBias, OPTIMIZER_SETTINGS, optimizerSettings, TRAINING_FIELDS, type OptimizerSpec } from '../../../engine/index.ts';
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
    if (hasBias(layer)) params.push(shape('b', layer.units, 1) + (layer.batchNorm ? ', gradient ≈ 0 under BN' : ''));
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
      [BN_FIELDS.eps.label, formatSetting(spec.bn.eps)],
      [BN_FIELDS.momentum.label, formatSetting(spec.bn.momentum)],
    ],
  };
}

/** The optimizers' betas are labelled with the optimizer's name, so none can be read as BN's shift β. */
export function optimizerTable(opt: OptimizerSpec): ReportTable {
  const settings = opt as unknown as Record<string, unknown>;
  const rows = [['optimizer', OPTIMIZER_SETTINGS[opt.kind].label], ...optimizerSettings(opt.kind).map(([key, field]) => [field.label, formatSetting(settings[key])])];
  return { caption: 'Optimizer', head: ['setting', 'value'], rows };
}

export function trainingTable(spec: RunSpec): ReportTable {
  const t = spec.training;
  return {
    caption: 'Training',
    head: ['setting', 'value'],
    rows: [
      [TRAINING_FIELDS.epochs.label, formatSetting(t.epochs)],
      [TRAINING_FIELDS.batchSize.label, formatSetting(t.batchSize)],
      [`${TRAINING_FIELDS.seed.label} (initial weights, batch order)`, formatSetting(t.seed)],
      [TRAINING_FIELDS.init.label, TRAINING_FIELDS.init.names[t.init]],
      [TRAINING_FIELDS.dtype.label, spec.dtype],
      [TRAINING_FIELDS.checkpointEvery.label, `${t.checkpointEvery} epoch${t.checkpointEvery === 1 ? '' : 's'}`],
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
