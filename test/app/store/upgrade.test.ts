// A file made before the latest schema opens after the upgrade, keeps everything, and its runs go
// on: a copy of it is kept first. The old file is made by training with the real code and then
// taking it back to schema version 1 as the first version of BN Lab wrote it (no run_owners, no
// experiment designs, no checkpoint encoding, every epoch's state stored whole); its schema is checked against 0001's.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { LabService } from '../../../app/service/lab-service.ts';
import { latestVersion, MIGRATIONS } from '../../../app/store/migrate.ts';
import { decodeState, type StateEncoding } from '../../../app/store/state-codec.ts';
import { openDb } from '../../../app/store/db.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function firstVersionFile(): Promise<{ file: string; runIds: number[]; epochsStored: number }> {
  const file = path.join(tempDir(), 'lab.db');
  const lab = new LabService({ dbFile: file, poolSize: 1 });
  const { runIds } = lab.createExperiment(experiment('old', [moonsRun('finished', { epochs: 6 }), moonsRun('cut short', { epochs: 40, samples: 2000 })]));
  lab.start(runIds[0]!);
  await lab.waitFor(runIds[0]!);
  lab.start(runIds[1]!);
  await new Promise<void>((resolve) => lab.events.on('event', (e) => e.kind === 'epoch' && e.runId === runIds[1] && e.epoch === 2 && resolve()));
  lab.stop(runIds[1]!);
  await lab.waitFor(runIds[1]!);
  await lab.close();
  const db = new Database(file);
  const states = db.prepare('SELECT run_id AS runId, epoch, state, encoding FROM checkpoints').all() as { runId: number; epoch: number; state: Buffer; encoding: StateEncoding }[];
  const whole = db.prepare('UPDATE checkpoints SET state = ? WHERE run_id = ? AND epoch = ?');
  for (const s of states) whole.run(Buffer.from(decodeState(s.encoding, s.state)), s.runId, s.epoch);
  db.exec('ALTER TABLE checkpoints DROP COLUMN encoding; DROP TABLE run_owners; ALTER TABLE experiments DROP COLUMN design_json; PRAGMA user_version = 1; VACUUM;');
  const { n } = db.prepare('SELECT count(*) AS n FROM epoch_metrics').get() as { n: number };
  db.close();
  return { file, runIds, epochsStored: n };
}

/** Tables, indexes and views as SQL, whitespace aside. */
function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").all() as { sql: string }[];
  db.close();
  return rows.map((r) => r.sql.replace(/\s+/g, ' ').replace(/ ?([(),]) ?/g, '$1'));
}

function states(lab: LabService, runId: number): { epoch: number; encoding: string }[] {
  return lab.db.prepare('SELECT epoch, encoding FROM checkpoints WHERE run_id = ? ORDER BY epoch').all(runId) as { epoch: number; encoding: string }[];
}

test('should make the old file exactly the first schema', async () => {
  const { file } = await firstVersionFile();
  const reference = path.join(tempDir(), 'v1.db');
  openDb(reference, { migrations: MIGRATIONS.slice(0, 1) }).close();
  expect(schemaOf(file)).toEqual(schemaOf(reference));
}, 60_000);

test('should keep a copy of an older file before upgrading it, never thin it, then replay, resume and branch its runs', async () => {
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
    const stopped = lab.listRuns()[1]!.epochsDone;
    expect(stopped).toBe(epochsStored - 6);
    // Every state the first version stored is still there, whole.
    expect(states(lab, runIds[0]!)).toEqual([0, 1, 2, 3, 4, 5, 6].map((epoch) => ({ epoch, encoding: 'raw' })));

    const replayed = await lab.stateAt(runIds[0]!, 4);
    lab.resume(runIds[1]!);
    expect((await lab.waitFor(runIds[1]!)).status).toBe('done');
    // Resuming trains on under the run's own policy (a state every epoch), compressed, keeping the old states as they were.
    expect(states(lab, runIds[1]!).filter((s) => s.epoch <= stopped).every((s) => s.encoding === 'raw')).toBe(true);
    const branch = await lab.branch(runIds[0]!, 3, { optimizer: { lr: 0.001 } });
    lab.start(branch);
    expect((await lab.waitFor(branch)).status).toBe('done');

    // Asked for, gc thins and compresses after a dated copy; a dropped state is trained again bit-identically.
    const result = lab.collectGarbage(5);
    expect(existsSync(result.backup)).toBe(true);
    expect(readdirSync(path.dirname(file)).filter((f) => f.includes('before-gc'))).toHaveLength(1);
    expect(states(lab, runIds[0]!)).toEqual([0, 5, 6].map((epoch) => ({ epoch, encoding: 'shuffle4-deflate' })));
    expect(result.after).toBeLessThan(result.before);
    expect(Buffer.compare(await lab.stateAt(runIds[0]!, 4), replayed)).toBe(0);
  } finally {
    await lab.close();
  }
  // Opening again (now current) makes no second copy.
  expect(existsSync(`${file}.v2.bak`)).toBe(false);
}, 60_000);
