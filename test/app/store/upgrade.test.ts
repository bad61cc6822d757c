// A file made before the latest schema opens after the upgrade, keeps everything, and its runs go
// on: a copy of it is kept first. The old file is made by training with the real code and then
// taking it back to schema version 1 as the first version of BN Lab wrote it (no run_owners, no
// experiment designs).
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { LabService } from '../../../app/service/lab-service.ts';
import { latestVersion, MIGRATIONS } from '../../../app/store/migrate.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function firstVersionFile(): Promise<{ file: string; runIds: number[]; epochsStored: number }> {
  const file = path.join(tempDir(), 'lab.db');
  const lab = new LabService({ dbFile: file, poolSize: 1 });
  const { runIds } = lab.createExperiment(experiment('old', [moonsRun('finished', { epochs: 3 }), moonsRun('cut short', { epochs: 40, samples: 2000 })]));
  lab.start(runIds[0]!);
  await lab.waitFor(runIds[0]!);
  lab.start(runIds[1]!);
  await new Promise<void>((resolve) => lab.events.on('event', (e) => e.kind === 'epoch' && e.runId === runIds[1] && e.epoch === 2 && resolve()));
  lab.stop(runIds[1]!);
  await lab.waitFor(runIds[1]!);
  await lab.close();
  const db = new Database(file);
  db.exec('DROP TABLE run_owners; ALTER TABLE experiments DROP COLUMN design_json; PRAGMA user_version = 1;');
  const { n } = db.prepare('SELECT count(*) AS n FROM epoch_metrics').get() as { n: number };
  db.close();
  return { file, runIds, epochsStored: n };
}

test('should keep a copy of an older file before upgrading it, then resume and branch its runs', async () => {
  const { file, runIds, epochsStored } = await firstVersionFile();

  const lab = new LabService({ dbFile: file, poolSize: 1 });
  try {
    // The copy is the file as it was: version 1, every run and epoch.
    const backup = new Database(`${file}.v1.bak`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT count(*) AS n FROM epoch_metrics').get()).toEqual({ n: epochsStored });
    backup.close();
    expect(lab.db.pragma('user_version', { simple: true })).toBe(latestVersion(MIGRATIONS));

    expect(lab.listRuns().map((r) => r.status)).toEqual(['done', 'interrupted']);
    expect(lab.listRuns()[1]!.epochsDone).toBe(epochsStored - 3);
    lab.resume(runIds[1]!);
    expect((await lab.waitFor(runIds[1]!)).status).toBe('done');
    const branch = lab.branch(runIds[0]!, 2, { optimizer: { lr: 0.001 } });
    lab.start(branch);
    expect((await lab.waitFor(branch)).status).toBe('done');
  } finally {
    await lab.close();
  }
  // Opening again (now current) makes no second copy.
  expect(existsSync(`${file}.v2.bak`)).toBe(false);
}, 60_000);
