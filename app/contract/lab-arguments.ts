// What each LabApi method's arguments must be: one named schema per parameter, checked where calls
// enter the main process (Electron IPC and browser mode's HTTP alike) before the service runs.
// The `satisfies` below makes a method without its schemas, a schema too many or too few, or one
// that admits another type than the method's parameter, a compile error.
import { arrayOf, finiteNumber, integer, object, oneOf, optional, specObject, string, type Checker, type Schema } from './argument-schema.ts';
import { BRANCH_OVERRIDES } from './branch-overrides.ts';
import { BN_MODES, EXPORT_FORMATS, type LabApi, type LabMethod } from './lab-api.ts';

type Arguments<P extends readonly unknown[]> = {
  // Every parameter gets its schema, an optional one too (-?), which then admits undefined.
  readonly [I in keyof P]-?: readonly [name: string, schema: Schema<P[I]>];
};

const id = integer({ min: 1 });
const runId = ['runId', id] as const;
const experimentId = ['experimentId', id] as const;
const epoch = integer({ min: 0 });
/** Most file systems refuse a longer file name. */
const FILE_NAME_LIMIT = 255;

export const LAB_ARGUMENTS = {
  version: [],
  databasePath: [],
  datasetCatalogue: [],
  previewDataset: [['spec', specObject()]],
  importCsv: [['fileName', string({ maxLength: FILE_NAME_LIMIT })], ['text', string()]],
  validateRuns: [['runs', arrayOf(specObject())]],
  createExperiment: [['file', specObject()]],
  listExperiments: [],
  storageUse: [],
  renameExperiment: [experimentId, ['name', string()]],
  deleteExperiment: [experimentId],
  listRuns: [['experimentId', optional(id)]],
  getRun: [runId],
  epochs: [runId, ['range', optional(object({ from: optional(integer()), to: optional(integer()) }))]],
  listCheckpoints: [runId],
  startRun: [runId],
  pauseRun: [runId],
  stepEpoch: [runId],
  resumeRun: [runId],
  stopRun: [runId],
  // The service checks that the new length fits the epoch limit.
  continueRun: [runId, ['more', integer({ min: 1 })]],
  branchRun: [runId, ['epoch', epoch], ['overrides', BRANCH_OVERRIDES], ['name', optional(string())]],
  renameRun: [runId, ['name', string()]],
  deleteRun: [runId],
  // The service clamps the resolution to what it can draw.
  replayFrame: [runId, ['epoch', epoch], ['options', object({ bnMode: oneOf(BN_MODES), resolution: optional(finiteNumber()) })]],
  testMetrics: [runId, ['epochs', optional(arrayOf(epoch))]],
  // The service refuses a step size that is not > 0, naming it.
  probeRun: [runId, ['options', optional(object({ epochs: optional(arrayOf(epoch)), stepSizes: optional(arrayOf(finiteNumber())) }))]],
  runPoints: [runId],
  exportReport: [['runIds', arrayOf(id, { nonEmpty: true })], ['format', oneOf(EXPORT_FORMATS)]],
} as const satisfies { [M in LabMethod]: Arguments<Parameters<LabApi[M]>> };

/** A refusal of a call's arguments: the message names the method and the argument, `argument` is its 1-based position. */
export interface ArgumentProblem {
  message: string;
  argument: number;
  /** The argument's name and the path inside it, e.g. `options.bnMode`; absent for a surplus argument. */
  field?: string;
}

/**
 * Checks a call's arguments against its method's schemas. Absent optional arguments become
 * undefined: JSON has no undefined, so over HTTP one left out before another arrives as null.
 */
export function checkArguments(method: LabMethod, args: readonly unknown[]): { ok: true; args: unknown[] } | { ok: false; problem: ArgumentProblem } {
  const params: readonly (readonly [string, Checker])[] = LAB_ARGUMENTS[method];
  if (args.length > params.length) {
    const names = params.map(([name]) => name).join(', ');
    const required = params.filter(([, schema]) => !schema.optional).length;
    const takes = params.length === 0 ? 'no arguments' : `${required < params.length ? 'at most ' : ''}${params.length} argument${params.length === 1 ? '' : 's'} (${names})`;
    return { ok: false, problem: { message: `${method} takes ${takes}, got ${args.length}`, argument: params.length + 1 } };
  }
  const checked: unknown[] = [];
  for (const [index, [name, schema]] of params.entries()) {
    const value = schema.optional && args[index] === null ? undefined : args[index];
    const mismatch = schema.check(value);
    if (mismatch) {
      const field = `${name}${mismatch.path}`;
      return { ok: false, problem: { message: `${method}: argument ${index + 1} (${field}) ${mismatch.problem}`, argument: index + 1, field } };
    }
    checked.push(value);
  }
  return { ok: true, args: checked };
}
