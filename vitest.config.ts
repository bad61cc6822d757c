// Four projects, so each part's tests run alone (`npm run test:unit -- --project engine`) and
// `npm run test:unit` still runs them all. A test file under test/ that no other project claims
// lands in `app`, so a new file can never be skipped by falling between the globs.
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that drive another program: the CLI as a process, Chromium, electron-builder, actionlint. */
const INTEGRATION = ['test/app/cli/bnlab-process.test.ts', 'test/app/report/report-browser.test.ts', 'test/packaging/**/*.test.ts', 'test/workflows/**/*.test.ts'];
const ENGINE = ['test/engine/**/*.test.ts'];

const shared = { testTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      // The pure TypeScript engine in plain Node, in seconds. It keeps no module state, so its files
      // share one module graph: isolating them re-imports the engine per file, twice the wall time.
      { test: { ...shared, name: 'engine', include: ENGINE, isolate: false } },
      // Store, service, API, web server, report and CLI in-process, on real SQLite files and worker threads.
      { test: { ...shared, name: 'app', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...ENGINE, ...INTEGRATION] } },
      {
        // Compiles the renderer's .svelte.ts state classes (runes) for their unit tests.
        plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
        test: { ...shared, name: 'renderer', include: ['renderer/**/*.test.ts'] },
      },
      { test: { ...shared, name: 'integration', include: INTEGRATION } },
    ],
  },
});
