// A lab file that cannot be used says why, names the file, and is never written to.
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { LabService } from '../../../app/service/lab-service.ts';
import { openDb } from '../../../app/store/db.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** A real lab file of about 900 kB, its WAL folded in, as one left by a finished session. */
function labFile(): string {
  const file = path.join(tempDir(), 'lab.db');
  const db = openDb(file);
  const insert = db.prepare("INSERT INTO experiments (name) VALUES (?)");
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(`experiment ${i} ${'x'.repeat(250)}`);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening a lab file that cannot be used', () => {
  test('should refuse a file with random bytes in its middle, naming it, and leave it unchanged', () => {
    const file = labFile();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(80_000, 0x5a), 0, 80_000, 300_000);
    closeSync(fd);
    const before = digest(file);

    expect(() => openDb(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\(.+\\); BN Lab did not change it`));
    expect(() => new LabService({ dbFile: file, poolSize: 1 })).toThrow(expect.objectContaining({ code: 'io_error' }));
    expect(digest(file)).toBe(before);
  });

  test('should refuse a truncated file, naming it', () => {
    const file = labFile();
    truncateSync(file, 50_000);

    expect(() => openDb(file)).toThrow(`${file} is damaged (database disk image is malformed)`);
  });

  test('should say that a folder is in the way, and which file name to give instead', () => {
    const dir = path.join(tempDir(), 'lab.db');
    mkdirSync(dir);

    expect(() => openDb(dir)).toThrow(`${dir} is a folder, not a lab file; name a file in it, such as ${path.join(dir, 'lab.db')}`);
  });

  test('should say which file stands where a folder of the path should be', () => {
    const blocker = path.join(tempDir(), 'labs');
    writeFileSync(blocker, 'not a folder');

    expect(() => openDb(path.join(blocker, 'class', 'lab.db'))).toThrow(`cannot use ${path.join(blocker, 'class', 'lab.db')}: ${blocker} is a file, not a folder`);
  });
});
