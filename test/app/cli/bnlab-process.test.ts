// The bnlab command as a person runs it, a real child process, for what only a process shows: one
// process per exit code it promises (0, 1, 2, and 130/143/129 for the signals that stop training),
// and a run killed with -9 that resumes bit-identical.
// Its wording is tested in this process through main() in cli.test.ts and cli-export.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bnlab } from '../../helpers/bnlab.ts';
import { experiment, moonsRun, UNENDING_EPOCHS } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { readLabFile, writeExperiment } from './lab-files.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ENTRY = ['--import', 'tsx', path.join(ROOT, 'app/cli/bnlab.ts')];

function bnlabProcess(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...ENTRY, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, BNLAB_DB: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bnlab as a process', () => {
  test('should exit 0 once its runs are trained, and end with nothing left holding it open', () => {
    const dir = tempDir();
    const file = writeExperiment(dir, experiment('cli', [moonsRun('bn', { epochs: 2, samples: 100 })]));

    const run = bnlabProcess('run', file, '--db', path.join(dir, 'lab.db'));

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('experiment 1: run ids 1');
  }, 60_000);

  test('should exit 1 when a file cannot be written', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const file = writeExperiment(dir, experiment('cli', [moonsRun('bn', { epochs: 1, samples: 100 })]));
    expect((await bnlab('run', file, '--db', db)).status).toBe(0);
    const missing = path.join(dir, 'no-such-folder', 'r.html');

    expect(bnlabProcess('export', '1', '--format', 'html', '--out', missing, '--db', db)).toEqual({
      status: 1, stdout: '', stderr: `bnlab: cannot write ${missing}: the folder ${path.dirname(missing)} does not exist\n`,
    });
  }, 60_000);

  test('should exit 2 for bad input', () => {
    const dir = tempDir();
    const bad = writeExperiment(dir, experiment('bad', [{ ...moonsRun('r'), network: { layers: [{ units: 0 }] } }]));

    const result = bnlabProcess('run', bad, '--db', path.join(dir, 'lab.db'));

    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: 'bnlab: runs[0].network.layers[0].units must be an integer from 1 to 65536, got 0\n' });
  }, 60_000);

  test('should resume a run after kill -9 and finish bit-identical to a run that was never interrupted', async () => {
    const dir = tempDir();
    const file = writeExperiment(dir, experiment('kill', [moonsRun('r', { epochs: 30, samples: 3000 })]));
    const straightDb = path.join(dir, 'straight.db');
    expect((await bnlab('run', file, '--db', straightDb, '--workers', '1')).status).toBe(0);

    const killedDb = path.join(dir, 'killed.db');
    const child = spawn(process.execPath, [...ENTRY, 'run', file, '--db', killedDb, '--workers', '1'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await until(() => {
      try {
        return readLabFile(killedDb).runs[0]!.epochs_done >= 5;
      } catch {
        return false; // not created yet
      }
    });
    child.kill('SIGKILL');
    await exited;
    const atKill = readLabFile(killedDb).runs[0]!;
    expect(atKill.status).toBe('running');
    expect(atKill.epochs_done).toBeLessThan(30);

    const resumed = await bnlab('resume', '1', '--db', killedDb, '--workers', '1');
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);

    const straight = readLabFile(straightDb);
    const killed = readLabFile(killedDb);
    expect(killed.runs).toEqual([{ id: 1, status: 'done', epochs_done: 30 }]);
    const rows = (db: typeof straight) => db.epochs.map(({ wall_ms: _w, recorded_at: _r, ...rest }) => rest);
    expect(rows(killed)).toEqual(rows(straight));
    expect(killed.checkpoints.map((c) => c.epoch)).toEqual(straight.checkpoints.map((c) => c.epoch));
    for (let i = 0; i < straight.checkpoints.length; i++) {
      expect(Buffer.compare(killed.checkpoints[i]!.state, straight.checkpoints[i]!.state), `checkpoint ${straight.checkpoints[i]!.epoch}`).toBe(0);
    }
  }, 120_000);
});

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Windows has no signals to send a process: kill() there ends it outright, so these run elsewhere.
if (process.platform === 'win32') console.warn('[bnlab] SKIPPED the signal tests: Windows cannot send SIGINT, SIGTERM or SIGHUP to a process');

describe.skipIf(process.platform === 'win32')('bnlab stopped by a signal', () => {
  const signals: [NodeJS.Signals, number][] = [['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]];

  test.each(signals)('should stop its runs at the last checkpoint on %s, leave them interrupted and exit %i', async (signal, code) => {
    const dir = tempDir();
    const db = path.join(dir, 'lab.db');
    const file = writeExperiment(dir, experiment('signal', [moonsRun('long', { epochs: UNENDING_EPOCHS, samples: 3000 }), moonsRun('queued behind it', { epochs: 5 })]));
    const child = spawn(process.execPath, [...ENTRY, 'run', file, '--db', db, '--workers', '1'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await until(() => {
      try {
        return readLabFile(db).runs[0]!.epochs_done >= 2;
      } catch {
        return false;
      }
    });

    child.kill(signal);

    expect(await exited).toBe(code);
    expect(stderr).toContain(`${signal}: stopping; each run keeps its last checkpoint`);
    // The queued run too: none is left queued or running for ever.
    expect(readLabFile(db).runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
  }, 60_000);
});

describe.skipIf(process.platform === 'win32')('browser mode stopped by a signal', () => {
  test('should close the lab file and exit 143 on SIGTERM', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'app/web/serve.ts'), '--port', '0', '--db', path.join(dir, 'lab.db')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await until(() => output.includes('BN Lab is running'));

    child.kill('SIGTERM');

    expect(await exited).toBe(143);
    expect(output).toContain('SIGTERM: stopping; runs keep their last checkpoint');
  }, 60_000);
});
