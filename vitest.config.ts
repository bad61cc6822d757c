import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles the renderer's .svelte.ts state classes (runes) for their unit tests.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  test: {
    include: ['test/**/*.test.ts', 'renderer/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
