// A run's test split: evaluated from stored checkpoints with BN in eval mode, reported apart from
// validation (CLI show, JSON and CSV export), checked against a forward pass written out here.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { namedTensors, networkFromState } from '../../../app/service/model-state.ts';
import { testMetrics } from '../../../app/service/test-split.ts';
import { exportRuns, toCsv } from '../../../app/service/export.ts';
import { bnlab } from '../../helpers/bnlab.ts';
import { newLab } from '../report/trained-lab.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function run(name: string, dataset: object) {
  return {
    name,
    dataset: { kind: 'moons', samples: 300, noise: 0.2, seed: 4, validation: 0.2, ...dataset },
    network: { layers: [{ units: 8, activation: 'relu', batchNorm: true }], output: { loss: 'softmax_ce' } },
    optimizer: { kind: 'adam', lr: 0.01 },
    training: { epochs: 3, batchSize: 32, seed: 2, dtype: 'float64', checkpointEvery: 1 },
  };
}

/** Eval-mode softmax cross-entropy and accuracy of a dense → BN → relu → dense network, row by row. */
function directEvaluation(tensors: ReturnType<typeof namedTensors>, X: Float64Array, y: Int32Array | Float64Array, n: number, eps: number) {
  const get = (layer: number, name: string) => tensors.find((t) => t.layer === layer && t.name === name)!.values;
  const [W0, gamma, beta, mean, variance, W1, b1] = [get(0, 'W'), get(0, 'bn_gamma'), get(0, 'bn_beta'), get(0, 'bn_running_mean'), get(0, 'bn_running_var'), get(1, 'W'), get(1, 'b')];
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const a = Array.from({ length: 8 }, (_, u) => {
      const z = W0[u * 2]! * X[i * 2]! + W0[u * 2 + 1]! * X[i * 2 + 1]!;
      return Math.max(0, gamma[u]! * ((z - mean[u]!) / Math.sqrt(variance[u]! + eps)) + beta[u]!);
    });
    const logits = [0, 1].map((k) => b1[k]! + a.reduce((s, v, u) => s + W1[k * 8 + u]! * v, 0));
    const top = Math.max(...logits);
    loss += top + Math.log(logits.reduce((s, l) => s + Math.exp(l - top), 0)) - logits[y[i]!]!;
    if (logits.indexOf(top) === y[i]) correct++;
  }
  return { loss: loss / n, accuracy: correct / n };
}

test('should evaluate the held-out rows at the checkpoints asked for, apart from validation, and match a direct computation', async () => {
  // Arrange
  const lab = newLab();
  const { runIds } = lab.createExperiment({ name: 'test split', runs: [run('with test', { test: 0.2 }), run('without', {})] });
  for (const id of runIds) lab.start(id);
  await Promise.all(runIds.map((id) => lab.waitFor(id)));
  const [withTest, without] = runIds as [number, number];

  // Act
  const atEnd = await testMetrics(lab, withTest);
  const atEpochs = await testMetrics(lab, withTest, [1, 3]);

  // Assert: 20 % of each moon (150 rows each) is 30 rows, 60 in all, at the last checkpoint by default.
  const data = lab.loadRunDataset(withTest);
  expect(data.test!.n).toBe(60);
  expect([data.train.n, data.validation!.n]).toEqual([180, 60]);
  const { spec } = lab.getRun(withTest);
  for (const t of [...atEnd, ...atEpochs]) {
    const direct = directEvaluation(namedTensors(networkFromState(spec, await lab.stateAt(withTest, t.epoch))), data.test!.X, data.test!.y, 60, spec.bn.eps);
    expect(Math.abs(t.loss - direct.loss) / direct.loss, `epoch ${t.epoch} test loss ${t.loss} vs ${direct.loss}`).toBeLessThan(1e-12);
    expect(t.accuracy).toBe(direct.accuracy);
    expect(t.rows).toBe(60);
  }
  expect(atEnd.map((t) => t.epoch)).toEqual([3]);
  expect(atEpochs.map((t) => t.epoch)).toEqual([1, 3]);
  expect(atEpochs[1]).toEqual(atEnd[0]);
  // A run without dataset.test has none; its validation numbers are unaffected by its twin's test split.
  expect(await testMetrics(lab, without)).toEqual([]);
  await expect(testMetrics(lab, withTest, [7])).rejects.toThrow(`run ${withTest} has no state at epoch 7: it has 3 epochs, stored states at 0, 1, 2, 3`);

  // The exports carry the test split apart from validation: its own JSON field and CSV columns.
  const exported = await exportRuns(lab, runIds, '9.9.9');
  expect(exported.runs[0]!.test).toEqual(atEnd);
  expect(exported.runs[1]!.test).toBeUndefined();
  const csv = toCsv(exported).split('\r\n');
  const header = csv[0]!.replace('\ufeff', '').split(',');
  const finalRow = csv[3]!.split(',');
  expect(finalRow[header.indexOf('test_loss')]).toBe(String(atEnd[0]!.loss));
  expect(finalRow[header.indexOf('validation_loss')]).not.toBe(finalRow[header.indexOf('test_loss')]);
});

test('bnlab show should report the test split under its own name, at --test-epochs too', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'lab.db');
  const file = path.join(dir, 'experiment.json');
  writeFileSync(file, JSON.stringify({ name: 'cli test split', runs: [run('with test', { test: 0.2 }), run('without', {})] }));
  expect((await bnlab('run', file, '--db', db, '--workers', '1')).status).toBe(0);

  const shown = await bnlab('show', '1', '--test-epochs', '1,3', '--db', db);
  const json = JSON.parse((await bnlab('show', '1', '--json', '--db', db)).stdout) as { test: { epoch: number; rows: number }[] };
  const refused = await bnlab('show', '2', '--test-epochs', '1', '--db', db);

  expect(shown.stdout).toMatch(/\n {2}test {8}epoch 1: loss [\d.]+ accuracy [\d.]+ on 60 held-out rows \(BN in eval mode\)\n {2}test {8}epoch 3: loss/);
  expect(json.test.map((t) => [t.epoch, t.rows])).toEqual([[3, 60]]);
  expect(refused).toMatchObject({ status: 2, stderr: 'bnlab: --test-epochs: run 2 has no test split (dataset.test)\n' });
});
