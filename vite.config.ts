// The renderer's build: Svelte 5 into dist-renderer/, with relative asset URLs because the desktop
// app loads it from file://. Plotly is bundled, so no asset ever comes from the network.
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  build: { outDir: '../dist-renderer', emptyOutDir: true, chunkSizeWarningLimit: 6000 },
});
