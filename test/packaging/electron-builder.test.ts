// The installer configuration, and what a package built from it holds. electron-builder runs for
// real (Linux, unpacked "dir" target) with a stand-in Electron, so no download is needed; it runs
// only after `npm run build`, and skips with a message otherwise.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';
import { listAsar } from './asar.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT = ['dist-electron/main.mjs', 'dist-electron/preload.cjs', 'dist-electron/trainer-thread.mjs', 'dist-renderer/index.html'];
const missing = BUILT.filter((file) => !existsSync(path.join(ROOT, file)));

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  linux: { target: string[]; icon: string };
  win: { target: string; icon: string };
  mac: { target: string; icon: string };
}

// js-yaml comes with electron-builder, which reads this file with it.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  test('should build AppImage, deb, NSIS and dmg installers with an app id and product name', () => {
    expect(config.appId).toBe('org.bnlab.app');
    expect(config.productName).toBe('BN Lab');
    expect([...config.linux.target, config.win.target, config.mac.target]).toEqual(['AppImage', 'deb', 'nsis', 'dmg']);
  });

  test('should ship only built files and unpack native modules from the asar archive', () => {
    expect(config.files.filter((f) => !f.startsWith('!'))).toEqual(['dist-electron/**/*', 'dist-renderer/**/*', 'package.json']);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  test('should point at icons that exist in the sizes each platform needs', () => {
    const png = (file: string) => {
      const bytes = readFileSync(path.join(ROOT, file));
      expect(bytes.subarray(1, 4).toString('latin1'), file).toBe('PNG');
      return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    };
    expect(png('build/icon.png')).toEqual([512, 512]);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(png(`${config.linux.icon}/${size}x${size}.png`)).toEqual([size, size]);
    const ico = readFileSync(path.join(ROOT, config.win.icon));
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(icoSizes).toContain(256);
    const icns = readFileSync(path.join(ROOT, config.mac.icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic09'))).toBe(true); // 512 × 512
  });
});

if (missing.length > 0) console.warn(`[packaging] SKIPPED the electron-builder run: ${missing.join(', ')} missing; run \`npm run build\` first`);

describe.skipIf(missing.length > 0)('a package built with a stand-in Electron', () => {
  test('should hold main, preload, renderer, worker entry and dataset tables, with better-sqlite3 unpacked', () => {
    // Arrange: the layout electron-builder expects of an unpacked Electron (platform.md §9).
    const dir = tempDir();
    const fake = path.join(dir, 'electron');
    mkdirSync(fake);
    writeFileSync(path.join(fake, 'electron'), '#!/bin/sh\n');
    chmodSync(path.join(fake, 'electron'), 0o755);
    writeFileSync(path.join(fake, 'version'), `v${(JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version}`);
    for (const file of ['LICENSE', 'LICENSES.chromium.html']) writeFileSync(path.join(fake, file), '');
    const out = path.join(dir, 'release');

    // Act
    const result = spawnSync(path.join(ROOT, 'node_modules/.bin/electron-builder'),
      ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${fake}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

    // Assert
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const resources = path.join(out, 'linux-unpacked', 'resources');
    const entries = listAsar(path.join(resources, 'app.asar'));
    const packed = entries.filter((e) => !e.unpacked).map((e) => e.path);
    expect(packed).toEqual(expect.arrayContaining([...BUILT.filter((f) => f !== 'dist-electron/trainer-thread.mjs'), 'package.json', 'dist-electron/data/digits.csv', 'dist-electron/data/README.md']));
    expect(packed.filter((p) => p.endsWith('.map') || p.startsWith('node_modules/tsx/') || p.startsWith('node_modules/esbuild/'))).toEqual([]);
    expect(packed.filter((p) => !p.startsWith('node_modules/')).every((p) => p === 'package.json' || p.startsWith('dist-electron/') || p.startsWith('dist-renderer/'))).toBe(true);
    // The worker entry is read by Node's own loader, so it ships next to the archive, not in it.
    expect(entries.filter((e) => e.path === 'dist-electron/trainer-thread.mjs')).toEqual([{ path: 'dist-electron/trainer-thread.mjs', unpacked: true }]);
    expect(existsSync(path.join(resources, 'app.asar.unpacked', 'dist-electron', 'trainer-thread.mjs'))).toBe(true);
    const native = entries.filter((e) => e.path.endsWith('.node'));
    expect(native).toEqual([{ path: 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', unpacked: true }]);
    expect(existsSync(path.join(resources, 'app.asar.unpacked', native[0]!.path))).toBe(true);
  }, 150_000);
});
