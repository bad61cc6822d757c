// The desktop shell itself: opens the packaged main process on a fresh database, checks that the
// page has no Node, and trains the example for a few epochs. Skipped where no Electron binary exists.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../app/electron/find-electron.ts';
import { electronVersionOf, sqliteForElectron } from '../../app/electron/sqlite-for-electron.ts';
import { SQLITE_BINDING_ENV } from '../../app/store/db.ts';

const root = process.cwd();
const binary = findElectronBinary(root);
if (!binary) console.warn('[electron e2e] SKIPPED: no Electron binary on this machine (set ELECTRON_BINARY, or run `node node_modules/electron/install.js` where GitHub is reachable)');

test.describe('desktop app', () => {
  test.skip(!binary, 'Electron binary not installed: its download from GitHub fails offline');

  test('opens the lab window without Node in the page and trains the example', async () => {
    // The main process needs the better-sqlite3 copy compiled for Electron, as `npm start` makes it;
    // where it cannot be compiled, npm start would not open the app either, so the test fails.
    test.setTimeout(20 * 60_000);
    const version = electronVersionOf(binary!);
    expect(version, 'the Electron binary tells its version').not.toBeNull();
    const sqlite = sqliteForElectron(root, version!, (line) => console.log(`[electron e2e] ${line}`));
    if ('problem' in sqlite) throw new Error(sqlite.problem);
    const home = mkdtempSync(path.join(tmpdir(), 'bnlab-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [root, ...(process.env.CI || process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, BNLAB_DB: path.join(home, 'lab.db'), [SQLITE_BINDING_ENV]: sqlite.binding },
    });
    const page = await app.firstWindow();
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { bnlab?: unknown }).bnlab)).toBe('object');
    await page.getByRole('button', { name: /^Train/ }).click();
    await expect(page.getByRole('progressbar').first()).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/electron-main.png' });
    await app.close();
  });
});
