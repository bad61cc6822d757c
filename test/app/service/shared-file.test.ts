// One lab file shared by several processes: a `bnlab run` in a child process, a second lab that
// trains in this process, and readers. Nobody takes another live process's runs, nobody's save
// fails, and a process that dies is seen as gone at once on this machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LabRecords } from '../../../app/service/lab-records.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const children: ChildProcess[] = [];
const labs: LabRecords[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const lab of labs.splice(0)) await lab.close();
});

/** `bnlab run FILE` on `dbFile` in a child process, as a person would start it in another terminal. */
function bnlabRun(dbFile: string, runs: object[]): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const file = path.join(path.dirname(dbFile), `experiment-${children.length}.json`);
  writeFileSync(file, JSON.stringify(experiment('other process', runs)));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'app/cli/bnlab.ts'), 'run', file, '--db', dbFile, '--workers', '1'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exited: new Promise((resolve) => child.on('exit', resolve)), stderr: () => stderr };
}

function lab(dbFile: string, options: Partial<ConstructorParameters<typeof LabService>[0]> = {}): LabService {
  const opened = new LabService({ dbFile, poolSize: 1, ...options });
  labs.push(opened);
  return opened;
}

/** The file as `bnlab list` sees it: read, with nothing written for runs whose process is gone. */
function records(dbFile: string, options: { leaseTimeoutMs?: number } = {}): LabRecords {
  const opened = new LabRecords({ dbFile, ...options });
  labs.push(opened);
  return opened;
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a lab file shared by several processes', () => {
  test('should let two processes train their own runs at once while readers query, with no run failed or taken', async () => {
    const dbFile = path.join(tempDir(), 'lab.db');
    const reader = () => new LabRecords({ dbFile });
    // The child creates the file; its run trains long enough to overlap with everything below.
    const other = bnlabRun(dbFile, [moonsRun('theirs', { epochs: 60, samples: 3000 })]);
    let peek: LabRecords | undefined;
    await until(() => {
      try {
        peek ??= reader();
        return peek.listRuns().some((r) => r.status === 'running' && r.epochsDone >= 1);
      } catch {
        return false; // the file is not made yet
      }
    });
    labs.push(peek!);
    const theirs = peek!.listRuns()[0]!.id;

    // Act: a second lab opens the file to train (which once marked every running run interrupted).
    const mine = lab(dbFile);
    expect(mine.getRun(theirs).status).toBe('running');
    expect(() => mine.resume(theirs)).toThrow(/run \d+ is running in another BN Lab process; only an interrupted/);
    expect(() => mine.deleteRun(theirs)).toThrow(/training in another BN Lab process \(pid \d+\); stop it there before deleting it/);
    const { runIds } = mine.createExperiment(experiment('this process', [moonsRun('ours', { epochs: 40, samples: 3000 })]));
    mine.start(runIds[0]!);
    // Readers (what bnlab list, show and export do) query all the while.
    let reads = 0;
    const reading = setInterval(() => {
      const r = reader();
      try {
        r.listRuns();
        r.epochs(theirs);
        reads++;
      } finally {
        void r.close();
      }
    }, 50);
    const ours = await mine.waitFor(runIds[0]!);
    const code = await other.exited;
    clearInterval(reading);

    // Assert
    expect(ours.status).toBe('done');
    expect(code, other.stderr()).toBe(0);
    expect(other.stderr()).toBe('');
    expect(mine.listRuns().map((r) => [r.name, r.status, r.epochsDone])).toEqual([['theirs', 'done', 60], ['ours', 'done', 40]]);
    expect(reads).toBeGreaterThan(5);
  }, 120_000);

  test('should show a killed process\'s runs as interrupted at once, without writing, and let another process resume them', async () => {
    const dbFile = path.join(tempDir(), 'lab.db');
    const other = bnlabRun(dbFile, [moonsRun('theirs', { epochs: 60, samples: 3000 })]);
    let reader: LabRecords | undefined;
    await until(() => {
      try {
        reader ??= records(dbFile);
        return reader.listRuns().some((r) => r.status === 'running' && r.epochsDone >= 2);
      } catch {
        return false;
      }
    });
    const [run] = reader!.listRuns();

    other.child.kill('SIGKILL');
    await other.exited;

    // The reader sees the truth without any training command having opened the file.
    expect(reader!.listRuns()[0]!.status).toBe('interrupted');
    expect(reader!.getRun(run!.id).status).toBe('interrupted');
    const resumer = lab(dbFile);
    resumer.resume(run!.id);
    expect((await resumer.waitFor(run!.id)).status).toBe('done');
  }, 120_000);

  test('should count a lease that is no longer renewed as gone after the timeout, wherever its process runs', async () => {
    const dbFile = path.join(tempDir(), 'lab.db');
    const owner = lab(dbFile);
    const { runIds: [id] } = owner.createExperiment(experiment('queued elsewhere', [moonsRun('waiting')]));
    // As if the owner were a process on another machine that stopped renewing its lease 2 s ago.
    owner.db.prepare("UPDATE run_owners SET host = 'elsewhere', heartbeat_at = heartbeat_at - 2000").run();

    expect(records(dbFile, { leaseTimeoutMs: 60_000 }).getRun(id!).status).toBe('queued');
    expect(records(dbFile, { leaseTimeoutMs: 1_000 }).getRun(id!).status).toBe('interrupted');
  });
});
