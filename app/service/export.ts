// Runs leaving the lab as data: JSON (resolved spec, every epoch's metrics, final parameters) and
// CSV (one row per run per epoch, every metric a column) that any spreadsheet reads.
import type { Percentiles } from '../../engine/index.ts';
import type { RunDetail } from '../contract/lab-api.ts';
import type { LabRecords } from './lab-records.ts';
import { statesThrough } from './epoch-states.ts';
import { namedTensors, networkFromState, type NamedTensor } from './model-state.ts';
import type { EpochRow } from '../store/metrics.ts';
import type { BnLayerState, StoredLayerStats, TestMetrics } from '../contract/records.ts';
import { testMetrics } from './test-split.ts';

export const EXPORT_FORMAT = 'bn-lab-export';
export const EXPORT_VERSION = 1;

export interface RunExport {
  run: Omit<RunDetail, 'spec'>;
  spec: RunDetail['spec'];
  dataset: unknown;
  /** A BN layer's γ, β and running averages are there wherever the epoch's state can be had. */
  epochs: Omit<EpochRow, 'runId'>[];
  /** The parameters after the last stored checkpoint, and the epoch it belongs to. */
  finalParameters: { epoch: number; tensors: NamedTensor[] } | null;
  /** The test split at that checkpoint; left out for a run without dataset.test. */
  test?: TestMetrics[];
}

export interface LabExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  app: { name: 'BN Lab'; version: string };
  exportedAt: string;
  runs: RunExport[];
}

export async function exportRuns(lab: LabRecords, runIds: readonly number[], appVersion: string, onProgress?: (done: number, total: number) => void): Promise<LabExport> {
  const runs: RunExport[] = [];
  for (const id of runIds) {
    runs.push(await exportRun(lab, id));
    onProgress?.(runs.length, runIds.length);
  }
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, app: { name: 'BN Lab', version: appVersion }, exportedAt: new Date().toISOString(), runs };
}

async function exportRun(lab: LabRecords, runId: number): Promise<RunExport> {
  const { spec, ...run } = lab.getRun(runId);
  const bnStates = await bnStatesByEpoch(lab, runId, spec);
  const epochs = lab.epochs(runId).map(({ runId: _runId, ...row }) => withBnStates(row, bnStates.get(row.epoch)));
  const last = lab.listCheckpoints(runId).at(-1);
  const finalParameters = last ? { epoch: last.epoch, tensors: namedTensors(networkFromState(spec, await lab.stateAt(runId, last.epoch))) } : null;
  const test = await testMetrics(lab, runId);
  return { run, spec, dataset: lab.getDataset(runId).description, epochs, finalParameters, ...(test.length > 0 ? { test } : {}) };
}

/** Each BN layer's state after every epoch whose state can be had, keyed by epoch, then by layer. */
async function bnStatesByEpoch(lab: LabRecords, runId: number, spec: RunDetail['spec']): Promise<Map<number, Map<number, BnLayerState>>> {
  const byEpoch = new Map<number, Map<number, BnLayerState>>();
  if (!spec.network.layers.some((l) => l.batchNorm)) return byEpoch;
  for await (const { epoch, state } of statesThrough(lab, runId)) {
    if (!state) continue;
    const layers = new Map<number, BnLayerState>();
    for (const layer of networkFromState(spec, state).hidden) {
      if (!layer.bn) continue;
      const { gamma, beta, runningMean, runningVar } = layer.bn;
      layers.set(layer.index, { gamma: Array.from(gamma), beta: Array.from(beta), runningMean: Array.from(runningMean), runningVar: Array.from(runningVar) });
    }
    byEpoch.set(epoch, layers);
  }
  return byEpoch;
}

function withBnStates(row: Omit<EpochRow, 'runId'>, states: Map<number, BnLayerState> | undefined): Omit<EpochRow, 'runId'> {
  return { ...row, layers: row.layers.map((l) => ({ ...l, bn: l.bn && { ...l.bn, ...states?.get(l.layer) } })) };
}

/**
 * One row per run per epoch, every metric a column; columns are the union over the runs, so runs of
 * different shapes share a file. Every row says how its run ended (status, epochs done), and a run
 * with no stored epoch (one that diverged in its first) still has a row. It starts with a byte-order
 * mark: without it Excel reads the UTF-8 of a run named "Übung" as Latin-1; other spreadsheets skip
 * it. The header is there even when no run has an epoch yet.
 */
export function toCsv(data: LabExport): string {
  const rows = data.runs.flatMap(({ run, epochs, test }) => (epochs.length > 0 ? epochs.map((e) => csvRecord(run, e, test)) : [runRecord(run)]));
  const columns: string[] = [...BASE_COLUMNS];
  const seen = new Set<string>(columns);
  for (const row of rows) {
    for (const key of row.keys()) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((c) => csvCell(row.get(c))).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const BASE_COLUMNS = ['experiment', 'run_id', 'run', 'status', 'epochs_done', 'epoch', 'steps', 'train_loss', 'train_accuracy', 'validation_loss', 'validation_accuracy', 'wall_ms'];

function runRecord(run: RunExport['run']): Map<string, string | number | null> {
  return new Map<string, string | number | null>([
    ['experiment', run.experimentName],
    ['run_id', run.id],
    ['run', run.name],
    ['status', run.status],
    ['epochs_done', run.epochsDone],
  ]);
}

/** `test`: the run's test split at checkpoints, in the columns of the epochs they belong to. */
function csvRecord(run: RunExport['run'], e: RunExport['epochs'][number], test: TestMetrics[] = []): Map<string, string | number | null> {
  const row = runRecord(run);
  for (const [key, value] of [
    ['epoch', e.epoch],
    ['steps', e.steps],
    ['train_loss', e.trainLoss],
    ['train_accuracy', e.trainAccuracy],
    ['validation_loss', e.validationLoss],
    ['validation_accuracy', e.validationAccuracy],
    ['wall_ms', e.wallMs],
  ] as const) row.set(key, value);
  const tested = test.find((t) => t.epoch === e.epoch);
  if (tested) {
    row.set('test_loss', tested.loss);
    row.set('test_accuracy', tested.accuracy);
  }
  for (const layer of e.layers) addLayer(row, layer);
  return row;
}

function addLayer(row: Map<string, string | number | null>, stats: StoredLayerStats): void {
  const p = `layer${stats.layer}`;
  const g = stats.gradNorm;
  row.set(`${p}_grad_norm_W`, g.W);
  if (g.b !== null) row.set(`${p}_grad_norm_b`, g.b);
  if (g.gamma !== null) row.set(`${p}_grad_norm_bn_gamma`, g.gamma);
  if (g.beta !== null) row.set(`${p}_grad_norm_bn_beta`, g.beta);
  const pct = stats.percentiles;
  if (pct) {
    addPercentiles(row, `${p}_z`, pct.z);
    if (pct.zNorm) addPercentiles(row, `${p}_z_norm`, pct.zNorm);
    if (pct.zTilde) addPercentiles(row, `${p}_z_tilde`, pct.zTilde);
    addPercentiles(row, `${p}_a`, pct.a);
  }
  if (stats.bn) {
    const units: [string, number[] | undefined][] = [
      ['bn_batch_mean', stats.bn.batchMean],
      ['bn_batch_var', stats.bn.batchVar],
      ['bn_running_mean', stats.bn.runningMean],
      ['bn_running_var', stats.bn.runningVar],
      ['bn_gamma', stats.bn.gamma],
      ['bn_beta', stats.bn.beta],
    ];
    for (const [name, values] of units) values?.forEach((v, u) => row.set(`${p}_${name}_u${u}`, v));
  }
}

function addPercentiles(row: Map<string, string | number | null>, prefix: string, p: Percentiles): void {
  row.set(`${prefix}_p15`, p.p15);
  row.set(`${prefix}_p50`, p.p50);
  row.set(`${prefix}_p85`, p.p85);
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
