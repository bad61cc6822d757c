// The Electron copy of better-sqlite3 that `npm start` compiles. A real compile needs Electron's
// headers from the internet; an Electron version that does not exist fails the same way everywhere,
// which is the path that must leave Node's copy and the cache clean.
import { chmodSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { electronVersionOf, sqliteBindingPath, sqliteForElectron } from '../../../app/electron/sqlite-for-electron.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const repo = process.cwd();

test('should report why it cannot compile, leaving no half-built cache and Node\'s copy working', () => {
  const project = tempDir();
  mkdirSync(path.join(project, 'node_modules'));
  for (const name of ['better-sqlite3', 'node-gyp']) symlinkSync(path.join(repo, 'node_modules', name), path.join(project, 'node_modules', name), 'dir');
  const lines: string[] = [];

  const result = sqliteForElectron(project, '0.0.1-no-such-electron', (line) => lines.push(line));

  expect(result).toEqual({ problem: expect.stringMatching(/^better-sqlite3 could not be compiled for Electron 0\.0\.1-no-such-electron: \S.* \(full output in .*\.log\)$/) });
  expect(lines).toEqual(['building better-sqlite3 for Electron 0.0.1-no-such-electron (once)…']);
  const cache = path.join(project, 'node_modules', '.cache', 'bn-lab');
  expect(readdirSync(cache)).toEqual([expect.stringMatching(/^better-sqlite3-\d+\.\d+\.\d+-electron-0\.0\.1-no-such-electron-.*\.log$/)]);
  expect(existsSync(sqliteBindingPath(project, '0.0.1-no-such-electron'))).toBe(false);
  const db = new Database(':memory:');
  expect(db.pragma('user_version', { simple: true })).toBe(0);
  db.close();
}, 120_000);

test.skipIf(process.platform === 'win32')('should ask the binary for its Electron version, as Node would answer it', () => {
  const dir = tempDir();
  const fake = path.join(dir, 'electron');
  // Stands in for Electron run as Node: it answers `-p process.versions.electron` only with ELECTRON_RUN_AS_NODE set.
  writeFileSync(fake, '#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] && [ "$2" = process.versions.electron ] && echo 45.5.0\n');
  chmodSync(fake, 0o755);
  expect(electronVersionOf(fake)).toBe('45.5.0');
  expect(electronVersionOf(path.join(dir, 'missing'))).toBeNull();
});
