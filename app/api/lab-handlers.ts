// The LabApi implemented on the lab service, and the one wrapper that turns any failure into
// error data. Electron's main process and the browser-mode server both serve exactly this object.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetPreview, ExportFormat, LabApi, LabMethod, LabResult } from '../contract/lab-api.ts';
import { checkArguments } from '../contract/lab-arguments.ts';
import { buildExport, EXPORT_MIME_TYPES, writeExport } from '../service/report/write-export.ts';
import { datasetCatalogue, loadDataset, resolveDatasetSpec, type PreparedDataset, type Split } from '../service/datasets/index.ts';
import { parseCsv } from '../service/datasets/csv-parse.ts';
import { LabError, toLabError } from '../service/lab-error.ts';
import type { LabService } from '../service/lab-service.ts';
import { networkFromState } from '../service/model-state.ts';
import { replayFrame } from '../service/replay.ts';
import { APP_VERSION } from '../version.ts';

const PREVIEW_POINTS = 2000;
const HEAD_ROWS = 8;
/** Datasets of recently replayed runs, so scrubbing does not regenerate them. */
const DATASET_CACHE = 8;

/** What differs between the desktop app and browser mode. */
export interface HandlerHost {
  /** Desktop: asks where to save an export (null: cancelled). Browser mode returns the content instead. */
  chooseExportFile?: (suggestedName: string, format: ExportFormat) => Promise<string | null>;
  /** Desktop: prints a report with Electron; otherwise headless Chromium. */
  renderPdf?: (html: string) => Promise<Uint8Array>;
  /** Desktop: the copy of Plotly shipped with the app. */
  plotlyPath?: string;
}

export function createLabHandlers(lab: LabService, host: HandlerHost = {}): LabApi {
  const datasets = new Map<number, PreparedDataset>();
  const runDataset = (runId: number): PreparedDataset => {
    let data = datasets.get(runId);
    if (!data) {
      data = lab.loadRunDataset(runId);
      datasets.set(runId, data);
      if (datasets.size > DATASET_CACHE) datasets.delete(datasets.keys().next().value!);
    }
    return data;
  };
  const importsDir = path.join(path.dirname(lab.dbFile), 'imports');
  /**
   * The page names CSV files only by the copies importCsv made: a page (or anyone holding browser
   * mode's token) must not make the lab read any file on the disk. The CLI reads what its user names.
   */
  const onlyImportedCsv = (dataset: unknown, at: string): void => {
    const { kind, path: file } = (typeof dataset === 'object' && dataset !== null ? dataset : {}) as { kind?: unknown; path?: unknown };
    if (kind !== 'csv' || typeof file !== 'string') return;
    const inside = path.relative(importsDir, path.resolve(file));
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw new LabError('invalid_dataset', `${at}.path: the lab reads only CSV files imported through the page (Import CSV), not ${file}`, `${at}.path`);
    }
  };
  const onlyImportedCsvIn = (runs: unknown): void => {
    if (Array.isArray(runs)) runs.forEach((run, i) => onlyImportedCsv((run as { dataset?: unknown } | null)?.dataset, `runs[${i}].dataset`));
  };

  return {
    version: async () => APP_VERSION,
    databasePath: async () => lab.dbFile,
    datasetCatalogue: async () => datasetCatalogue(),
    async previewDataset(raw) {
      onlyImportedCsv(raw, 'dataset');
      const spec = resolveDatasetSpec(raw);
      const data = loadDataset(spec);
      return preview(data, spec.kind === 'csv' ? csvHead(spec.path) : null);
    },
    async importCsv(fileName, text) {
      if (text.length === 0) throw new LabError('invalid_dataset', `${fileName} is empty`);
      mkdirSync(importsDir, { recursive: true });
      const safe = path.basename(fileName).replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'data.csv';
      // Of a long name the end (its extension) is kept, so that with the time in front it is still a name file systems take.
      const target = path.join(importsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safe.slice(-200)}`);
      writeFileSync(target, text);
      const head = csvHead(target);
      return { path: target, columns: head.columns, rows: head.rows };
    },
    async validateRuns(runs) {
      onlyImportedCsvIn(runs);
      return lab.resolve({ name: 'draft', runs }).runs;
    },
    async createExperiment(file) {
      // The file is checked whole by the service; only its CSV paths are this boundary's business.
      onlyImportedCsvIn((file as { runs?: unknown }).runs);
      return lab.createExperiment(file);
    },
    listExperiments: async () => lab.listExperiments(),
    renameExperiment: async (id, name) => lab.renameExperiment(id, name),
    deleteExperiment: async (id) => lab.deleteExperiment(id),
    listRuns: async (experimentId) => lab.listRuns(experimentId),
    getRun: async (runId) => lab.getRun(runId),
    epochs: async (runId, range) => lab.epochs(runId, range),
    listCheckpoints: async (runId) => lab.listCheckpoints(runId),
    startRun: async (runId) => lab.start(runId),
    pauseRun: async (runId) => lab.pause(runId),
    resumeRun: async (runId) => lab.resume(runId),
    stopRun: async (runId) => lab.stop(runId),
    branchRun: async (runId, epoch, overrides, name) => lab.branch(runId, epoch, overrides, name),
    renameRun: async (runId, name) => lab.rename(runId, name),
    deleteRun: async (runId) => {
      lab.deleteRun(runId);
      datasets.delete(runId);
    },
    async replayFrame(runId, epoch, options) {
      const run = lab.getRun(runId);
      const checkpoint = lab.checkpointAtOrBefore(runId, epoch);
      const net = networkFromState(run.spec, checkpoint.state);
      const epochRow = checkpoint.epoch > 0 ? lab.epochs(runId, { from: checkpoint.epoch, to: checkpoint.epoch })[0] : undefined;
      const data = run.spec.network.inputSize === 2 ? runDataset(runId) : null;
      return replayFrame(runId, run.spec, { epoch: checkpoint.epoch, net }, epochRow, data && trainAndValidation(data), options);
    },
    async exportReport(runIds, format) {
      for (const id of runIds) lab.getRun(id);
      const fileName = `bn-lab-runs-${runIds.join('-').slice(0, 60)}.${format}`;
      const mimeType = EXPORT_MIME_TYPES[format];
      const encoding = format === 'pdf' ? 'base64' : 'utf8';
      const request = { runIds, format, appVersion: APP_VERSION, plotlyPath: host.plotlyPath, renderPdf: host.renderPdf };
      if (host.chooseExportFile) {
        const out = await host.chooseExportFile(fileName, format);
        if (out !== null) await writeExport(lab, { ...request, out });
        return { fileName: out === null ? fileName : path.basename(out), mimeType, savedTo: out, data: null, encoding };
      }
      const content = await buildExport(lab, request);
      const data = typeof content === 'string' ? content : Buffer.from(content).toString('base64');
      return { fileName, mimeType, savedTo: null, data, encoding };
    },
    async runPoints(runId) {
      const data = runDataset(runId);
      if (data.inputSize !== 2) return null;
      return scatter(trainAndValidation(data));
    },
  };
}

/**
 * Calls a method by name with untrusted arguments and answers a LabResult, never a throw. The
 * arguments are checked against the method's schemas first, so the service only sees the types it declares.
 */
export async function callHandler(api: LabApi, method: string, args: unknown): Promise<LabResult<unknown>> {
  try {
    if (!Object.hasOwn(api, method)) throw new LabError('not_found', `the lab has no method "${method}"`);
    if (!Array.isArray(args)) throw new LabError('invalid_argument', `the arguments of ${method} must be an array`);
    const checked = checkArguments(method as LabMethod, args);
    if (!checked.ok) throw new LabError('invalid_argument', checked.problem.message, checked.problem.field, checked.problem.argument);
    const fn = api[method as LabMethod] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, value: (await fn(...checked.args)) ?? null };
  } catch (error) {
    return { ok: false, error: toLabError(error).toData() };
  }
}

function preview(data: PreparedDataset, head: DatasetPreview['head']): DatasetPreview {
  const d = data.description;
  return {
    name: d.name,
    task: d.task,
    samples: d.samples,
    features: d.features,
    featureNames: d.featureNames,
    classes: d.classes,
    trainRows: data.train.n,
    validationRows: data.validation?.n ?? 0,
    points: data.points && scatter(data.points),
    head,
  };
}

/** At most PREVIEW_POINTS rows, evenly taken, as columns for a Plotly scatter. */
function scatter(points: Split): NonNullable<DatasetPreview['points']> {
  const step = Math.max(1, Math.ceil(points.n / PREVIEW_POINTS));
  const x: number[] = [];
  const y: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < points.n; i += step) {
    x.push(points.X[i * 2]!);
    y.push(points.X[i * 2 + 1]!);
    label.push(points.y[i]!);
  }
  return { x, y, label };
}

function trainAndValidation(data: PreparedDataset): Split {
  const parts = data.validation ? [data.train, data.validation] : [data.train];
  const n = parts.reduce((sum, p) => sum + p.n, 0);
  const X = new Float64Array(n * data.inputSize);
  const y = data.train.y instanceof Int32Array ? new Int32Array(n) : new Float64Array(n);
  let row = 0;
  for (const part of parts) {
    X.set(part.X, row * data.inputSize);
    y.set(part.y, row);
    row += part.n;
  }
  return { X, y, n };
}

/** The header and first rows of a CSV file as text, for the import preview. */
function csvHead(file: string): { columns: string[]; rows: string[][] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LabError('invalid_dataset', `cannot read ${file}: ${(error as Error).message}`);
  }
  const records = parseCsv(text, (row, column, problem) => {
    throw new LabError('invalid_dataset', `${path.basename(file)}, row ${row}, column ${column}: ${problem}`);
  });
  const [header, ...rest] = records;
  return { columns: header?.cells ?? [], rows: rest.slice(0, HEAD_ROWS).map((r) => r.cells) };
}
