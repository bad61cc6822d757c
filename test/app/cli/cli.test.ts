// The bnlab command's words, in this process through main() on real SQLite files: each case costs
// no child process. The exit codes the real command exits with, and kill -9, are in bnlab-process.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bnlab } from '../../helpers/bnlab.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { readLabFile, writeExperiment } from './lab-files.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

describe('bnlab', () => {
  test('should train an experiment, list it as JSON, show it and export it as JSON and CSV', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const file = writeExperiment(dir, experiment('cli', [moonsRun('bn', { epochs: 3 }), moonsRun('plain', { epochs: 3, batchNorm: false })]));

    const run = await bnlab('run', file, '--db', db);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('experiment 1: run ids 1, 2');
    expect(run.stdout).toMatch(/run 1 done {2}validation loss [\d.]+ accuracy [\d.]+/);

    const list = JSON.parse((await bnlab('list', '--json', '--db', db)).stdout) as { id: number; name: string; status: string; epochsDone: number }[];
    expect(list.map(({ id, name, status, epochsDone }) => ({ id, name, status, epochsDone }))).toEqual([
      { id: 1, name: 'bn', status: 'done', epochsDone: 3 },
      { id: 2, name: 'plain', status: 'done', epochsDone: 3 },
    ]);

    const show = await bnlab('show', '1', '--db', db);
    expect(show.stdout).toContain('network     2 inputs -> 16 relu + BN, 16 relu + BN -> 2 softmax_ce');
    expect(show.stdout).toContain('optimizer   adam: lr 0.01, beta1 0.9, beta2 0.999, eps 1e-8, weightDecay 0');

    const json = path.join(dir, 'runs.json');
    expect((await bnlab('export', '1', '2', '--format', 'json', '--out', json, '--db', db)).status).toBe(0);
    const data = JSON.parse(readFileSync(json, 'utf8'));
    expect(data.runs).toHaveLength(2);
    expect(data.runs[0].spec.network.layers[0]).toEqual({ units: 16, activation: 'relu', batchNorm: true });
    expect(data.runs[0].epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2, 3]);
    const tensors = data.runs[0].finalParameters.tensors.map((t: { layer: number; name: string; shape: number[] }) => `${t.layer}.${t.name}[${t.shape}]`);
    expect(tensors).toEqual(['0.W[16,2]', '0.bn_gamma[16]', '0.bn_beta[16]', '0.bn_running_mean[16]', '0.bn_running_var[16]',
      '1.W[16,16]', '1.bn_gamma[16]', '1.bn_beta[16]', '1.bn_running_mean[16]', '1.bn_running_var[16]', '2.W[2,16]', '2.b[2]']);

    const csv = path.join(dir, 'runs.csv');
    expect((await bnlab('export', '1', '2', '--format', 'csv', '--out', csv, '--db', db)).status).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\ufeffexperiment,')).toBe(true); // the mark that makes Excel read UTF-8
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 6);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 8)).toEqual(['experiment', 'run_id', 'run', 'status', 'epochs_done', 'epoch', 'steps', 'train_loss']);
    expect(lines[1]!.split(',').slice(3, 5)).toEqual(['done', '3']);
    expect(header).toContain('layer0_bn_beta_u15');
    const storedLoss = readLabFile(db).epochs[0] as unknown as { train_loss: number };
    expect(Number(lines[1]!.split(',')[header.indexOf('train_loss')])).toBe(storedLoss.train_loss);
  }, 60_000);

  test('should continue a done run for more epochs as the same run, and say what is missing', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    expect((await bnlab('run', writeExperiment(dir, experiment('cli', [moonsRun('r', { epochs: 2 })])), '--db', db)).status).toBe(0);
    expect(await bnlab('continue', '1', '--db', db)).toMatchObject({ status: 2, stderr: 'bnlab: missing --more N: how many more epochs to train\n' });
    const more = await bnlab('continue', '1', '--more', '3', '--db', db);
    expect(more).toMatchObject({ status: 0, stderr: '' });
    expect(more.stdout).toMatch(/run 1 done/);
    const list = JSON.parse((await bnlab('list', '--json', '--db', db)).stdout) as { id: number; epochsDone: number; epochsTotal: number }[];
    expect(list.map(({ id, epochsDone, epochsTotal }) => ({ id, epochsDone, epochsTotal }))).toEqual([{ id: 1, epochsDone: 5, epochsTotal: 5 }]);
  }, 60_000);

  test('should read an experiment file saved with a byte-order mark, as Windows Notepad saves it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notepad.json');
    writeFileSync(file, `\ufeff${JSON.stringify(experiment('notepad', [moonsRun('r', { epochs: 1, samples: 100 })]))}`);

    expect(await bnlab('run', file, '--db', path.join(dir, 'lab.db'))).toMatchObject({ status: 0, stderr: '' });
  }, 60_000);

  test('should train a design (base, factors, repeats) with one progress line for the whole experiment, its CSV found from the base', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const rows = Array.from({ length: 80 }, (_, i) => `${Math.cos(i)},${Math.sin(i * 1.7)},${i % 2 ? 'a' : 'b'}`);
    writeFileSync(path.join(dir, 'points.csv'), ['x1,x2,label', ...rows].join('\n'));
    const { name: _name, ...base } = { ...moonsRun('csv', { epochs: 2 }), dataset: { kind: 'csv', path: 'points.csv', target: 'label' } };
    const file = writeExperiment(dir, { name: 'sweep', base, vary: { 'optimizer.lr': [0.01, 0.1] }, repeats: 2 });

    const run = await bnlab('run', file, '--db', db);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toContain('experiment 1: run ids 1, 2, 3, 4');
    // Not a TTY: one line per tenth of all runs' epochs, each naming the experiment, never a run.
    const progress = run.stdout.split('\n').filter((line) => line.includes('#') || line.includes('...'));
    expect(progress.length).toBeGreaterThan(0);
    for (const line of progress) expect(line).toMatch(/^1 sweep .*\/8 \d\/4 runs ended/);
    expect(progress.at(-1)).toMatch(/8\/8 4\/4 runs ended/);
    const listed = JSON.parse((await bnlab('list', '--json', '--db', db)).stdout) as { name: string }[];
    expect(listed.map((r) => r.name)).toEqual(['lr 0.01, seed 1', 'lr 0.01, seed 2', 'lr 0.1, seed 1', 'lr 0.1, seed 2']);
  }, 60_000);

  test('should read a CSV named relative to the experiment file, and find it again from any folder', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const rows = Array.from({ length: 80 }, (_, i) => `${Math.cos(i)},${Math.sin(i * 1.7)},${i % 2 ? 'a' : 'b'}`);
    writeFileSync(path.join(dir, 'points.csv'), ['x1,x2,label', ...rows].join('\n'));
    const run = { ...moonsRun('csv', { epochs: 2 }), dataset: { kind: 'csv', path: 'points.csv', target: 'label' } };
    const file = writeExperiment(dir, experiment('csv', [run]));

    expect((await bnlab('run', file, '--db', db)).status).toBe(0); // from the repository's folder, not the file's
    const stored = JSON.parse((await bnlab('show', '1', '--json', '--db', db)).stdout) as { spec: { dataset: { path: string } } };
    expect(stored.spec.dataset.path).toBe(path.join(dir, 'points.csv'));
    const report = path.join(dir, 'report.html');
    expect(await bnlab('export', '1', '--out', report, '--db', db)).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(report, 'utf8')).toContain('id="chart-boundary-run-1-epoch-2"');
  }, 60_000);

  test('should print one readable line per problem on stderr and exit 2 for bad input', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const bad = writeExperiment(dir, experiment('bad', [{ ...moonsRun('r'), network: { layers: [{ units: 0 }] } }]));
    const threeBad = path.join(dir, 'three.json');
    const base = moonsRun('r');
    writeFileSync(threeBad, JSON.stringify(experiment('three', [
      { ...base, training: { ...base.training, epochs: 0 }, optimizer: { kind: 'adam', lr: -1 } },
      { ...moonsRun('s'), dataset: { kind: 'moons', noise: 'lots' } },
    ])));
    const cases: [string[], string][] = [
      [['run', bad, '--db', db], 'bnlab: runs[0].network.layers[0].units must be an integer from 1 to 65536, got 0\n'],
      // Every problem of a file, one line each, not only the first.
      [['run', threeBad, '--db', db], [
        'bnlab: runs[0].training.epochs must be an integer from 1 to 100000, got 0',
        'bnlab: runs[0].optimizer.lr must be a finite number > 0, got -1',
        'bnlab: runs[1].dataset.noise must be a number from 0 to 10, got "lots"',
        '',
      ].join('\n')],
      [['run', path.join(dir, 'missing.json'), '--db', db], `bnlab: cannot read experiment file ${path.join(dir, 'missing.json')}: ENOENT: no such file or directory, open '${path.join(dir, 'missing.json')}'\n`],
      [['show', '7', '--db', db], 'bnlab: there is no run 7\n'],
      [['show', 'seven', '--db', db], 'bnlab: RUN must be a run id (a whole number >= 1), got "seven"\n'],
      [['frobnicate', '--db', db], 'bnlab: unknown command "frobnicate" (commands: run, resume, continue, branch, list, show, probe, export, import, gc, vacuum, check, recover)\n'],
      [['list', '--colour', '--db', db], 'bnlab: unknown option --colour for "list" (known: --db, --json)\n'],
      [['list', '-x', '--db', db], 'bnlab: unknown option -x for "list" (known: --db, --json)\n'],
      [['list', '--json=yes', '--db', db], 'bnlab: --json takes no value\n'],
      [['show', '1', '--db'], 'bnlab: --db needs a value\n'],
    ];
    for (const [args, stderr] of cases) {
      const result = await bnlab(...args);
      expect({ args, status: result.status, stderr: result.stderr }).toEqual({ args, status: 2, stderr });
    }
    // No command at all: the usage is the error, on stderr; asked for with --help it is output.
    const bare = await bnlab();
    expect({ status: bare.status, stdout: bare.stdout }).toEqual({ status: 2, stdout: '' });
    expect(bare.stderr).toMatch(/^bnlab \d+\.\d+\.\d+: train and compare/);
    expect(await bnlab('--help')).toMatchObject({ status: 0, stderr: '', stdout: bare.stderr });
    expect(await bnlab('-h')).toMatchObject({ status: 0, stdout: bare.stderr });
    expect(await bnlab('--version', '--db', db)).toMatchObject({ status: 0, stderr: '', stdout: expect.stringMatching(/^bnlab \d+\.\d+\.\d+\n$/) });
  }, 60_000);
});
