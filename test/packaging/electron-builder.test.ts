// The installer configuration, and what packages built from it hold. electron-builder runs for real
// with a stand-in Electron (no download is possible here): an unpacked Linux app for x64 and arm64,
// and a Windows one whose stand-in electron.exe is a small real PE with a version resource, which
// electron-builder needs to stamp. Fuses need the real binary's sentinel, so the stand-in builds
// leave them out; the release pipeline flips them. Runs only after `npm run build`.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { PACKAGED_SQLITE_BINARY } from '../../app/store/packaged-sqlite.ts';
import { inspectNativeModule } from '../../build/native-module.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { listAsar } from './asar.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT = ['dist-electron/main.mjs', 'dist-electron/preload.cjs', 'dist-electron/trainer-thread.mjs', 'dist-electron/LICENSES.txt', 'dist-renderer/index.html'];
const missing = BUILT.filter((file) => !existsSync(path.join(ROOT, file)));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const ELECTRON_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
/** A small Windows executable with a version resource that ships inside an npm package. */
const WINDOWS_STAND_IN = path.join(ROOT, 'node_modules/electron-winstaller/vendor/7z-x64.exe');

interface Target { target: string; arch?: string[] }
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  npmRebuild: boolean;
  afterPack: string;
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string; executableName: string; syncDesktopName: boolean; description: string };
  deb: { maintainer: string };
  win: { target: string; icon: string };
  mac: { target: Target[]; icon: string };
}

// js-yaml comes with electron-builder, which reads this file with it.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  test('should build AppImage and deb, a per-user NSIS installer, and dmgs for Intel and Apple silicon', () => {
    expect(config.appId).toBe('org.bnlab.app');
    expect(config.productName).toBe('BN Lab');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toBe('nsis');
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
  });

  test('should give deb and the desktop entry what they require: homepage, maintainer with email, description, desktopName', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(config.deb.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(pkg.description).toEqual(expect.any(String));
    expect(config.linux.description.length).toBeGreaterThan(40);
    expect(pkg.desktopName).toBe(`${config.linux.executableName}.desktop`);
    expect(config.linux.syncDesktopName).toBe(true);
  });

  test('should ship prebuilt Node-API binaries without compiling, checked after packing, with the hardening fuses', () => {
    expect(config.npmRebuild).toBe(false);
    expect(existsSync(path.join(ROOT, config.afterPack))).toBe(true);
    expect(config.files.filter((f) => !f.startsWith('!'))).toEqual(['dist-electron/**/*', 'dist-renderer/**/*', 'package.json']);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  test('should point at icons that exist in the sizes each platform needs, Retina (@2x) included', () => {
    const png = (bytes: Buffer, name: string) => {
      expect(bytes.subarray(1, 4).toString('latin1'), name).toBe('PNG');
      return bytes.readUInt32BE(16);
    };
    expect(png(readFileSync(path.join(ROOT, 'build/icon.png')), 'icon.png')).toBe(512);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(png(readFileSync(path.join(ROOT, `${config.linux.icon}/${size}x${size}.png`)), `${size}`)).toBe(size);
    const ico = readFileSync(path.join(ROOT, config.win.icon));
    expect(Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256)).toContain(256);
    const icns = readFileSync(path.join(ROOT, config.mac.icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const elements = new Map<string, number>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) elements.set(icns.toString('latin1', at, at + 4), png(icns.subarray(at + 8), 'icns'));
    // 16, 32, 128, 256, 512 and their @2x twins (ic11–ic14, and ic10 = 512@2x).
    expect(Object.fromEntries(elements)).toEqual({ icp4: 16, icp5: 32, ic07: 128, ic08: 256, ic09: 512, ic11: 32, ic12: 64, ic13: 256, ic14: 512, ic10: 1024 });
  });
});

/** A folder laid out as an unpacked Electron for `platform`, with `executable` as its program. */
function standInElectron(platform: 'linux' | 'win', executable: string | null): string {
  const dir = path.join(tempDir(), 'electron');
  mkdirSync(dir);
  const program = path.join(dir, platform === 'win' ? 'electron.exe' : 'electron');
  if (executable) copyFileSync(executable, program);
  else writeFileSync(program, '#!/bin/sh\n');
  chmodSync(program, 0o755);
  writeFileSync(path.join(dir, 'version'), `v${ELECTRON_VERSION}`);
  for (const file of ['LICENSE', 'LICENSES.chromium.html']) writeFileSync(path.join(dir, file), '');
  return dir;
}

/**
 * electron-builder on the project's own configuration, with the stand-in and without fuses. Not
 * spawnSync: a test may serve HTTP from this process while the build runs.
 */
async function electronBuilder(args: string[], electronDist: string, env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; log: string; out: string }> {
  const out = path.join(tempDir(), 'release');
  const configFile = path.join(tempDir(), 'stand-in.json');
  writeFileSync(configFile, JSON.stringify({ extends: path.join(ROOT, 'electron-builder.yml'), electronDist, electronFuses: null, directories: { output: out } }));
  const child = spawn(path.join(ROOT, 'node_modules/.bin/electron-builder'), [...args, '--publish', 'never', '--config', configFile], {
    cwd: ROOT,
    timeout: 150_000,
    env: { ...process.env, ...env },
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, log, out };
}

if (missing.length > 0) console.warn(`[packaging] SKIPPED the electron-builder runs: ${missing.join(', ')} missing; run \`npm run build\` first`);
if (!existsSync(WINDOWS_STAND_IN)) console.warn(`[packaging] SKIPPED the Windows package: no stand-in executable at ${WINDOWS_STAND_IN}`);

type Build = [os: 'linux' | 'win', arch: 'x64' | 'arm64', folder: string, platform: 'linux' | 'win32'];
const BUILDS: Build[] = [
  ['linux', 'x64', 'linux-unpacked', 'linux'],
  ['linux', 'arm64', 'linux-arm64-unpacked', 'linux'],
  ...(existsSync(WINDOWS_STAND_IN) ? [['win', 'x64', 'win-unpacked', 'win32'] as Build] : []),
];

describe.skipIf(missing.length > 0)('a package built with a stand-in Electron', () => {
  test.each(BUILDS)('should pack only runtime files for %s-%s, with that target\'s Node-API better-sqlite3 beside them', async (os, arch, folder, platform) => {
    const result = await electronBuilder([`--${os}`, 'dir', `--${arch}`], standInElectron(os, os === 'win' ? WINDOWS_STAND_IN : null));

    expect(result.status, result.log).toBe(0);
    const resources = path.join(result.out, folder, 'resources');
    const entries = listAsar(path.join(resources, 'app.asar'));
    const paths = entries.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining([...BUILT, 'package.json', 'dist-electron/data/digits.csv', 'dist-electron/data/README.md', 'dist-electron/plotly.js']));
    // The app's own built files, and of node_modules only better-sqlite3's JavaScript.
    const stray = paths.filter((p) => !(p === 'package.json' || p.startsWith('dist-electron/') || p.startsWith('dist-renderer/') || /^node_modules\/better-sqlite3\/(package\.json|LICENSE|lib\/.+\.js)$/.test(p)));
    expect(stray).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    // The bundle keeps the version of package.json, not its dependency lists.
    expect(readFileSync(path.join(ROOT, 'dist-electron/main.mjs'), 'utf8')).not.toContain('devDependencies');
    // Node's own loader reads the worker entry, so it sits beside the archive.
    expect(entries.find((e) => e.path === 'dist-electron/trainer-thread.mjs')?.unpacked).toBe(true);
    expect(existsSync(path.join(resources, 'app.asar.unpacked', 'dist-electron', 'trainer-thread.mjs'))).toBe(true);
    // One native module in the whole package: the target's Node-API build, where the store loads it.
    const natives = readdirSync(path.join(result.out, folder), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.node'));
    expect(natives).toEqual([path.join('resources', PACKAGED_SQLITE_BINARY)]);
    expect(inspectNativeModule(readFileSync(path.join(resources, PACKAGED_SQLITE_BINARY)))).toMatchObject({ platform, arch, nodeApi: true });
  }, 150_000);

  test('should pass electron-builder\'s own checks of the deb and AppImage configuration, up to downloading their tools', async () => {
    // A local server that has no tools answers the download at once, where the real host is unreachable.
    const server = createServer((_req, res) => res.writeHead(404).end()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    try {
      // One target a run: the first to fail its download ends a run, and each should get that far.
      const env = { ELECTRON_BUILDER_BINARIES_MIRROR: `http://127.0.0.1:${port}/` };
      const results = await Promise.all(['deb', 'AppImage'].map((target) => electronBuilder(['--linux', target, '--x64'], standInElectron('linux', null), env)));

      // Configuration errors (no homepage, no maintainer email) would come before any download.
      // deb is made with fpm, the AppImage with appimagetool: each run asked for its own tool.
      for (const [i, tool] of ['fpm', 'appimage'].entries()) {
        const { log } = results[i]!;
        expect(log).toMatch(new RegExp(`Response code 404[^\\n]*127\\.0\\.0\\.1:${port}/${tool}`));
        expect(log).not.toMatch(/Please specify|is missed|InvalidConfigurationError/);
      }
    } finally {
      server.close();
    }
  }, 150_000);
});
