// The sweep picture from stored runs: a final metric against the learning rate, one line per BN
// setting, the mean and sd over seeds as a direct computation on the SQLite rows gives them, and
// the seeds that diverged counted and marked, not averaged in.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { sweepAxis, sweepLines } from '../../../app/contract/sweep.ts';
import { exportRuns } from '../../../app/service/export.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { sweepFigures } from '../../../app/service/report/sweep-figures.ts';
import { moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let lab: LabService | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

test('should plot the mean best validation loss over seeds against the learning rate, with diverged seeds marked apart', async () => {
  const dbFile = path.join(tempDir(), 'lab.db');
  lab = new LabService({ dbFile, poolSize: 2 });
  const { name: _name, ...base } = moonsRun('base', { epochs: 4, samples: 200 });
  const vary = { 'optimizer.lr': [0.05, 0.5, 1e6], 'network.batchNorm': [true, false] };
  const { experimentId, runIds } = lab.createExperiment({ name: 'lr sweep', base: { ...base, optimizer: { kind: 'gd', lr: 0.1 } }, vary, repeats: 3 });
  for (const id of runIds) lab.start(id);
  await Promise.all(runIds.map((id) => lab!.waitFor(id)));

  const runs = runIds.map((id) => ({ ...lab!.getRun(id), epochs: lab!.epochs(id) }));
  expect(sweepAxis(vary)).toBe('optimizer.lr');
  const lines = sweepLines(runs, vary, 'optimizer.lr', 'bestValidationLoss');
  expect(lines.map((l) => [l.label, l.points.map((p) => p.x)])).toEqual([['BN', [0.05, 0.5, 1e6]], ['no BN', [0.05, 0.5, 1e6]]]);

  const db = new Database(dbFile, { readonly: true });
  const rows = db.prepare(`SELECT r.name AS name, r.status AS status, min(m.validation_loss) AS best FROM runs r LEFT JOIN epoch_metrics m ON m.run_id = r.id GROUP BY r.id`).all() as { name: string; status: string; best: number | null }[];
  db.close();
  for (const line of lines) {
    for (const point of line.points) {
      const seeds = rows.filter((r) => r.name.startsWith(`lr ${point.x}, ${line.label}, seed`));
      expect(seeds).toHaveLength(3);
      const kept = seeds.filter((r) => r.status !== 'diverged').map((r) => r.best!);
      expect(point.diverged).toBe(3 - kept.length);
      if (kept.length === 0) {
        expect(point.mean).toBeNull();
        continue;
      }
      const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
      const sd = kept.length < 2 ? 0 : Math.sqrt(kept.reduce((a, b) => a + (b - mean) ** 2, 0) / (kept.length - 1));
      expect(point.mean).toBeCloseTo(mean, 12);
      expect(point.sd).toBeCloseTo(sd, 12);
    }
  }
  // A learning rate of a million diverges without BN, and the picture says so with a cross.
  const noBn = lines[1]!.points.at(-1)!;
  expect(noBn.diverged).toBeGreaterThan(0);
  const figures = sweepFigures((await exportRuns(lab, runIds, 'test')).runs, new Map([[experimentId, lab.getExperiment(experimentId).design!]]));
  expect(figures.map((f) => f.id)).toEqual([`chart-sweep-${experimentId}-bestValidationLoss`, `chart-sweep-${experimentId}-epochsToAccuracy`]);
  const crosses = figures[0]!.data.find((t) => t.name === 'no BN: diverged or not reached')!;
  expect(crosses.x).toContain(1e6);
  expect(crosses.text).toContain(`${noBn.diverged} of 3 seeds diverged`);
  expect((figures[0]!.layout.xaxis as { type?: string }).type).toBe('log');
}, 120_000);
