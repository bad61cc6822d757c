// Every LabApi method, each argument in turn given a wrong value, through callHandler (what the
// Electron window and browser mode call) on a real service over a real SQLite file. A value of the
// wrong type must come back as invalid_argument naming that argument; a value of the right type
// may be accepted or refused for what it is (not_found, invalid_spec, …); nothing may be `internal`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test as base } from 'vitest';
import { callHandler, createLabHandlers } from '../../../app/api/lab-handlers.ts';
import { LAB_METHODS, type LabApi, type LabErrorData, type LabMethod, type LabResult } from '../../../app/contract/lab-api.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';

const WRONG_VALUES: [label: string, value: unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ["''", ''],
  ["'x'", 'x'],
  ['-1', -1],
  ['1.5', 1.5],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['true', true],
  ['[]', []],
  ['{}', {}],
  ['[1]', [1]],
  ['{a:1}', { a: 1 }],
  ['a huge string', 'x'.repeat(1_000_000)],
  ['a nested object', { a: { b: { c: [{ d: [1, { e: null }] }] } } }],
];

/** A lab with one trained run (so ids, epochs and checkpoints exist) for every call to use. */
interface World {
  api: LabApi;
  experimentId: number;
  runId: number;
  /** The run's last epoch, which has a checkpoint. */
  epoch: number;
  /** An experiment with one untrained run, for the calls that delete (should one wrongly succeed, the rest still has its run). */
  spare: { experimentId: number; runId: number };
}

const test = base.extend<{ world: World }>({
  world: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern; it has none
    async ({}, use) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bnlab-fuzz-'));
      const lab = new LabService({ dbFile: path.join(dir, 'lab.db'), poolSize: 1 });
      try {
        const { experimentId, runIds } = lab.createExperiment(experiment('fuzz', [moonsRun('r', { epochs: 2, samples: 100 })]));
        const runId = runIds[0]!;
        lab.start(runId);
        await lab.waitFor(runId);
        const spare = lab.createExperiment(experiment('spare', [moonsRun('s')]));
        await use({ api: createLabHandlers(lab), experimentId, runId, epoch: 2, spare: { experimentId: spare.experimentId, runId: spare.runIds[0]! } });
      } finally {
        await lab.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'file' },
  ],
});

// What each argument is, restated here from the LabApi's documented types rather than read from
// the schemas under test: `fits` says whether a value is of the argument's type.
interface Param {
  name: string;
  fits: (value: unknown) => boolean;
  valid: (w: World) => unknown;
}

const isId = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 1;
const isEpoch = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isString = (v: unknown) => typeof v === 'string';
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** JSON has no undefined: over HTTP an optional argument left out in the middle arrives as null. */
const optional = (fits: (v: unknown) => boolean) => (v: unknown) => v === undefined || v === null || fits(v);

const runId: Param = { name: 'runId', fits: isId, valid: (w) => w.runId };
const CSV = 'x,y,label\n0,0,0\n1,1,1\n';

const PARAMS: Record<LabMethod, Param[]> = {
  version: [],
  databasePath: [],
  datasetCatalogue: [],
  previewDataset: [{ name: 'spec', fits: isObject, valid: () => ({ kind: 'moons', samples: 100 }) }],
  importCsv: [
    { name: 'fileName', fits: (v) => isString(v) && (v as string).length <= 255, valid: () => 'points.csv' },
    { name: 'text', fits: isString, valid: () => CSV },
  ],
  validateRuns: [{ name: 'runs', fits: (v) => Array.isArray(v) && v.every(isObject), valid: () => [moonsRun('v')] }],
  createExperiment: [{ name: 'file', fits: isObject, valid: () => experiment('e', [moonsRun('c')]) }],
  listExperiments: [],
  storageUse: [],
  renameExperiment: [
    { name: 'experimentId', fits: isId, valid: (w) => w.experimentId },
    { name: 'name', fits: isString, valid: () => 'renamed' },
  ],
  deleteExperiment: [{ name: 'experimentId', fits: isId, valid: (w) => w.spare.experimentId }],
  listRuns: [{ name: 'experimentId', fits: optional(isId), valid: (w) => w.experimentId }],
  getRun: [runId],
  epochs: [runId, { name: 'range', fits: optional(isObject), valid: () => ({ from: 1, to: 2 }) }],
  listCheckpoints: [runId],
  startRun: [runId],
  pauseRun: [runId],
  stepEpoch: [runId],
  resumeRun: [runId],
  stopRun: [runId],
  // The spare run has not trained, so a valid call is refused rather than training the shared run on.
  continueRun: [{ name: 'runId', fits: isId, valid: (w) => w.spare.runId }, { name: 'more', fits: isId, valid: () => 1 }],
  branchRun: [
    runId,
    { name: 'epoch', fits: isEpoch, valid: (w) => w.epoch - 1 },
    { name: 'overrides', fits: isObject, valid: () => ({ optimizer: { lr: 0.001 } }) },
    { name: 'name', fits: optional(isString), valid: () => 'branch' },
  ],
  renameRun: [runId, { name: 'name', fits: isString, valid: () => 'renamed run' }],
  deleteRun: [{ name: 'runId', fits: isId, valid: (w) => w.spare.runId }],
  replayFrame: [
    runId,
    { name: 'epoch', fits: isEpoch, valid: (w) => w.epoch },
    { name: 'options', fits: isObject, valid: () => ({ bnMode: 'eval', resolution: 8 }) },
  ],
  testMetrics: [runId, { name: 'epochs', fits: optional((v) => Array.isArray(v) && v.every(isEpoch)), valid: (w) => [w.epoch] }],
  probeRun: [runId, { name: 'options', fits: optional(isObject), valid: (w) => ({ epochs: [w.epoch], stepSizes: [0.01] }) }],
  runPoints: [runId],
  exportReport: [
    { name: 'runIds', fits: (v) => Array.isArray(v) && v.length > 0 && v.every(isId), valid: (w) => [w.runId] },
    { name: 'format', fits: (v) => ['json', 'csv', 'html', 'pdf', 'pytorch'].includes(v as string), valid: () => 'csv' },
  ],
};

/**
 * Each argument of `method` in turn replaced by each wrong value, then each wrong value as one
 * argument too many. Returns the calls that ended otherwise than the rule at the top says, one line each.
 */
async function fuzz(world: World, method: LabMethod): Promise<string[]> {
  const params = PARAMS[method];
  const surprises: string[] = [];
  const judge = (position: number, label: string, fits: boolean, result: LabResult<unknown>) => {
    const call = `${method} argument ${position} = ${label}`;
    if (result.ok) {
      if (!fits) surprises.push(`${call}: accepted`);
    } else if (result.error.code === 'internal') {
      surprises.push(`${call}: internal: ${result.error.message.slice(0, 120)}`);
    } else if (!fits && !namesArgument(result.error, method, position, params[position - 1]?.name)) {
      surprises.push(`${call}: ${result.error.code} (argument ${result.error.argument}) ${result.error.message.slice(0, 120)}`);
    }
  };
  for (const [index, param] of params.entries()) {
    for (const [label, value] of WRONG_VALUES) {
      const args = params.map((p, i) => (i === index ? value : p.valid(world)));
      judge(index + 1, label, param.fits(value), await callHandler(world.api, method, args));
    }
  }
  for (const [label, value] of WRONG_VALUES) {
    const args = [...params.map((p) => p.valid(world)), value];
    judge(params.length + 1, label, false, await callHandler(world.api, method, args));
  }
  return surprises;
}

/** invalid_argument, at that position, with a message that says the method and the argument. */
function namesArgument(error: LabErrorData, method: string, position: number, name: string | undefined): boolean {
  if (error.code !== 'invalid_argument' || error.argument !== position) return false;
  if (name === undefined) return error.message.startsWith(`${method} takes `);
  return error.message.startsWith(`${method}: argument ${position} (${name}`) && error.field?.split(/[.[]/)[0] === name;
}

describe('callHandler with wrong arguments', () => {
  test.for(LAB_METHODS)('should refuse wrong arguments of %s without an internal error', async (method, { world }) => {
    expect(await fuzz(world, method)).toEqual([]);
  });

  test('should say which method and argument, and where inside it, in the message and the data', async ({ world }) => {
    // Act
    const format = await callHandler(world.api, 'exportReport', [[world.runId], 42]);
    const bnMode = await callHandler(world.api, 'replayFrame', [world.runId, 1, { bnMode: 'batch' }]);
    const lr = await callHandler(world.api, 'branchRun', [world.runId, 1, { optimizer: { lr: '0.1' } }]);
    const surplus = await callHandler(world.api, 'listRuns', [world.experimentId, 'x']);
    const notArray = await callHandler(world.api, 'getRun', { runId: world.runId });

    // Assert
    expect(format).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'exportReport: argument 2 (format) must be one of json, csv, html, pdf, pytorch, got 42', field: 'format', argument: 2, problems: [] } });
    expect(bnMode).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'replayFrame: argument 3 (options.bnMode) must be one of train, eval, got "batch"', field: 'options.bnMode', argument: 3, problems: [] } });
    expect(lr).toMatchObject({ error: { code: 'invalid_argument', message: 'branchRun: argument 3 (overrides.optimizer.lr) must be a finite number, got "0.1"', field: 'overrides.optimizer.lr' } });
    expect(surplus).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'listRuns takes at most 1 argument (experimentId), got 2', argument: 2, problems: [] } });
    expect(notArray).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: 'the arguments of getRun must be an array' } });
  });
});

describe('callHandler with right arguments', () => {
  test('should answer calls whose arguments fit, an optional one left out, given, or null as JSON sends it', async ({ world }) => {
    // Act
    const version = await callHandler(world.api, 'version', []);
    const all = await callHandler(world.api, 'listRuns', []);
    const ofExperiment = await callHandler(world.api, 'listRuns', [world.experimentId]);
    const fromJson = await callHandler(world.api, 'epochs', [world.runId, null]);
    const frame = await callHandler(world.api, 'replayFrame', [world.runId, 1, { bnMode: 'train', resolution: 4 }]);

    // Assert
    expect(version).toMatchObject({ ok: true, value: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    // The fuzz may have added runs (a branch named 'x' is a fine branch); these are there whatever ran first.
    const ids = (result: LabResult<unknown>) => (result.ok ? (result.value as { id: number }[]).map((r) => r.id) : result.error);
    expect(ids(all)).toEqual(expect.arrayContaining([world.runId, world.spare.runId]));
    expect(ids(ofExperiment)).toEqual(expect.arrayContaining([world.runId]));
    expect(ids(ofExperiment)).not.toContain(world.spare.runId);
    expect(fromJson).toMatchObject({ ok: true, value: [{ epoch: 1 }, { epoch: 2 }] });
    expect(frame).toMatchObject({ ok: true, value: { runId: world.runId, epoch: 1, boundary: { kind: 'probability' } } });
  });

  test('should branch with typed overrides, changing only what they name', async ({ world }) => {
    // Act
    const branched = await callHandler(world.api, 'branchRun', [world.runId, 1, { optimizer: { kind: 'momentum', beta: 0.8 }, training: { epochs: 5 } }, 'momentum']);

    // Assert
    expect(branched.ok).toBe(true);
    const child = await callHandler(world.api, 'getRun', [(branched as { value: number }).value]);
    expect(child).toMatchObject({
      ok: true,
      value: { name: 'momentum', parentRunId: world.runId, branchEpoch: 1, epochsTotal: 5, spec: { optimizer: { kind: 'momentum', lr: 0.01, beta: 0.8, weightDecay: 0 }, training: { epochs: 5 } } },
    });
  });
});
