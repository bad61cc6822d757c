// Santurkar's probes of stored runs: from each checkpoint, equal to probing the run in memory at
// that epoch; nothing stored changes; the CLI prints them per run and epoch.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { Trainer } from '../../../engine/index.ts';
import { probeRun } from '../../../app/service/probes.ts';
import { bnlab } from '../../helpers/bnlab.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { newLab } from '../report/trained-lab.ts';

function run(name: string, batchNorm: boolean) {
  return {
    name,
    dataset: { kind: 'moons', samples: 200, noise: 0.2, seed: 4, validation: 0.2 },
    network: { layers: [{ units: 8, activation: 'tanh', batchNorm }, { units: 8, activation: 'tanh', batchNorm }], output: { loss: 'softmax_ce' } },
    optimizer: { kind: 'gd', lr: 0.5 },
    training: { epochs: 3, batchSize: 20, seed: 2, dtype: 'float64', checkpointEvery: 1 },
  };
}

test('should probe every checkpoint as the run in memory would be probed there, and store nothing', async () => {
  // Arrange
  const lab = newLab();
  const { runIds } = lab.createExperiment({ name: 'probes', runs: [run('BN', true), run('plain', false)] });
  for (const id of runIds) lab.start(id);
  await Promise.all(runIds.map((id) => lab.waitFor(id)));
  const statesOf = (id: number) => Promise.all(lab.listCheckpoints(id).map((c) => lab.stateAt(id, c.epoch)));
  const stored = await Promise.all(runIds.map(async (id) => ({ epochs: lab.epochs(id), checkpoints: await statesOf(id) })));

  // Act
  const probes = await Promise.all(runIds.map((id) => probeRun(lab, id)));

  // Assert: η = 0.25…4 × lr at epochs 0…3; each equal to a Trainer trained that far in memory.
  for (const [r, id] of runIds.entries()) {
    expect(probes[r]!.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(probes[r]![0]!.stepSizes).toEqual([0.125, 0.25, 0.5, 1, 2]);
    const { spec } = lab.getRun(id);
    const data = lab.loadRunDataset(id);
    const trainer = new Trainer(spec, { ...spec.training }, { train: data.train, validation: data.validation });
    for (const point of probes[r]!) {
      while (trainer.epoch < point.epoch) trainer.runEpoch();
      expect(point).toEqual({ epoch: point.epoch, ...trainer.probeNextBatch(point.stepSizes) });
    }
    expect(lab.epochs(id)).toEqual(stored[r]!.epochs);
    expect(await statesOf(id)).toEqual(stored[r]!.checkpoints);
  }
  await expect(probeRun(lab, runIds[0]!, { stepSizes: [0.1, -1] })).rejects.toThrow('step sizes must be numbers > 0, got -1');
});

test('bnlab probe should print each run and epoch, and the step sizes', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'lab.db');
  const file = path.join(dir, 'experiment.json');
  writeFileSync(file, JSON.stringify({ name: 'cli probes', runs: [run('BN', true), run('plain', false)] }));
  expect((await bnlab('run', file, '--db', db, '--workers', '1')).status).toBe(0);

  const printed = await bnlab('probe', '1', '2', '--epochs', '0,3', '--step-sizes', '0.1,1', '--db', db);
  const json = JSON.parse((await bnlab('probe', '1', '--epochs', '1', '--json', '--db', db)).stdout) as { runId: number; points: { epoch: number; lossAlong: number[] }[] }[];

  expect(printed.status).toBe(0);
  const lines = printed.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^run +epoch +loss +loss along −ηg +‖∇L\(θ\) − ∇L\(θ−ηg\)‖ +β-smoothness$/);
  expect(lines.slice(1, 5).map((l) => l.split(/ {2,}/).slice(0, 2))).toEqual([['1 BN', '0'], ['1 BN', '3'], ['2 plain', '0'], ['2 plain', '3']]);
  expect(lines[5]).toBe('step sizes η: run 1 0.1, 1; run 2 0.1, 1 (Santurkar et al. 2018, Figure 4)');
  expect(json.map((r) => [r.runId, r.points.map((p) => [p.epoch, p.lossAlong.length])])).toEqual([[1, [[1, 5]]]]);
});
