// The parts of the desktop shell that run without Electron: which database a launch names, and the
// log file that stands in for stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { dbFileFromArgv } from '../../../app/electron/command-line.ts';
import { LogFile } from '../../../app/electron/log-file.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

describe('dbFileFromArgv', () => {
  const cwd = path.resolve('/home/ada/labs');

  test.each([
    [['bn-lab', '--db', 'x.db'], path.join(cwd, 'x.db')],
    [['bn-lab', '--db=/tmp/y.sqlite'], path.resolve('/tmp/y.sqlite')],
    [['BN Lab.exe', 'C:/data/class.db'], path.resolve(cwd, 'C:/data/class.db')],
    [['electron', '/src/bn-lab', 'other.db', '--no-sandbox'], path.join(cwd, 'other.db')],
    // What a Linux file manager passes for Exec=… %U.
    [['bn-lab', 'file:///home/ada/my%20labs/class.db'], path.resolve('/home/ada/my labs/class.db')],
  ])('should find the database in %j', (argv, expected) => {
    expect(dbFileFromArgv(argv, cwd)).toBe(expected);
  });

  test.each([
    [['electron', '/src/bn-lab']],
    [['bn-lab', '--no-sandbox', '--enable-logging']],
    [['bn-lab', '--db']],
    // Chromium may reorder a relaunch's argv (switches first): a switch is never taken for the file.
    [['bn-lab', '--db', '--no-sandbox']],
    [['bn-lab', 'notes.txt']],
    // the executable itself, even if its name ends like a database
    [['/opt/weird.db']],
  ])('should find none in %j', (argv) => {
    expect(dbFileFromArgv(argv, cwd)).toBeNull();
  });
});

describe('LogFile', () => {
  test('should write one timestamped line per entry, folding line breaks, creating its folder', () => {
    const log = new LogFile(path.join(tempDir(), 'logs', 'bn-lab.log'));

    log.write('info', 'started');
    log.write('error', 'run 3 failed:\nline two');

    const lines = readFileSync(log.file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info started$/);
    expect(lines[1]).toMatch(/ error run 3 failed: ⏎ line two$/);
    expect(lines[2]).toBe('');
  });

  test('should move a log over 1 MB aside to .1 and start a new one', () => {
    const log = new LogFile(path.join(tempDir(), 'bn-lab.log'));
    writeFileSync(log.file, 'x'.repeat(1024 * 1024 + 1));

    log.write('info', 'fresh');

    expect(readFileSync(`${log.file}.1`, 'utf8')).toHaveLength(1024 * 1024 + 1);
    expect(readFileSync(log.file, 'utf8')).toMatch(/ info fresh\n$/);
  });

  test('should never throw when the log cannot be written', () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, '');

    expect(() => new LogFile(path.join(blocker, 'bn-lab.log')).write('error', 'lost')).not.toThrow();
  });
});
