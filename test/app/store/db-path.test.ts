import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDbPath, resolveDbPath } from '../../../app/store/db.ts';

describe('defaultDbPath', () => {
  it("should match Electron's userData folder for bn-lab on each OS", () => {
    expect(defaultDbPath({ platform: 'linux', home: '/home/ada', env: {} })).toBe('/home/ada/.config/bn-lab/lab.db');
    expect(defaultDbPath({ platform: 'linux', home: '/home/ada', env: { XDG_CONFIG_HOME: '/xdg' } })).toBe('/xdg/bn-lab/lab.db');
    expect(defaultDbPath({ platform: 'darwin', home: '/Users/ada', env: {} })).toBe('/Users/ada/Library/Application Support/bn-lab/lab.db');
    expect(defaultDbPath({ platform: 'win32', home: 'C:\\Users\\ada', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' } }))
      .toBe('C:\\Users\\ada\\AppData\\Roaming\\bn-lab\\lab.db');
  });
});

describe('resolveDbPath', () => {
  const env = { BNLAB_DB: '/env/db.sqlite', BNLAB_DATA_DIR: '/data', XDG_CONFIG_HOME: '/xdg' };
  const linux = { platform: 'linux', home: '/home/ada' } as const;

  it('should prefer --db, then BNLAB_DB, then BNLAB_DATA_DIR, then the default', () => {
    expect(resolveDbPath({ ...linux, flag: '/flag/lab.db', env })).toBe('/flag/lab.db');
    expect(resolveDbPath({ ...linux, env })).toBe('/env/db.sqlite');
    expect(resolveDbPath({ ...linux, env: { ...env, BNLAB_DB: '' } })).toBe('/data/lab.db');
    expect(resolveDbPath({ ...linux, env: { XDG_CONFIG_HOME: '/xdg' } })).toBe('/xdg/bn-lab/lab.db');
  });

  it('should make a relative path absolute against the working folder', () => {
    expect(resolveDbPath({ flag: 'lab.db', env: {} })).toBe(resolve('lab.db'));
  });
});
