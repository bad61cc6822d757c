// Browser tests drive Debian's Chromium (never a downloaded browser) against browser mode on a
// fresh database; the Electron project runs only where an Electron binary is installed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google through a closed network.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PORT = Number(process.env.BNLAB_E2E_PORT ?? 4317);
/** Tests open `/?token=${E2E_TOKEN}`; a real launch draws a random token. */
export const E2E_TOKEN = 'e2e-token';

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/playwright',
  projects: [
    {
      name: 'web',
      testDir: 'test/e2e',
      use: {
        baseURL: `http://127.0.0.1:${PORT}`,
        launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
        screenshot: 'only-on-failure',
        viewport: { width: 1400, height: 900 },
      },
    },
    { name: 'electron', testDir: 'test/electron', timeout: 120_000 },
  ],
  webServer: {
    command: `tsx app/web/serve.ts --port ${PORT} --workers 2`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { BNLAB_DB: path.join(mkdtempSync(path.join(tmpdir(), 'bnlab-e2e-')), 'lab.db'), BNLAB_TOKEN: E2E_TOKEN },
  },
});
