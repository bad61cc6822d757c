// PDF from the command line: the report opened from a temporary file in headless Chromium (through
// Playwright, which drives an installed Chromium and never downloads one), every request that is not
// a file: URL refused, then printed. The desktop app prints with Electron instead (print.ts).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LabError } from '../lab-error.ts';
import { PRINT_VIEWPORT, printReport } from './print.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where a Chromium or Chrome usually is; BNLAB_CHROMIUM (or CHROMIUM_PATH, as the tests use) wins. */
const CANDIDATES: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'],
};

export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const explicit = env.BNLAB_CHROMIUM || env.CHROMIUM_PATH;
  if (explicit) return existsSync(explicit) ? explicit : null;
  return (CANDIDATES[platform] ?? []).find((file) => existsSync(file)) ?? null;
}

/** The Chromium to print with, or the one-line reason there is none; asked before any export work. */
export function requireChromium(): string {
  const found = findChromium();
  if (!found) {
    throw new LabError('io_error', 'PDF export needs Chromium or Chrome, and none was found (set BNLAB_CHROMIUM to its path); --format html gives the same report to print from any browser');
  }
  return found;
}

export async function renderPdfWithChromium(html: string, executablePath: string): Promise<Uint8Array> {
  let chromium: typeof import('@playwright/test').chromium;
  try {
    ({ chromium } = await import('@playwright/test'));
  } catch {
    throw new LabError('io_error', 'PDF export needs the @playwright/test package (a development dependency); --format html gives the same report to print from any browser');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bnlab-report-'));
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const file = path.join(dir, 'report.html');
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: PRINT_VIEWPORT });
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.emulateMedia({ media: 'print' });
    await page.goto(pathToFileURL(file).href);
    return await printReport({ evaluate: (expression) => page.evaluate(expression), printToPdf: (options) => page.pdf(options) });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
