// A disk that fills while a run trains, on a real small file system (tmpfs, so Linux and root only):
// bnlab says so on stderr, the run stays resumable, and once there is space again it resumes and
// finishes bit-identical to a run that never ran out.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { bnlab } from '../../helpers/bnlab.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { readLabFile, writeExperiment } from './lab-files.ts';

const canMount = process.platform === 'linux' && process.getuid?.() === 0;
if (!canMount) console.warn('[disk full] SKIPPED: a small tmpfs needs Linux and root');

const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync('umount', [dir]);
});

test.skipIf(!canMount)('should say the disk is full on stderr, keep the run resumable, and resume it bit-identical once there is space', async () => {
  const dir = tempDir();
  const file = writeExperiment(dir, experiment('full', [moonsRun('r', { epochs: 150, samples: 200, checkpointEvery: 10 })]));
  const straightDb = path.join(dir, 'straight.db');
  expect((await bnlab('run', file, '--db', straightDb, '--workers', '1')).status).toBe(0);

  const small = path.join(dir, 'small');
  mkdirSync(small);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', small]);
  mounted.push(small);
  const db = path.join(small, 'lab.db');

  const full = await bnlab('run', file, '--db', db, '--workers', '1');
  expect(full.status).toBe(1);
  expect(full.stderr).toContain(`the disk holding ${db} is full`);
  const stopped = readLabFile(db).runs[0]!;
  expect(stopped.epochs_done).toBeGreaterThan(0);
  expect(stopped.epochs_done).toBeLessThan(150);

  execFileSync('mount', ['-o', 'remount,size=64m', small]);
  const resumed = await bnlab('resume', '1', '--db', db, '--workers', '1');
  expect(resumed.stderr).toBe('');
  expect(resumed.status).toBe(0);

  const [after, straight] = [readLabFile(db), readLabFile(straightDb)];
  expect(after.runs).toEqual([{ id: 1, status: 'done', epochs_done: 150 }]);
  const rows = (f: typeof after) => f.epochs.map(({ wall_ms: _w, recorded_at: _r, ...rest }) => rest);
  expect(rows(after)).toEqual(rows(straight));
  expect(after.checkpoints.map((c) => c.epoch)).toEqual(straight.checkpoints.map((c) => c.epoch));
  for (const [i, c] of straight.checkpoints.entries()) expect(Buffer.compare(after.checkpoints[i]!.state, c.state), `checkpoint ${c.epoch}`).toBe(0);
}, 120_000);
