// The LabApi implemented on the lab service, and the one wrapper that turns any failure into
// error data. Electron's main process and the browser-mode server both serve exactly this object.
import type { LabApi, LabMethod, LabResult } from '../contract/lab-api.ts';
import { checkArguments } from '../contract/lab-arguments.ts';
import { CsvImports } from '../service/csv-imports.ts';
import { datasetCatalogue } from '../service/datasets/index.ts';
import { previewDataset, RunDatasets } from '../service/dataset-points.ts';
import { LabError, toLabError } from '../service/lab-error.ts';
import type { LabService } from '../service/lab-service.ts';
import { exportForPage, type ExportHost } from '../service/report/export-for-page.ts';
import { replayRunFrame } from '../service/run-replay.ts';
import { testMetrics } from '../service/test-split.ts';
import { probeRun } from '../service/probes.ts';
import { APP_VERSION } from '../version.ts';

/** What differs between the desktop app and browser mode. */
export type HandlerHost = ExportHost;

export function createLabHandlers(lab: LabService, host: HandlerHost = {}): LabApi {
  const imports = new CsvImports(lab.dbFile);
  const datasets = new RunDatasets(lab);
  return {
    version: async () => APP_VERSION,
    databasePath: async () => lab.dbFile,
    datasetCatalogue: async () => datasetCatalogue(),
    async previewDataset(raw) {
      imports.requireImported(raw, 'dataset');
      return previewDataset(raw);
    },
    importCsv: async (fileName, text) => imports.save(fileName, text),
    async validateRuns(runs) {
      imports.requireImportedIn(runs);
      return lab.resolve({ name: 'draft', runs }).runs;
    },
    async createExperiment(file) {
      // The file is checked whole by the service; only its CSV paths are this boundary's business.
      imports.requireImportedIn((file as { runs?: unknown }).runs);
      return lab.createExperiment(file);
    },
    listExperiments: async () => lab.listExperiments(),
    storageUse: async () => lab.storageUse(),
    renameExperiment: async (id, name) => lab.renameExperiment(id, name),
    deleteExperiment: async (id) => lab.deleteExperiment(id),
    listRuns: async (experimentId) => lab.listRuns(experimentId),
    getRun: async (runId) => lab.getRun(runId),
    epochs: async (runId, range) => lab.epochs(runId, range),
    listCheckpoints: async (runId) => lab.listCheckpoints(runId),
    startRun: async (runId) => lab.start(runId),
    pauseRun: async (runId) => lab.pause(runId),
    stepEpoch: async (runId) => lab.stepEpoch(runId),
    resumeRun: async (runId) => lab.resume(runId),
    stopRun: async (runId) => lab.stop(runId),
    continueRun: async (runId, more) => lab.continueRun(runId, more),
    branchRun: (runId, epoch, overrides, name) => lab.branch(runId, epoch, overrides, name),
    renameRun: async (runId, name) => lab.rename(runId, name),
    deleteRun: async (runId) => {
      lab.deleteRun(runId);
      datasets.forget(runId);
    },
    replayFrame: (runId, epoch, options) => replayRunFrame(lab, datasets, runId, epoch, options),
    exportReport: (runIds, format) => exportForPage(lab, host, runIds, format, APP_VERSION),
    testMetrics: (runId, epochs) => testMetrics(lab, runId, epochs),
    probeRun: (runId, options) => probeRun(lab, runId, options ?? {}),
    runPoints: async (runId) => datasets.points(runId),
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
