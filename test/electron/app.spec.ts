// The desktop shell itself, what browser mode cannot show: the window on the example, training
// stored in the user-data lab.db, File › Open database… swapping files, a PDF report printed by
// Electron, and a second launch deferring to the first. It drives the unpacked app (`electron .`)
// because the packaged one has the inspect fuse off, which shuts Playwright out. Skipped where no
// Electron binary exists (these machines cannot download it); the pipeline runs it on every OS.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from '../../app/electron/find-electron.ts';

const root = process.cwd();
const binary = findElectronBinary(root);
if (!binary) console.warn('[electron e2e] SKIPPED: no Electron binary on this machine (set ELECTRON_BINARY, or run `node node_modules/electron/install.js` where GitHub is reachable)');

/** Chromium refuses to run as root without it, and CI containers often are root. */
const SANDBOX_ARGS = process.env.CI || process.getuid?.() === 0 ? ['--no-sandbox'] : [];

/** The database the window's lab has open, asked through the page's own bridge. */
function databasePath(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const bridge = (globalThis as unknown as { bnlab: { api: { databasePath(): Promise<{ ok: boolean; value: string }> } } }).bnlab;
    return (await bridge.api.databasePath()).value;
  });
}

/** Clicks File › `label` in the application menu, as a person would with the mouse. */
async function clickMenu(app: ElectronApplication, label: string): Promise<void> {
  await app.evaluate(({ Menu }, wanted) => {
    const file = Menu.getApplicationMenu()?.items.find((item) => item.label === 'File');
    const item = file?.submenu?.items.find((entry) => entry.label === wanted);
    if (!item) throw new Error(`no File › ${wanted} in the menu`);
    item.click();
  }, label);
}

test.describe('desktop app', () => {
  test.skip(!binary, 'Electron binary not installed: its download from GitHub fails offline');

  let home: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeEach(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'bnlab-electron-'));
    app = await electron.launch({ executablePath: binary!, args: [root, ...SANDBOX_ARGS], env: { ...process.env, BNLAB_DATA_DIR: home } });
    page = await app.firstWindow();
  });

  test.afterEach(async () => {
    await app.close();
  });

  test('opens on the lessons without Node in the page and stores a trained run of the example in the user-data lab.db', async () => {
    // Playwright may hand over the window before its first page has committed.
    await expect(page).toHaveURL(/^app:\/\/bn-lab\/index\.html/);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    await expect(page.getByRole('tab', { name: 'Lessons', exact: true })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('tab', { name: 'Design', exact: true }).click();

    await page.getByRole('button', { name: /^Train \d+ run/ }).click();
    await expect(page.getByRole('progressbar').first()).toBeVisible();
    await expect(page.getByRole('cell', { name: 'done' })).toHaveCount(2, { timeout: 120_000 });
    await page.screenshot({ path: 'test-results/screenshots/electron-main.png' });

    const db = new Database(path.join(home, 'lab.db'), { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM runs WHERE status = 'done'").get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
    expect(readFileSync(path.join(home, 'logs', 'bn-lab.log'), 'utf8')).toContain('started');
  });

  test('File › Open database… swaps to another file, and Export report prints a PDF with Electron', async () => {
    const other = path.join(home, 'other.db');
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [file] })) as typeof dialog.showOpenDialog;
    }, other);
    await clickMenu(app, 'Open database…');
    await expect.poll(() => databasePath(page)).toBe(other);

    await page.getByRole('button', { name: /^Train/ }).click();
    await expect(page.getByRole('cell', { name: 'done' })).toHaveCount(2, { timeout: 120_000 });
    const pdf = path.join(home, 'report.pdf');
    await app.evaluate(({ dialog }, file) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog;
    }, pdf);
    await page.getByRole('combobox', { name: 'Export format' }).selectOption('pdf');
    await page.getByRole('button', { name: 'Export report…' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Saved to ${pdf}` })).toBeVisible({ timeout: 60_000 });
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('a second launch focuses the first window and hands it the database it names', async () => {
    const named = path.join(home, 'handed.db');
    // The listener is in place before the second launch starts; what it heard is read afterwards.
    await app.evaluate(({ app: electronApp, dialog }) => {
      dialog.showMessageBox = (async () => ({ response: 0, checkboxChecked: false })) as typeof dialog.showMessageBox;
      electronApp.once('second-instance', (_event, _argv, _cwd, data) => ((globalThis as { handedOver?: unknown }).handedOver = data));
    });
    const second = spawn(binary!, [root, named, ...SANDBOX_ARGS], { env: { ...process.env, BNLAB_DATA_DIR: home }, stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolve) => second.on('exit', resolve));

    expect(exitCode, 'the second launch quits at once').toBe(0);
    await expect.poll(() => app.evaluate(() => ((globalThis as { handedOver?: { argv: string[] } }).handedOver?.argv ?? []))).toContain(named);
    await expect.poll(() => databasePath(page)).toBe(named);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
