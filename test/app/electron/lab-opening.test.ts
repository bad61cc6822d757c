// The desktop app's answer to a lab file that will not open, on real files: recover it into a new
// file and go on with that, open another, or quit; the file that failed is never changed. The
// dialogs are Electron's, which cannot run here: the person's answers are scripted.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openLabOrChoose, switchLabOrChoose, type LabOpeningDialogs, type OpeningChoice } from '../../../app/electron/lab-opening.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const open: LabService[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((lab) => lab.close()));
});
const openLab = (file: string) => {
  const lab = new LabService({ dbFile: file, poolSize: 1 });
  open.push(lab);
  return lab;
};
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function damagedFile(): Promise<string> {
  const file = path.join(tempDir(), 'lab.db');
  const lab = new LabService({ dbFile: file, poolSize: 1 });
  const { runIds } = lab.createExperiment(experiment('kept', [moonsRun('a', { epochs: 20 })]));
  lab.start(runIds[0]!);
  await lab.waitFor(runIds[0]!);
  lab.db.pragma('wal_checkpoint(TRUNCATE)');
  await lab.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(8192, 0), 0, 8192, Math.floor(statSync(file).size / 2 / 4096) * 4096);
  closeSync(fd);
  return file;
}

/** Answers in order, and what the flow asked. */
function scripted(choices: OpeningChoice[], files: { other?: string; recovery?: string }) {
  const asked: { file: string; message: string; canRecover: boolean }[] = [];
  const shown: string[] = [];
  const dialogs: LabOpeningDialogs = {
    askWhatToDo: async (file, message, canRecover) => (asked.push({ file, message, canRecover }), choices.shift() ?? 'giveUp'),
    chooseLabFile: async () => files.other ?? null,
    chooseRecoveryFile: async () => files.recovery ?? null,
    showRecovered: async (file, summary) => void shown.push(`${file}\n${summary}`),
    showError: (title, message) => void shown.push(`${title}: ${message}`),
  };
  return { dialogs, asked, shown };
}

test('should offer recovery of a damaged file, then go on with the recovered copy and leave the damaged one as it was', async () => {
  const file = await damagedFile();
  const before = digest(file);
  const recovery = path.join(path.dirname(file), 'recovered.db');
  const { dialogs, asked, shown } = scripted(['recover'], { recovery });

  const lab = await openLabOrChoose(file, openLab, dialogs);

  expect(asked).toEqual([{ file, message: expect.stringContaining(`${file} is damaged`), canRecover: true }]);
  expect(lab?.dbFile).toBe(recovery);
  expect(lab?.listRuns().map((r) => r.name)).toEqual(['a']);
  expect(shown[0]).toMatch(new RegExp(`^${recovery}\\nexperiments: 1 copied\\n`));
  expect(digest(file)).toBe(before);
}, 60_000);

test('should offer another file, not recovery, when a folder stands where the file should be, and quit when asked', async () => {
  const folder = path.join(tempDir(), 'lab.db');
  mkdirSync(folder);
  const other = path.join(tempDir(), 'other.db');

  const chosen = scripted(['other'], { other });
  expect((await openLabOrChoose(folder, openLab, chosen.dialogs))?.dbFile).toBe(other);
  expect(chosen.asked).toEqual([{ file: folder, message: expect.stringContaining('is a folder, not a lab file'), canRecover: false }]);

  const quit = scripted(['giveUp'], {});
  expect(await openLabOrChoose(folder, openLab, quit.dialogs)).toBeNull();
});

test('should ask again about the same file when the person cancels choosing one', async () => {
  const folder = path.join(tempDir(), 'lab.db');
  mkdirSync(folder);
  const { dialogs, asked } = scripted(['other', 'giveUp'], {});
  expect(await openLabOrChoose(folder, openLab, dialogs)).toBeNull();
  expect(asked.map((a) => a.file)).toEqual([folder, folder]);
});

test('should offer recovery when File › Open picks a damaged file, and go on with the open lab when the person gives up', async () => {
  const damaged = await damagedFile();
  const before = digest(damaged);
  const current = openLab(path.join(tempDir(), 'current.db'));
  const recovery = path.join(path.dirname(damaged), 'recovered.db');

  const gaveUp = scripted(['giveUp'], {});
  expect(await switchLabOrChoose(current, damaged, openLab, gaveUp.dialogs)).toBeNull();
  expect(gaveUp.asked).toEqual([{ file: damaged, message: expect.stringContaining(`${damaged} is damaged`), canRecover: true }]);
  expect(current.listRuns()).toEqual([]);

  const recovered = scripted(['recover'], { recovery });
  const next = await switchLabOrChoose(current, damaged, openLab, recovered.dialogs);
  expect(next?.dbFile).toBe(recovery);
  expect(next?.listRuns().map((r) => r.name)).toEqual(['a']);
  expect(digest(damaged)).toBe(before);
}, 60_000);

test('should not open the lab that is open a second time, whether picked or chosen instead of a damaged file', async () => {
  const damaged = await damagedFile();
  const current = openLab(path.join(tempDir(), 'current.db'));
  expect(await switchLabOrChoose(current, current.dbFile, openLab, scripted([], {}).dialogs)).toBeNull();
  const chosen = scripted(['other'], { other: current.dbFile });
  expect(await switchLabOrChoose(current, damaged, openLab, chosen.dialogs)).toBeNull();
  expect(open).toHaveLength(1);
}, 60_000);
