// Where the packaged desktop app keeps better-sqlite3's binary: only its own OS's build, beside the
// archive (electron-builder.yml extraResources). Everywhere else (Node, `npm start`'s Electron) the
// package finds its prebuilt binary itself. Erasable TypeScript only: the packaging hook loads it.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PACKAGED_SQLITE_BINARY = 'better_sqlite3.node';

/** The packaged binary, when this process is a packaged app that has one. */
export function packagedSqliteBinary(): string | undefined {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const file = resources === undefined ? undefined : path.join(resources, PACKAGED_SQLITE_BINARY);
  return file !== undefined && existsSync(file) ? file : undefined;
}
