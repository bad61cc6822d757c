// A file made before the latest schema opens after the upgrade, keeps everything, and its runs go
// on: a copy of it is kept first. The old file is made by training with the real code and then
// taking it back to schema version 1 as the first version of BN Lab wrote it (no run_owners, no
// experiment designs, no checkpoint encoding, every epoch's state stored whole, each epoch's layer
// statistics as JSON with γ, β and the running averages repeated); its schema is checked against 0001's.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { LabService } from '../../../app/service/lab-service.ts';
import { latestVersion, MIGRATIONS } from '../../../app/store/migrate.ts';
import { decodeState, type StateEncoding } from '../../../app/store/state-codec.ts';
import { decodeLayerStats } from '../../../app/store/layer-stats-codec.ts';
import { networkFromState } from '../../../app/service/model-state.ts';
import { exportRuns, toCsv } from '../../../app/service/export.ts';
import type { RunSpec } from '../../../app/contract/records.ts';
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
  const specs = new Map((db.prepare('SELECT id, spec_json AS spec FROM runs').all() as { id: number; spec: string }[]).map((r) => [r.id, JSON.parse(r.spec) as RunSpec]));
  const rows = db.prepare('SELECT run_id AS runId, epoch, layer_stats AS stats FROM epoch_metrics').all() as { runId: number; epoch: number; stats: Buffer }[];
  const asJson = db.prepare('UPDATE epoch_metrics SET layers_json = ? WHERE run_id = ? AND epoch = ?');
  for (const row of rows) asJson.run(JSON.stringify(firstVersionLayers(specs.get(row.runId)!, row.stats, states.find((s) => s.runId === row.runId && s.epoch === row.epoch)!)), row.runId, row.epoch);
  db.exec(`ALTER TABLE checkpoints DROP COLUMN encoding; DROP TABLE run_owners; ALTER TABLE experiments DROP COLUMN design_json;
    ALTER TABLE epoch_metrics DROP COLUMN layer_stats; PRAGMA user_version = 1; VACUUM;`);
  const { n } = db.prepare('SELECT count(*) AS n FROM epoch_metrics').get() as { n: number };
  db.close();
  return { file, runIds, epochsStored: n };
}

/** An epoch's layer statistics as the first version stored them: each BN layer's state after the epoch repeated beside its batch's. */
function firstVersionLayers(spec: RunSpec, stats: Buffer, state: { state: Buffer; encoding: StateEncoding }) {
  const net = networkFromState(spec, decodeState(state.encoding, state.state));
  return decodeLayerStats(stats).map((layer) => {
    const bn = net.hidden[layer.layer]?.bn;
    if (!layer.bn || !bn) return layer;
    const { gamma, beta, runningMean, runningVar } = bn;
    return { ...layer, bn: { ...layer.bn, runningMean: Array.from(runningMean), runningVar: Array.from(runningVar), gamma: Array.from(gamma), beta: Array.from(beta) } };
  });
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

test('should read epoch rows an older BN Lab stored as JSON, export their per-unit BN columns, and compact them only when gc is asked', async () => {
  const { file, runIds } = await firstVersionFile();
  const old = new Database(file, { readonly: true });
  const json = (old.prepare('SELECT layers_json AS layers FROM epoch_metrics WHERE run_id = ? ORDER BY epoch').all(runIds[0]) as { layers: string }[])
    .map((r) => JSON.parse(r.layers) as { bn: { batchMean: number[]; gamma: number[]; runningVar: number[] } | null }[]);
  old.close();

  const lab = new LabService({ dbFile: file, poolSize: 1 });
  try {
    const column = (csv: string, name: string) => {
      const [header, ...lines] = csv.trim().split('\r\n');
      const at = header!.split(',').indexOf(name);
      expect(at, name).toBeGreaterThan(0);
      return lines.filter((l) => l.includes(',finished,')).map((l) => Number(l.split(',')[at]));
    };
    const csv = async () => toCsv(await exportRuns(lab, runIds, 'test'));
    const before = await csv();
    const rows = lab.epochs(runIds[0]!);
    expect(rows.map((r) => r.layers.map((l) => l.bn))).toEqual(json.map((layers) => layers.map((l) => l.bn)));
    expect(lab.db.prepare('SELECT count(*) AS n FROM epoch_metrics WHERE layer_stats IS NOT NULL').get()).toEqual({ n: 0 });
    expect(column(before, 'layer1_bn_gamma_u3')).toEqual(json.map((layers) => layers[1]!.bn!.gamma[3]));
    expect(column(before, 'layer0_bn_running_var_u0')).toEqual(json.map((layers) => layers[0]!.bn!.runningVar[0]));

    // gc rewrites the rows compactly, without the BN state the runs' states hold, and thins the
    // states; the export then trains the dropped epochs again and writes the same file.
    const result = lab.collectGarbage(5);
    expect(result.compacted).toBe(lab.db.prepare('SELECT count(*) AS n FROM epoch_metrics').pluck().get());
    expect(lab.db.prepare("SELECT count(*) AS n FROM epoch_metrics WHERE layer_stats IS NULL OR layers_json <> 'null'").get()).toEqual({ n: 0 });
    const batchOnly = rows.map((r) => ({ ...r, layers: r.layers.map((l) => ({ ...l, bn: l.bn && { batchMean: l.bn.batchMean, batchVar: l.bn.batchVar } })) }));
    expect(lab.epochs(runIds[0]!)).toEqual(batchOnly);
    expect(lab.listCheckpoints(runIds[0]!).map((c) => c.epoch)).toEqual([0, 5, 6]);
    expect(await csv()).toBe(before);
  } finally {
    await lab.close();
  }
}, 60_000);
