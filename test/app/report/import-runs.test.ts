// A JSON export read back into a fresh database: runs, specs and every epoch's metrics as they were,
// and a final checkpoint that predicts exactly as the original did.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { exportRuns } from '../../../app/service/export.ts';
import { importRuns } from '../../../app/service/import-runs.ts';
import { LabError } from '../../../app/service/lab-error.ts';
import { runBoundaries } from '../../../app/service/report/boundaries.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { newLab, trainedComparison } from './trained-lab.ts';

describe('importRuns', () => {
  test('should recreate exported runs, branches included, with equal metrics, parameters and decision boundaries', async () => {
    // Arrange: a comparison plus a branch of its first run with another learning rate.
    const { lab, runIds } = await trainedComparison(4);
    const branch = await lab.branch(runIds[0]!, 2, { optimizer: { lr: 0.001 } });
    lab.start(branch);
    await lab.waitFor(branch);
    const ids = [...runIds, branch];
    const exported = JSON.parse(JSON.stringify(await exportRuns(lab, ids, '1.0.0')));
    const target = newLab(path.join(tempDir(), 'other.db'));

    // Act
    const result = importRuns(target.db, exported);

    // Assert
    expect(result.runIds).toHaveLength(3);
    expect(result.experimentIds).toHaveLength(1);
    expect(result.warnings).toEqual([]);
    const again = JSON.parse(JSON.stringify(await exportRuns(target, result.runIds, '1.0.0')));
    for (let i = 0; i < ids.length; i++) {
      const [before, after] = [exported.runs[i], again.runs[i]];
      expect(after.spec, `run ${i} spec`).toEqual(before.spec);
      expect(after.dataset, `run ${i} dataset`).toEqual(before.dataset);
      expect(after.finalParameters, `run ${i} parameters`).toEqual(before.finalParameters);
      const withoutTimes = (epochs: { recordedAt: string }[]) => epochs.map(({ recordedAt: _r, ...e }) => e);
      expect(withoutTimes(after.epochs), `run ${i} epochs`).toEqual(withoutTimes(before.epochs));
      const { id: _a, experimentId: _b, datasetId: _c, parentRunId: _d, createdAt: _e, startedAt: _f, finishedAt: _g, ...summary } = after.run;
      const { id: _h, experimentId: _i, datasetId: _j, parentRunId: _k, createdAt: _l, startedAt: _m, finishedAt: _n, ...original } = before.run;
      expect(summary, `run ${i} summary`).toEqual(original);
    }
    expect(target.getRun(result.runIds[2]!).parentRunId).toBe(result.runIds[0]);
    expect(target.listCheckpoints(result.runIds[0]!).map((c) => c.epoch)).toEqual([4]);
    const finalFrame = async (l: typeof lab, id: number) => (await runBoundaries(l, id, { epochs: [] }))!.frames;
    expect(await finalFrame(target, result.runIds[1]!)).toEqual(await finalFrame(lab, runIds[1]!));
    // A report's default epochs (1 and the middle) come before the only checkpoint: it draws the final one.
    expect((await runBoundaries(target, result.runIds[1]!))!.frames.map((f) => f.epoch)).toEqual([4]);
  });

  test('should refuse to resume or branch an imported run, which has no training state, and leave it as it was', async () => {
    // Arrange: a run exported while it was still training (as a person exports a live comparison), imported elsewhere.
    const { lab, runIds } = await trainedComparison(4);
    const exported = JSON.parse(JSON.stringify(await exportRuns(lab, [runIds[0]!], '1.0.0')));
    exported.runs[0].run.status = 'running';
    const target = newLab(path.join(tempDir(), 'other.db'));
    const [imported] = importRuns(target.db, exported).runIds;
    const before = target.getRun(imported!);
    expect(before.status).toBe('interrupted');

    // Act + Assert
    expect(() => target.resume(imported!)).toThrow(/cannot train on from epoch \d+: its checkpoint holds the parameters only/);
    await expect(target.branch(imported!, before.epochsDone, { optimizer: { lr: 0.001 } })).rejects.toThrow(/its checkpoint holds the parameters only/);
    expect(target.getRun(imported!)).toEqual(before);
    expect(target.listRuns()).toHaveLength(1);
  });

  test('should refuse a file that is not an export, and name the field of a bad spec', async () => {
    const { lab, runIds } = await trainedComparison(1);
    const exported = JSON.parse(JSON.stringify(await exportRuns(lab, runIds, '1.0.0')));
    const target = newLab(path.join(tempDir(), 'other.db'));
    exported.runs[1].spec.network.layers[0].units = 0;

    expect(() => importRuns(target.db, { name: 'an experiment file', runs: [] })).toThrow('this is not a BN Lab JSON export: its "format" is undefined, expected "bn-lab-export"');
    const error = catchError(() => importRuns(target.db, exported));
    expect(error).toBeInstanceOf(LabError);
    expect(error).toMatchObject({ code: 'invalid_network', field: 'runs[1].spec.network.layers[0].units' });
    // Nothing was stored: the first, valid run is not there either.
    expect(target.listRuns()).toEqual([]);
  });

  test('should hold an export to the limits of an experiment file (an edited 1e12 epochs is refused)', async () => {
    const { lab, runIds } = await trainedComparison(1);
    const exported = JSON.parse(JSON.stringify(await exportRuns(lab, runIds, '1.0.0')));
    const target = newLab(path.join(tempDir(), 'other.db'));
    exported.runs[0].spec.training.epochs = 1e12;

    const error = catchError(() => importRuns(target.db, exported));

    expect(error).toMatchObject({ field: 'runs[0].spec.training.epochs', message: expect.stringContaining('must be an integer from 1 to 100000, got 1000000000000') });
    expect(target.listRuns()).toEqual([]);
  });

  test.each([
    ['an epoch missing', (run: ExportedRun) => run.epochs.splice(0, 1), 'runs[0].epochs[0].epoch', 'must be 1: a run\'s epochs run from 1 with none missing or repeated, got 2'],
    ['an epoch twice', (run: ExportedRun) => run.epochs.splice(1, 0, run.epochs[0]!), 'runs[0].epochs[1].epoch', 'must be 2: a run\'s epochs run from 1 with none missing or repeated, got 1'],
    ['more epochs than its length', (run: ExportedRun) => (run.run.epochsTotal = 1), 'runs[0].run.epochsTotal', 'must be at least the 2 epochs the run has, got 1'],
    ['a length past the limit', (run: ExportedRun) => (run.run.epochsTotal = 1e9), 'runs[0].run.epochsTotal', 'must be an integer from 1 to 100000, got 1000000000'],
  ])('should refuse an export whose run has %s, storing nothing', async (_case, edit, field, words) => {
    const { lab, runIds } = await trainedComparison(2);
    const exported = JSON.parse(JSON.stringify(await exportRuns(lab, runIds, '1.0.0'))) as { runs: ExportedRun[] };
    const target = newLab(path.join(tempDir(), 'other.db'));
    edit(exported.runs[0]!);

    const error = catchError(() => importRuns(target.db, exported));

    expect(error).toMatchObject({ field, message: expect.stringContaining(words) });
    expect(target.listRuns()).toEqual([]);
  });
});

interface ExportedRun {
  run: { epochsTotal: number };
  epochs: { epoch: number }[];
}

function catchError(body: () => unknown): unknown {
  try {
    body();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
