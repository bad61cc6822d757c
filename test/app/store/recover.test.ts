// A damaged lab file: `bnlab check` finds the damage, and `bnlab recover` copies what is still
// readable into a new file that opens, trains and replays, while the damaged one stays as it was.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { LabService } from '../../../app/service/lab-service.ts';
import { bnlab } from '../../helpers/bnlab.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function trainedFile(): Promise<string> {
  const file = path.join(tempDir(), 'lab.db');
  const lab = new LabService({ dbFile: file, poolSize: 1 });
  const { runIds } = lab.createExperiment(experiment('kept', [moonsRun('a', { epochs: 30 }), moonsRun('b', { epochs: 30, batchNorm: false })]));
  for (const id of runIds) lab.start(id);
  for (const id of runIds) await lab.waitFor(id);
  lab.db.pragma('wal_checkpoint(TRUNCATE)');
  await lab.close();
  return file;
}

const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('check and recover', () => {
  test('should copy a sound file whole, every row, into a new file that opens and resumes', async () => {
    const file = await trainedFile();
    const out = path.join(path.dirname(file), 'recovered.db');

    expect(await bnlab('check', '--db', file)).toMatchObject({ status: 0, stdout: `${file}: ok\n` });
    const recovered = await bnlab('recover', '--db', file, '--out', out);

    expect(recovered.status).toBe(0);
    for (const table of ['experiments', 'datasets', 'runs', 'epoch_metrics', 'checkpoints']) expect(count(out, table), table).toBe(count(file, table));
    const lab = new LabService({ dbFile: out, poolSize: 1 });
    try {
      expect(lab.listRuns().map((r) => [r.name, r.status, r.epochsDone])).toEqual([['a', 'done', 30], ['b', 'done', 30]]);
      const branch = await lab.branch(1, 10, { optimizer: { lr: 0.001 } });
      lab.start(branch);
      expect((await lab.waitFor(branch)).status).toBe('done');
    } finally {
      await lab.close();
    }
  }, 60_000);

  test('should find damage, refuse the file as a lab, and recover the rest without changing it', async () => {
    const file = await trainedFile();
    // Zeros over two pages in the middle of the checkpoints' pages (dbstat numbers pages from 1).
    const pages = new Database(file, { readonly: true });
    const used = (pages.prepare("SELECT pageno FROM dbstat WHERE name = 'checkpoints' ORDER BY pageno").all() as { pageno: number }[]).map((p) => p.pageno);
    pages.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0), 0, 8192, (used[Math.floor(used.length / 2)]! - 1) * 4096);
    closeSync(fd);
    const before = digest(file);
    const out = path.join(path.dirname(file), 'recovered.db');

    const checked = await bnlab('check', '--db', file);
    const listed = await bnlab('list', '--db', file);
    const recovered = await bnlab('recover', '--db', file, '--out', out);

    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain(`bnlab: ${file} is damaged; \`bnlab recover --db ${file} --out NEW.db\` copies what is still readable`);
    // Read commands still read it, saying so; a command that would write to it is refused.
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/\ba\b[\s\S]*\bb\b/);
    const [why, advice] = listed.stderr.split('\n');
    expect(why).toMatch(/^bnlab: .+ is damaged \(.+\)$/);
    expect(why).toContain(file);
    expect(advice).toBe(`bnlab: read it without writing to it; \`bnlab recover --db ${file} --out NEW.db\` copies what is readable into a new file`);
    const resumed = await bnlab('resume', '1', '--db', file);
    expect(resumed).toMatchObject({ status: 1, stderr: expect.stringContaining(`${file} is damaged`) });
    expect(recovered.status).toBe(0);
    expect(recovered.stdout).toMatch(/^experiments: 1 copied\n/);
    expect(digest(file)).toBe(before);
    // The new file is sound and holds the runs, whatever of their checkpoints the damage took.
    expect(await bnlab('check', '--db', out)).toMatchObject({ status: 0 });
    expect(count(out, 'runs')).toBe(2);
    // 60 metric rows and 62 checkpoints (epochs 0-30 of two runs) were stored: most are back, not all.
    const back = count(out, 'epoch_metrics') + count(out, 'checkpoints');
    expect(back).toBeLessThan(60 + 62);
    expect(back).toBeGreaterThan(100);
  }, 60_000);
});
