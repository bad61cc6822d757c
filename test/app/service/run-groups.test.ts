// Repeats over seeds as groups: which runs the store groups, and the mean, spread and epochs to a
// level computed from stored runs against a direct computation on the SQLite file's own rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { epochsToReach, groupRuns, seedBand, seedNoise } from '../../../app/contract/run-groups.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { groupSummary, type SummaryRun } from '../../../app/service/report/summary.ts';
import { curveFigures } from '../../../app/service/report/metric-figures.ts';
import { exportRuns } from '../../../app/service/export.ts';
import { moonsRun } from '../../helpers/experiments.ts';

const SEEDS = 4;

describe('groups of seeds in a trained lab', () => {
  // One trained lab for the whole block: training it per test would triple the time.
  const dir = mkdtempSync(path.join(tmpdir(), 'bnlab-test-'));
  const dbFile = path.join(dir, 'lab.db');
  let lab: LabService;
  let runIds: number[];

  beforeAll(async () => {
    lab = new LabService({ dbFile, poolSize: 2 });
    const { name: _name, ...base } = moonsRun('base', { epochs: 6, samples: 300 });
    ({ runIds } = lab.createExperiment({ name: 'BN over seeds', base, vary: { 'network.batchNorm': [true, false] }, repeats: SEEDS }));
    for (const id of runIds) lab.start(id);
    await Promise.all(runIds.map((id) => lab.waitFor(id)));
  }, 120_000);
  afterAll(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('should group the runs that differ only by seed, whatever they are called, and not a branch with its parent', async () => {
    const [bnFirst, , , , plainFirst] = runIds;
    lab.rename(runIds[1]!, 'renamed');
    const groups = groupRuns(lab.listRuns());
    expect(groups.map((g) => [g.id, g.runs.map((r) => r.id)])).toEqual([[bnFirst, runIds.slice(0, SEEDS)], [plainFirst, runIds.slice(SEEDS)]]);
    expect(groups[1]!.label).toBe('no BN');
    lab.rename(runIds[1]!, 'BN, seed 2');
    expect(groupRuns(lab.listRuns()).map((g) => g.label)).toEqual(['BN', 'no BN']);

    const branch = await lab.branch(bnFirst!, 3, { optimizer: { lr: 0.001 } });
    expect(lab.getRun(branch).groupId).toBe(branch);
    lab.deleteRun(branch);
  });

  test('should compute the mean, the ±1 sd and min–max bands and the epochs to a level as a direct computation on the stored rows does', () => {
    const rows = new Database(dbFile, { readonly: true }).prepare('SELECT run_id AS runId, epoch, validation_loss AS loss FROM epoch_metrics ORDER BY run_id, epoch').all() as { runId: number; epoch: number; loss: number }[];
    for (const group of groupRuns(lab.listRuns())) {
      const series = group.runs.map((r) => lab.epochs(r.id).map((e) => ({ epoch: e.epoch, value: e.validationLoss })));
      const sd = seedBand(series, 'sd');
      const range = seedBand(series, 'range');
      for (const [i, epoch] of sd.epoch.entries()) {
        const values = rows.filter((r) => r.epoch === epoch && group.runs.some((run) => run.id === r.runId)).map((r) => r.loss);
        expect(values).toHaveLength(SEEDS);
        let sum = 0;
        for (const v of values) sum += v;
        const mean = sum / SEEDS;
        let squares = 0;
        for (const v of values) squares += (v - mean) * (v - mean);
        const sampleSd = Math.sqrt(squares / (SEEDS - 1));
        expect(sd.mean[i]).toBeCloseTo(mean, 14);
        expect(sd.upper[i]! - sd.mean[i]!).toBeCloseTo(sampleSd, 14);
        expect(sd.mean[i]! - sd.lower[i]!).toBeCloseTo(sampleSd, 14);
        expect([range.lower[i], range.upper[i]]).toEqual([Math.min(...values), Math.max(...values)]);
        expect(sd.n[i]).toBe(SEEDS);
      }
      // Epochs to the median of the last epoch's losses: some seeds reach it, the rest are counted apart.
      const last = rows.filter((r) => r.epoch === 6 && group.runs.some((run) => run.id === r.runId)).map((r) => r.loss).sort((a, b) => a - b);
      const level = (last[1]! + last[2]!) / 2;
      const firsts = group.runs.map((run) => rows.find((r) => r.runId === run.id && r.loss <= level)?.epoch).filter((e) => e !== undefined);
      const reach = epochsToReach(series, level, 'down')!;
      expect(reach.reached).toBe(firsts.length);
      expect(reach.seeds).toBe(SEEDS);
      expect(reach.mean).toBeCloseTo(firsts.reduce((a, b) => a + b, 0) / firsts.length, 14);
    }
  });

  test('should compare the groups in one sentence with their spread over seeds, naming the level', () => {
    const runs = lab.listRuns();
    const sentences = groupSummary(groupRuns(runs).map((g) => ({ label: g.label, runs: g.runs.map((r) => ({ name: r.name, epochs: lab.epochs(r.id) })) })));
    // Moons is classification: the accuracy a person reads first, then the loss, each with its noise.
    expect(sentences[0]).toMatch(/^“(no )?BN” reached a mean validation accuracy of \d+ % at epoch \d+\.\d( ± \d+\.\d)?, “(no )?BN” (at \d+\.\d|never).* \(4 seeds, mean ± 1 sd\)\. The level is 90 %/);
    // Moons often reaches 90 % in the first epoch with every seed: then there is no gap to weigh.
    expect(sentences[1]).toMatch(/^(The gap between “(no )?BN” and “(no )?BN”, (?!0\.0 )\d+\.\d epochs, is (within|larger than) the seed noise|“(no )?BN” and “(no )?BN” reached it at the same mean epoch)/);
    expect(sentences[2]).toMatch(/^“(no )?BN” reached a mean validation loss of [\d.]+ at epoch \d+\.\d( ± \d+\.\d)?, “(no )?BN” at \d+\.\d.* \(4 seeds, mean ± 1 sd\)\. The level is the lowest mean validation loss the slowest group reached\.$/);
    expect(sentences[3]).toMatch(/^The gap between “(no )?BN” and “(no )?BN”, \d+\.\d epochs, is (within|larger than) the seed noise/);
  });

  test("should draw each group in the report as its mean with a labelled band, the band's edges those of the stored runs", async () => {
    const [loss] = curveFigures((await exportRuns(lab, runIds, 'test')).runs);
    const named = loss!.data.filter((t) => t.showlegend !== false).map((t) => t.name);
    expect(named).toEqual(['BN (4 seeds) (train, mean)', 'BN (4 seeds) (validation), mean ± 1 sd', 'no BN (4 seeds) (train, mean)', 'no BN (4 seeds) (validation), mean ± 1 sd']);
    expect(loss!.title).toContain('groups of seeds: mean ± 1 sd');
    const [upper, lower, mean] = loss!.data.slice(1, 4) as { y: number[] }[];
    const bn = seedBand(runIds.slice(0, SEEDS).map((id) => lab.epochs(id).map((e) => ({ epoch: e.epoch, value: e.validationLoss }))), 'sd');
    expect([upper!.y, lower!.y, mean!.y]).toEqual([bn.upper, bn.lower, bn.mean]);
  });
});

describe('groupSummary', () => {
  /** A run whose validation loss falls to 0.1 in `epoch` epochs and stays there. */
  const run = (name: string, epoch: number, extra: Partial<SummaryRun> = {}): SummaryRun => ({
    name,
    epochs: Array.from({ length: 20 }, (_, i) => ({ epoch: i + 1, validationLoss: i + 1 >= epoch ? 0.1 : 1 })),
    ...extra,
  });

  test('should say a gap is larger than the seed noise when the seeds agree, and within it when they scatter', () => {
    const clear = groupSummary([
      { label: 'BN', runs: [run('a', 2), run('b', 2), run('c', 3)] },
      { label: 'no BN', runs: [run('d', 14), run('e', 15), run('f', 16)] },
    ]);
    expect(clear).toEqual([
      '“BN” reached a mean validation loss of 0.1 at epoch 2.3 ± 0.6, “no BN” at 15.0 ± 1.0 (3 seeds, mean ± 1 sd). The level is the lowest mean validation loss the slowest group reached.',
      `The gap between “BN” and “no BN”, 12.7 epochs, is larger than the seed noise (twice the standard error of the difference, ${(2 * Math.sqrt(1 / 3 / 3 + 1 / 3)).toFixed(1)} epochs).`,
    ]);
    const noisy = groupSummary([{ label: 'BN', runs: [run('a', 2), run('b', 12)] }, { label: 'no BN', runs: [run('d', 5), run('e', 15)] }]);
    expect(noisy[1]).toBe('The gap between “BN” and “no BN”, 3.0 epochs, is within the seed noise (no more than twice the standard error of the difference, 14.1 epochs), so other seeds could reverse it.');
    expect(seedNoise({ mean: 7, sd: Math.sqrt(50), reached: 2, seeds: 2 }, { mean: 10, sd: Math.sqrt(50), reached: 2, seeds: 2 })).toBeCloseTo(2 * Math.sqrt(50), 12);
  });

  test('should say the level does not tell the groups apart when every seed of both reached it at the same epoch', () => {
    const [, sentence] = groupSummary([{ label: 'BN', runs: [run('a', 1), run('b', 1)] }, { label: 'no BN', runs: [run('c', 1), run('d', 1)] }]);
    expect(sentence).toBe('“BN” and “no BN” reached it at the same mean epoch, so this level does not tell them apart; their curves may.');
  });

  test('should compare classification on the accuracy first, at 90 % when a group reached it, with the groups that never did said so', () => {
    /** A run whose validation accuracy climbs from 0.5 to `top` at `epoch` and stays there. */
    const climbing = (name: string, epoch: number, top = 0.95): SummaryRun => ({
      name,
      epochs: Array.from({ length: 20 }, (_, i) => ({ epoch: i + 1, validationLoss: i + 1 >= epoch ? 0.1 : 1, validationAccuracy: i + 1 >= epoch ? top : 0.5 })),
    });
    const sentences = groupSummary([
      { label: 'BN', runs: [climbing('a', 2), climbing('b', 2), climbing('c', 3)] },
      { label: 'no BN', runs: [climbing('d', 14), climbing('e', 16), climbing('f', 15)] },
      { label: 'chance', runs: [climbing('g', 1, 0.1), climbing('h', 1, 0.1), climbing('i', 1, 0.1)] },
    ]);
    expect(sentences[0]).toBe('“BN” reached a mean validation accuracy of 90 % at epoch 2.3 ± 0.6, “no BN” at 15.0 ± 1.0, “chance” never reached it (3 seeds, mean ± 1 sd). The level is 90 %, or the best group\'s best mean accuracy (in whole percent) where no group\'s mean reached 90 %.');
    expect(sentences[1]).toMatch(/^The gap between “BN” and “no BN”, 12\.7 epochs, is larger than the seed noise/);
    expect(sentences[2]).toMatch(/^“chance” reached a mean validation loss of 0\.1 at epoch 1\.0 ± 0\.0, “BN” at 2\.3 ± 0\.6, “no BN” at 15\.0 ± 1\.0/);
    // No group at 90 %: the best group's best mean, in whole percent.
    const low = groupSummary([{ label: 'BN', runs: [climbing('a', 2, 0.874), climbing('b', 3, 0.874)] }, { label: 'no BN', runs: [climbing('c', 9, 0.5)] }]);
    expect(low[0]).toMatch(/^“BN” reached a mean validation accuracy of 87 % at epoch 2\.5 ± 0\.7 \(2 seeds\), “no BN” never \(1 seed\) \(mean ± 1 sd over seeds\)/);
  });

  test('should leave a group whose mean loss never came within 10× of the best out of the loss race, and name it', () => {
    const stuck = (name: string): SummaryRun => ({ name, epochs: Array.from({ length: 20 }, (_, i) => ({ epoch: i + 1, validationLoss: 500 })) });
    const sentences = groupSummary([{ label: 'BN', runs: [run('a', 2), run('b', 3)] }, { label: 'no BN', runs: [run('c', 5), run('d', 7)] }, { label: 'lr 100', runs: [stuck('e'), stuck('f')] }]);
    expect(sentences[0]).toBe('“BN” reached a mean validation loss of 0.1 at epoch 2.5 ± 0.7, “no BN” at 6.0 ± 1.4 (2 seeds, mean ± 1 sd). The level is the lowest mean validation loss the slowest group reached.');
    expect(sentences[2]).toBe('“lr 100” (500) never came within 10× of the lowest mean validation loss, 0.1, so it is left out of the race above.');
  });

  test('should count the seeds that never reached the level or diverged', () => {
    const never = { name: 'x', epochs: Array.from({ length: 20 }, (_, i) => ({ epoch: i + 1, validationLoss: 0.5 })) };
    const [sentence] = groupSummary([
      { label: 'BN', runs: [run('a', 2), run('b', 3), run('c', 3)] },
      { label: 'no BN', runs: [run('d', 10), run('e', 12), never, run('f', 1, { diverged: { epoch: 1 } })] },
    ]);
    expect(sentence).toContain('“no BN” at 11.0 ± 1.4 (4 seeds; not reached in 2 of 4 seeds; 1 diverged)');
    // The level is the slowest group's best mean, the seed that stays at 0.5 included.
    expect(sentence).toContain('“BN” reached a mean validation loss of 0.2333 at epoch 2.7 ± 0.6 (3 seeds)');
  });
});
