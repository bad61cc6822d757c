// `bnlab export RUN --format pytorch`: the written script, run by the machine's real PyTorch, must
// retrain each run to BN Lab's stored losses within 1e-10 relative per epoch (float64).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bnlab } from '../../helpers/bnlab.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** Debian's python3 has torch (python3-torch); the pyenv python3 first on PATH may not. */
const PYTHON = ['/usr/bin/python3', 'python3'].find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
if (!PYTHON) console.warn('[pytorch export] SKIPPED: no python3 with torch here (Debian: apt-get install python3-torch)');

const TOLERANCE = 1e-10;

/** 241 training rows in batches of 16 leave a one-row batch, which BN merges into the one before. */
function run(name: string, batchNorm: boolean, optimizer: object) {
  return {
    name,
    dataset: { kind: 'moons', samples: 301, noise: 0.2, seed: 1, validation: 0.2 },
    network: {
      layers: [{ units: 8, activation: 'tanh', batchNorm }, { units: 6, activation: 'leaky_relu', batchNorm }],
      output: { loss: 'softmax_ce' },
    },
    optimizer,
    training: { epochs: 3, batchSize: 16, seed: 3, dtype: 'float64' },
  };
}

/** Runs an exported script; returns each epoch's relative differences and the script's summary. */
function runScript(file: string): { epochs: number[][]; max: number } {
  const result = spawnSync(PYTHON!, [file], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const lines = result.stdout.trim().split('\n');
  const epochs = lines.slice(1, -1).map((line) => line.trim().split(/\s+/).map(Number)).map((cells) => [cells[3]!, cells[6]!]);
  const max = Number(/^max relative difference (\S+) over \d+ epochs$/.exec(lines.at(-1)!)![1]);
  return { epochs, max };
}

describe.skipIf(!PYTHON)('PyTorch export', () => {
  test('should retrain a BN run, a run without BN and a branch to the stored losses within 1e-10', async () => {
    // Arrange: a BN run (course-form momentum, weight decay), a plain Adam run, and a branch that switches to RMSprop.
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const experiment = path.join(dir, 'experiment.json');
    writeFileSync(experiment, JSON.stringify({
      name: 'pytorch parity',
      runs: [run('bn momentum', true, { kind: 'momentum', lr: 0.1, beta: 0.9, weightDecay: 0.001 }), run('plain adam', false, { kind: 'adam', lr: 0.01 })],
    }));
    expect((await bnlab('run', experiment, '--db', db, '--workers', '1')).status).toBe(0);
    expect((await bnlab('branch', '1', '--epoch', '1', '--set', 'optimizer.kind=rmsprop', '--set', 'optimizer.lr=0.003', '--db', db)).status).toBe(0);

    for (const runId of ['1', '2', '3']) {
      // Act
      const file = path.join(dir, `run${runId}.py`);
      const exported = await bnlab('export', runId, '--out', file, '--db', db);
      const { epochs, max } = runScript(file);

      // Assert: every epoch, training and validation loss alike.
      expect(exported.stdout).toMatch(new RegExp(`^wrote .*run${runId}\\.py \\(1 run, pytorch, [\\d.]+ kB\\)\\n$`));
      expect(epochs.length, `run ${runId} epochs`).toBe(runId === '3' ? 2 : 3);
      for (const [e, diffs] of epochs.entries()) {
        for (const diff of diffs) expect(diff, `run ${runId} epoch ${e + 1}: relative difference ${diff} > ${TOLERANCE}`).toBeLessThanOrEqual(TOLERANCE);
      }
      expect(max).toBeLessThanOrEqual(TOLERANCE);
    }
    // The BN run's script drops the bias under BN and writes course-form momentum out.
    const script = readFileSync(path.join(dir, 'run1.py'), 'utf8');
    expect(script).toContain('nn.Linear(2, 8, bias=False)');
    expect(script).toContain('nn.BatchNorm1d(8, eps=0.00001, momentum=0.1)');
    expect(script).toContain('v.copy_(self.MOMENTUM_BETA * v + (1 - self.MOMENTUM_BETA) * self.gradient(p, name))');
  }, 120_000);

  test('should refuse more than one run, naming the count', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const experiment = path.join(dir, 'experiment.json');
    writeFileSync(experiment, JSON.stringify({ name: 'two', runs: [run('a', true, { kind: 'gd', lr: 0.1 }), run('b', false, { kind: 'gd', lr: 0.1 })] }));
    expect((await bnlab('run', experiment, '--db', db, '--workers', '1')).status).toBe(0);

    const result = await bnlab('export', '1', '2', '--format', 'pytorch', '--out', path.join(dir, 'both.py'), '--db', db);

    expect(result).toMatchObject({ status: 2, stderr: 'bnlab: a PyTorch script reproduces one run, got 2 runs; export them one at a time\n' });
  });
});
