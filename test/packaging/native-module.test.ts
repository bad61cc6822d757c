// The check that every packaged native module is the Node-API build for the package's OS and
// processor, against the eight binaries better-sqlite3 publishes (their file names are the truth).
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AfterPackContext } from 'electron-builder';
import { describe, expect, test } from 'vitest';
import { PACKAGED_SQLITE_BINARY } from '../../app/store/packaged-sqlite.ts';
import afterPack from '../../build/after-pack.ts';
import { inspectNativeModule, nativeModuleProblem } from '../../build/native-module.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const PREBUILDS = path.resolve(import.meta.dirname, '../../node_modules/better-sqlite3/prebuilds');
const prebuild = (name: string) => path.join(PREBUILDS, `${name}.node`);

describe('inspectNativeModule', () => {
  test.each(readdirSync(PREBUILDS).map((file) => file.replace(/\.node$/, '')))('should read %s from the binary itself', (name) => {
    const [os, arch] = name.split('-') as [string, string];
    const expected = os === 'linuxmusl' ? { platform: 'linux', arch, libc: 'musl' } : os === 'linux' ? { platform: 'linux', arch, libc: 'glibc' } : { platform: os, arch };

    expect(inspectNativeModule(readFileSync(prebuild(name)))).toEqual({ ...expected, nodeApi: true });
  });

  test('should tell a module built for one runtime ABI from a Node-API one', () => {
    const abiBound = Buffer.concat([readFileSync(prebuild('linux-x64')), Buffer.from('\0node_register_module_v150\0')]);

    expect(inspectNativeModule(abiBound).nodeApi).toBe(false);
    expect(nativeModuleProblem(inspectNativeModule(abiBound), 'linux', 'x64')).toMatch(/not a Node-API module/);
  });

  test('should say which OS and processor a wrong module is for', () => {
    expect(nativeModuleProblem(inspectNativeModule(readFileSync(prebuild('linux-x64'))), 'win32', 'x64')).toBe('it is built for linux-x64, not win32-x64');
    expect(nativeModuleProblem(inspectNativeModule(readFileSync(prebuild('darwin-x64'))), 'darwin', 'arm64')).toBe('it is built for darwin-x64, not darwin-arm64');
    expect(nativeModuleProblem(inspectNativeModule(readFileSync(prebuild('linuxmusl-x64'))), 'linux', 'x64')).toMatch(/musl/);
    expect(nativeModuleProblem(inspectNativeModule(Buffer.from('#!/bin/sh\n')), 'linux', 'x64')).toBe('it is built for unknown-unknown, not linux-x64');
    expect(nativeModuleProblem(inspectNativeModule(readFileSync(prebuild('win32-arm64'))), 'win32', 'arm64')).toBeNull();
  });
});

describe('the afterPack hook', () => {
  /** A packed app's folder as electron-builder leaves it, with `module` as its SQLite binary. */
  function packedApp(platform: string, module: string): string {
    const appOutDir = tempDir();
    const resources = platform === 'darwin' ? path.join(appOutDir, 'BN Lab.app', 'Contents', 'Resources') : path.join(appOutDir, 'resources');
    mkdirSync(resources, { recursive: true });
    copyFileSync(prebuild(module), path.join(resources, PACKAGED_SQLITE_BINARY));
    return appOutDir;
  }
  const context = (appOutDir: string, electronPlatformName: string, arch: number) =>
    ({ appOutDir, electronPlatformName, arch, packager: { appInfo: { productFilename: 'BN Lab' } } }) as unknown as AfterPackContext;

  test('should accept the target\'s own Node-API build', () => {
    expect(() => afterPack(context(packedApp('win32', 'win32-x64'), 'win32', 1))).not.toThrow();
    expect(() => afterPack(context(packedApp('darwin', 'darwin-arm64'), 'darwin', 3))).not.toThrow();
  });

  test('should fail the build when the Linux binary is packed into a Windows app', () => {
    expect(() => afterPack(context(packedApp('win32', 'linux-x64'), 'win32', 1))).toThrow('better_sqlite3.node cannot load in the win32-x64 app: it is built for linux-x64, not win32-x64');
  });

  test('should fail the build when the SQLite binary was not packed', () => {
    const appOutDir = tempDir();
    mkdirSync(path.join(appOutDir, 'resources', 'app.asar.unpacked'), { recursive: true });

    expect(() => afterPack(context(appOutDir, 'linux', 1))).toThrow(/no better_sqlite3.node in .*resources: better-sqlite3's binary for linux-x64 was not packed/);
  });
});
