import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect } from 'vitest';
import { openDb } from '../../../app/store/db.ts';
import { DbFromFutureError, latestVersion, migrate, MIGRATIONS, type Migration } from '../../../app/store/migrate.ts';
import { createExperimentsRepo } from '../../../app/store/experiments.ts';
import { test } from './fixtures.ts';

const LATEST = latestVersion(MIGRATIONS);

describe('openDb', () => {
  test('should create a fresh file with the whole schema, STRICT tables and the latest version', ({ db }) => {
    // Act
    const objects = db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'view')").all();
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'").all();

    // Assert
    expect(objects).toEqual(expect.arrayContaining([
      { type: 'table', name: 'experiments' },
      { type: 'table', name: 'datasets' },
      { type: 'table', name: 'runs' },
      { type: 'table', name: 'epoch_metrics' },
      { type: 'table', name: 'checkpoints' },
      { type: 'view', name: 'epoch_metrics_readable' },
      { type: 'table', name: 'run_owners' },
    ]));
    expect(objects).toHaveLength(7);
    expect(tables.every((t) => (t as { strict: number }).strict === 1)).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  test('should set the connection pragmas the durability promise rests on', ({ db }) => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  test('should create missing parent folders', ({ dir }) => {
    const db = openDb(join(dir, 'a', 'b', 'lab.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    db.close();
  });

  test('should migrate an empty file (version 0) and leave a current file as it is', ({ dbPath }) => {
    // Arrange
    writeFileSync(dbPath, '');

    // Act
    const first = openDb(dbPath);
    createExperimentsRepo(first).create('kept');
    first.close();
    const second = openDb(dbPath);

    // Assert
    expect(second.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(createExperimentsRepo(second).list().map((e) => e.name)).toEqual(['kept']);
    expect(migrate(second)).toEqual({ from: LATEST, to: LATEST });
    second.close();
  });

  // A rollback-journal file catches a journal_mode write, a WAL file checks the read-only probe.
  test.for(['delete', 'wal'])('should refuse a %s-mode file from a newer BN Lab and leave its bytes unchanged', (mode, { dbPath }) => {
    // Arrange
    const newer = new Database(dbPath);
    newer.pragma(`journal_mode = ${mode}`);
    newer.exec('CREATE TABLE from_the_future (x INTEGER) STRICT; INSERT INTO from_the_future VALUES (42);');
    newer.pragma(`user_version = ${LATEST + 1}`);
    newer.close();
    const before = readFileSync(dbPath);

    // Act
    const open = () => openDb(dbPath);

    // Assert
    expect(open).toThrow(DbFromFutureError);
    expect(open).toThrow(`${dbPath} was written by a newer BN Lab: its schema version is ${LATEST + 1}, and this BN Lab knows versions up to ${LATEST}. Update BN Lab`);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  test('should roll back every step when one migration throws', ({ dbPath }) => {
    // Arrange
    const broken: Migration = {
      version: LATEST + 1,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('step failed');
      },
    };

    // Act
    const open = () => openDb(dbPath, { migrations: [...MIGRATIONS, broken] });

    // Assert: neither 0001's tables nor half_done, and the version is still 0
    expect(open).toThrow('step failed');
    const raw = new Database(dbPath, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([]);
    raw.close();
  });

  test('should keep an existing database at its version and rows when a later step throws', ({ dbPath }) => {
    // Arrange
    const db = openDb(dbPath);
    createExperimentsRepo(db).create('before the upgrade');
    db.close();
    const broken: Migration = {
      version: LATEST + 1,
      name: 'broken',
      up: (d) => {
        d.exec('DELETE FROM experiments');
        throw new Error('step failed');
      },
    };

    // Act
    expect(() => openDb(dbPath, { migrations: [...MIGRATIONS, broken] })).toThrow('step failed');

    // Assert
    const reopened = openDb(dbPath);
    expect(reopened.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(createExperimentsRepo(reopened).list().map((e) => e.name)).toEqual(['before the upgrade']);
    reopened.close();
  });
});

describe('migrate', () => {
  test('should refuse a migration list whose versions do not increase', ({ db }) => {
    const noop = () => {};
    const list: Migration[] = [{ version: 2, name: 'two', up: noop }, { version: 2, name: 'two again', up: noop }];
    expect(() => migrate(db, list)).toThrow('Migration versions must be increasing integers >= 1: two again has 2 after 2');
  });

  test('should refuse, inside its own check too, a database newer than its list', ({ db }) => {
    expect(() => migrate(db, [])).toThrow(DbFromFutureError);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
  });
});
