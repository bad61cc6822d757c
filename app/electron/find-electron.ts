// Where the Electron binary is, without require('electron'): that call tries to download it, which
// fails offline. ELECTRON_BINARY wins; otherwise the installed package's path.txt must name a file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function findElectronBinary(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ELECTRON_BINARY && existsSync(env.ELECTRON_BINARY)) return env.ELECTRON_BINARY;
  const packageDir = path.join(projectRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
