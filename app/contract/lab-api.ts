// LabApi: everything the renderer may ask of the lab, and the events it hears back. The Electron
// preload exposes exactly these methods, the main process registers a handler for each, and
// browser mode serves the same list over HTTP; all three read LAB_METHODS, so none can drift.
import { ENGINE_ERROR_CODES, type Problem } from '../../engine/errors.ts';
import type { EpochMetrics } from '../../engine/metrics.ts';
import type { CatalogueEntry, DatasetSpec, Task } from './datasets.ts';
import type { BranchOverrides } from './branch-overrides.ts';
import type { ExperimentDesign, RunDraft } from './experiment-design.ts';
import type { CheckpointInfo, EpochRange, EpochRow, ExperimentRow, RunDetail, RunSpec, RunStatus, RunSummary, ProbePoint, StorageUse, TestMetrics } from './records.ts';

export type * from './records.ts';
export type { BranchOverrides, CatalogueEntry, DatasetSpec, ExperimentDesign, Problem, Task };

/**
 * `invalid_argument`: a call's arguments do not fit the method's schemas (lab-arguments.ts); the
 * engine's codes (`invalid_network`, `batchnorm_training_batch_size_1`, …) as it refused; the rest: the service refused them.
 */
export const LAB_ERROR_CODES = ['invalid_argument', 'invalid_spec', 'invalid_dataset', 'not_found', 'db_from_future', 'io_error', 'internal', ...ENGINE_ERROR_CODES] as const;
/** Errors cross every boundary as data with one of these codes. */
export type LabErrorCode = (typeof LAB_ERROR_CODES)[number];

export interface LabErrorData {
  code: LabErrorCode;
  message: string;
  /** The spec path at fault, e.g. `runs[0].optimizer.lr`, when one field is; for invalid_argument, the argument's name and path inside it. */
  field?: string;
  /** invalid_argument: the 1-based position of the argument at fault. */
  argument?: number;
  /**
   * Every problem of the input as data (an experiment file with three bad fields gives three), for
   * each screen to put in its own words; `message` says them all for logs, and `code` and `field`
   * are the first's. Empty when the refusal is not about an input's fields.
   */
  problems: Problem[];
}

/** What every call returns across a process boundary; the clients turn `ok: false` into a thrown error. */
export type LabResult<T> = { ok: true; value: T } | { ok: false; error: LabErrorData };

export type LabEvent =
  | { kind: 'status'; runId: number; status: RunStatus; error: string | null }
  | { kind: 'epoch'; runId: number; epoch: number; epochsTotal: number; wallMs: number; metrics: EpochMetrics }
  /** A state the store did not keep is being trained again (replay, branch, export, probes ask for one). */
  | ({ kind: 'stateProgress' } & StateProgress)
  /** The desktop app's menu asks the renderer to act (browser mode has no native menu). */
  | { kind: 'menu'; command: 'new-experiment' | 'export-report' };

/** Training run `runId` again up to `epoch`: `done` of the `total` epochs from its nearest kept state. */
export interface StateProgress {
  runId: number;
  epoch: number;
  done: number;
  total: number;
}

export interface DatasetPreview {
  name: string;
  task: Task;
  samples: number;
  features: number;
  featureNames: string[];
  classes: string[] | null;
  trainRows: number;
  validationRows: number;
  testRows: number;
  /** Raw 2-D points (at most 2000, evenly taken) for the preview scatter; null unless 2 features. */
  points: { x: number[]; y: number[]; label: number[] } | null;
  /** The first rows as text, for a CSV preview. */
  head: { columns: string[]; rows: string[][] } | null;
}

export interface CsvImport {
  /** Where the lab keeps its copy; use it as `{ kind: 'csv', path, target }`. */
  path: string;
  columns: string[];
  rows: string[][];
}

export type { RunDraft } from './experiment-design.ts';

export interface ResolvedDraft {
  name: string;
  spec: RunSpec;
}

/** One epoch of a run as the replay view draws it, computed from the stored checkpoint. */
export interface ReplayFrame {
  runId: number;
  /** The checkpoint used: the latest at or before the epoch asked for. */
  epoch: number;
  /** Class-1 probability (binary) or predicted class index on a grid over the 2-D input; null for other datasets. */
  boundary: { x: number[]; y: number[]; z: number[][]; kind: 'probability' | 'class' | 'value' } | null;
  /** Per hidden layer with BN: γ, β and the statistics used in train mode (last batch) and eval mode (running). */
  layers: { layer: number; gamma: number[]; beta: number[]; batchMean: number[]; batchVar: number[]; runningMean: number[]; runningVar: number[] }[];
}

export const BN_MODES = ['train', 'eval'] as const;

export interface ReplayOptions {
  /** Which statistics BN normalizes with when drawing the boundary. */
  bnMode: (typeof BN_MODES)[number];
  /** Grid points per axis. */
  resolution?: number;
}

export const EXPORT_FORMATS = ['json', 'csv', 'html', 'pdf', 'pytorch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The file name ending of each export; `pytorch` is a Python script that retrains one run. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { json: 'json', csv: 'csv', html: 'html', pdf: 'pdf', pytorch: 'py' };

/**
 * An export as the renderer receives it. The desktop app asks where to save and writes the file
 * itself (savedTo, no data); browser mode hands the content back for the browser to download.
 */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  savedTo: string | null;
  /** Text for json/csv/html, base64 for pdf; null once saved, or when the person cancelled. */
  data: string | null;
  encoding: 'utf8' | 'base64';
}

export interface LabApi {
  version(): Promise<string>;
  /** Where the data lives, for the title bar and "Open database…". */
  databasePath(): Promise<string>;
  datasetCatalogue(): Promise<CatalogueEntry[]>;
  previewDataset(spec: unknown): Promise<DatasetPreview>;
  /** Keeps a copy of a CSV the person picked or dropped, and returns its first rows. */
  importCsv(fileName: string, text: string): Promise<CsvImport>;
  /** Checks runs as the designer has them, without storing anything. */
  validateRuns(runs: RunDraft[]): Promise<ResolvedDraft[]>;
  /** An experiment file: a list of runs, or a design that expands into one (experiment-design.ts). */
  createExperiment(file: { name: string; runs: RunDraft[] } | ExperimentDesign): Promise<{ experimentId: number; runIds: number[] }>;
  listExperiments(): Promise<ExperimentRow[]>;
  /** The lab file's size and each experiment's share, for the Library. */
  storageUse(): Promise<StorageUse>;
  renameExperiment(experimentId: number, name: string): Promise<void>;
  deleteExperiment(experimentId: number): Promise<void>;
  listRuns(experimentId?: number): Promise<RunSummary[]>;
  getRun(runId: number): Promise<RunDetail>;
  epochs(runId: number, range?: EpochRange): Promise<EpochRow[]>;
  listCheckpoints(runId: number): Promise<CheckpointInfo[]>;
  startRun(runId: number): Promise<void>;
  pauseRun(runId: number): Promise<void>;
  resumeRun(runId: number): Promise<void>;
  /** A paused run trains one more epoch, then pauses again. */
  stepEpoch(runId: number): Promise<void>;
  stopRun(runId: number): Promise<void>;
  /** A done run trains `more` epochs further as the same run, ending as if it had been that long from the start. */
  continueRun(runId: number, more: number): Promise<void>;
  /** A new run from `runId`'s checkpoint at `epoch` with other optimizer settings or epochs; it does not start. */
  branchRun(runId: number, epoch: number, overrides: BranchOverrides, name?: string): Promise<number>;
  renameRun(runId: number, name: string): Promise<void>;
  deleteRun(runId: number): Promise<void>;
  replayFrame(runId: number, epoch: number, options: ReplayOptions): Promise<ReplayFrame>;
  /** A run's test split at its last checkpoint, or at `epochs`; [] without dataset.test. */
  testMetrics(runId: number, epochs?: number[]): Promise<TestMetrics[]>;
  /**
   * Santurkar et al.'s probes of a run at its checkpoints (or `epochs`), along step sizes
   * (default a range around its learning rate); computed from stored checkpoints, changing nothing.
   */
  probeRun(runId: number, options?: { epochs?: number[]; stepSizes?: number[] }): Promise<ProbePoint[]>;
  /** The 2-D dataset of a run as it trained on it (standardized), for the boundary scatter. */
  runPoints(runId: number): Promise<DatasetPreview['points']>;
  /** A report (html, pdf) or the data (json, csv) of one or more runs. */
  exportReport(runIds: number[], format: ExportFormat): Promise<ExportedFile>;
}

export type LabMethod = keyof LabApi;

/**
 * Every method, listed once; the `satisfies` makes a missing or extra name a compile error.
 * Each method's argument schemas are in lab-arguments.ts, held to the same list.
 */
const METHOD_TABLE = {
  version: true, databasePath: true, datasetCatalogue: true, previewDataset: true, importCsv: true, validateRuns: true,
  createExperiment: true, listExperiments: true, storageUse: true, renameExperiment: true, deleteExperiment: true, listRuns: true,
  getRun: true, epochs: true, listCheckpoints: true, startRun: true, pauseRun: true, resumeRun: true, stepEpoch: true, stopRun: true, continueRun: true,
  branchRun: true, renameRun: true, deleteRun: true, replayFrame: true, testMetrics: true, probeRun: true, runPoints: true, exportReport: true,
} as const satisfies Record<LabMethod, true>;

export const LAB_METHODS = Object.keys(METHOD_TABLE) as LabMethod[];

/** Electron IPC channel of a method, and of the event stream. */
export const ipcChannel = (method: LabMethod): string => `lab:${method}`;
export const EVENT_CHANNEL = 'lab:event';

/**
 * Browser mode: `POST /api/<method>` with body `{"args": [...]}` answers a LabResult as JSON;
 * `GET /api/events` is a server-sent event stream of LabEvents (one JSON object per `data:` line).
 * Every request carries the per-launch token: the page in an HttpOnly, SameSite=Strict cookie that
 * the one-time launch link (`/launch?code=…`, what the server prints) sets, so the token is never
 * in an address or the browser's history; other clients (tests, scripts) in header `x-bnlab-token`.
 */
export const HTTP_API_PREFIX = '/api/';
export const HTTP_EVENTS_PATH = '/api/events';
export const HTTP_LAUNCH_PATH = '/launch';
export const TOKEN_HEADER = 'x-bnlab-token';
/** Cookies ignore ports, so each server's cookie is named after its port: two labs never swap tokens. */
export const tokenCookie = (port: number | string): string => `bnlab-token-${port}`;
