// `bnlab export` and `bnlab import` in this process through main(), on real files: each case costs
// no child process (the exit codes the real command exits with are in test/app/cli/bnlab-process.test.ts).
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, onTestFinished, test, vi } from 'vitest';
import { bnlab } from '../../helpers/bnlab.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

describe('bnlab export and import', () => {
  test('should export an HTML report and a JSON file, refuse unwritable targets, and import the JSON elsewhere', async () => {
    // Arrange
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const file = path.join(dir, 'experiment.json');
    writeFileSync(file, JSON.stringify(experiment('cli', [moonsRun('bn', { epochs: 2 }), moonsRun('plain', { epochs: 2, batchNorm: false })])));
    expect((await bnlab('run', file, '--db', db)).status).toBe(0);

    // Act + Assert: HTML, with the progress of two runs on stderr.
    const html = path.join(dir, 'report.html');
    const exported = await bnlab('export', '1', '2', '--format', 'html', '--out', html, '--boundary-epochs', '1', '--db', db);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/^wrote .*report\.html \(2 runs, html, [\d.]+ [kM]B\)\n$/);
    expect(exported.stderr).toContain('exporting runs       [########################] 2/2');
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<script type="text\/plain" id="report-figures" data-encoding="[a-z0-9-]+">/);
    expect(page).toContain('id="chart-boundary-run-2-epoch-2"');

    // Unwritable targets: exit 1 and one line naming why, before any work; nothing is left behind.
    const missing = path.join(dir, 'no-such-folder', 'r.html');
    expect(await bnlab('export', '1', '--format', 'html', '--out', missing, '--db', db)).toEqual({
      status: 1, stdout: '', stderr: `bnlab: cannot write ${missing}: the folder ${path.dirname(missing)} does not exist\n`,
    });
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    expect((await bnlab('export', '1', '--format', 'html', '--out', folder, '--db', db)).stderr).toBe(`bnlab: cannot write ${folder}: it is a folder; give a file name\n`);
    expect(await bnlab('export', '1', '--format', 'xml', '--out', html, '--db', db)).toMatchObject({ status: 2, stderr: 'bnlab: --format must be one of json, csv, html, pdf, pytorch, got "xml"\n' });
    vi.stubEnv('BNLAB_CHROMIUM', path.join(dir, 'no-chromium')); // a real variable, read by the real lookup
    onTestFinished(() => void vi.unstubAllEnvs());
    const noChromium = await bnlab('export', '1', '--format', 'pdf', '--out', path.join(dir, 'r.pdf'), '--db', db);
    expect(noChromium.status).toBe(1);
    expect(noChromium.stderr).toMatch(/^bnlab: PDF export needs Chromium or Chrome, and none was found .*\n$/);
    expect(existsSync(path.join(dir, 'r.pdf'))).toBe(false);

    // JSON into another database.
    const json = path.join(dir, 'runs.json');
    expect((await bnlab('export', '1', '2', '--format', 'json', '--out', json, '--db', db)).status).toBe(0);
    const other = path.join(dir, 'other.db');
    const imported = await bnlab('import', json, '--db', other);
    expect(imported).toEqual({ status: 0, stdout: 'imported 2 runs into experiment 1: run ids 1, 2\n', stderr: '' });
    const list = async (file: string) => (JSON.parse((await bnlab('list', '--json', '--db', file)).stdout) as { name: string; status: string; epochsDone: number }[]).map(({ name, status, epochsDone }) => ({ name, status, epochsDone }));
    expect(await list(other)).toEqual(await list(db));
    expect(await bnlab('import', html, '--db', other)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^bnlab: .*report\.html is not valid JSON: /) });
  }, 60_000);

  test('should replace only an earlier export: never the database, another database or a device, and keep links and modes', async () => {
    // Arrange
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const file = path.join(dir, 'experiment.json');
    writeFileSync(file, JSON.stringify(experiment('targets', [moonsRun('bn', { epochs: 1 })])));
    expect((await bnlab('run', file, '--db', db)).status).toBe(0);
    const listed = (await bnlab('list', '--db', db)).stdout;

    // Act + Assert: the lab's database, a copy of it, its journal and a device are refused, and stay as they were.
    const copy = path.join(dir, 'backup.sqlite');
    copyFileSync(db, copy);
    const before = readFileSync(copy);
    expect(await bnlab('export', '1', '--format', 'csv', '--out', db, '--db', db)).toMatchObject({ status: 1, stderr: `bnlab: cannot write ${db}: it is the lab's database; choose another file name\n` });
    expect((await bnlab('export', '1', '--format', 'csv', '--out', copy, '--db', db)).stderr).toBe(`bnlab: cannot write ${copy}: it is an SQLite database, which an export would destroy; choose another file name\n`);
    expect((await bnlab('export', '1', '--format', 'csv', '--out', '/dev/null', '--db', db)).stderr).toBe('bnlab: cannot write /dev/null: it is not a plain file (a device, pipe or socket)\n');
    expect(readFileSync(copy).equals(before)).toBe(true);
    expect((await bnlab('list', '--db', db)).stdout).toBe(listed);

    // An earlier export behind a link is replaced where it is, with its mode; the link stays a link.
    const real = path.join(dir, 'real.csv');
    writeFileSync(real, 'old');
    chmodSync(real, 0o600);
    const link = path.join(dir, 'latest.csv');
    symlinkSync(real, link);
    expect((await bnlab('export', '1', '--out', link, '--db', db)).stdout).toMatch(/^wrote .*latest\.csv \(1 run, csv, /);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toMatch(/^\ufeffexperiment,run_id,run,status,epochs_done,epoch,/);
    expect(statSync(real).mode & 0o777).toBe(0o600);

    // The format comes from the name when not given; a name that says none, or a mismatched option, is bad input.
    expect((await bnlab('export', '1', '--out', path.join(dir, 'r.html'), '--db', db)).stdout).toMatch(/\(1 run, html, /);
    expect(await bnlab('export', '1', '--out', path.join(dir, 'runs'), '--db', db)).toMatchObject({ status: 2, stderr: expect.stringContaining('--format json|csv|html|pdf|pytorch is required') });
    expect(await bnlab('export', '1', '--out', path.join(dir, 'r.csv'), '--boundary-epochs', '1', '--db', db)).toMatchObject({ status: 2, stderr: 'bnlab: --boundary-epochs is for html and pdf reports, not csv\n' });

    // - is standard output.
    const piped = await bnlab('export', '1', '--format', 'json', '--out', '-', '--db', db);
    expect(piped.status).toBe(0);
    expect((JSON.parse(piped.stdout) as { runs: unknown[] }).runs).toHaveLength(1);
    expect(piped.stderr).toBe('wrote 1 run as json to standard output\n');
  }, 60_000);
});
