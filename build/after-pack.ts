// electron-builder's afterPack hook: every native module in the package must be the Node-API build
// for the package's OS and processor, or the build fails here instead of the app failing to open
// its database on a user's machine.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AfterPackContext } from 'electron-builder';
import { PACKAGED_SQLITE_BINARY } from '../app/store/packaged-sqlite.ts';
import { inspectNativeModule, nativeModuleProblem } from './native-module.ts';

/** electron-builder's Arch enum, by value. */
const ARCHES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export default function afterPack(context: AfterPackContext): void {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const arch = ARCHES[context.arch] ?? String(context.arch);
  const resources = platform === 'darwin'
    ? path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
    : path.join(context.appOutDir, 'resources');
  const modules = readdirSync(resources, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.node'));
  if (!modules.includes(PACKAGED_SQLITE_BINARY)) throw new Error(`no ${PACKAGED_SQLITE_BINARY} in ${resources}: better-sqlite3's binary for ${platform}-${arch} was not packed`);
  for (const file of modules) {
    const problem = nativeModuleProblem(inspectNativeModule(readFileSync(path.join(resources, file))), platform, arch);
    if (problem) throw new Error(`${file} cannot load in the ${platform}-${arch} app: ${problem}`);
  }
}
