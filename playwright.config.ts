// Browser tests drive Debian's Chromium (never a downloaded browser) against browser mode; each
// spec file starts its own on a free port with a fresh database (test/e2e/fixtures.ts). The
// Electron project runs only where an Electron binary is installed.
import { defineConfig } from '@playwright/test';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google through a closed network.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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
        launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
        screenshot: 'only-on-failure',
        viewport: { width: 1400, height: 900 },
      },
    },
    { name: 'electron', testDir: 'test/electron', timeout: 120_000 },
  ],
});
