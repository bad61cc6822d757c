// The renderer's build: Svelte 5 into dist-renderer/, with relative asset URLs because the desktop
// app loads it from file://. Plotly is bundled, so no asset ever comes from the network.
//
// Development with hot reload: start browser mode (`BNLAB_PORT=4317 npm run serve`), then
// `npx vite` and open http://localhost:5173/?token=<the token it printed>. The dev server passes
// /api on to browser mode (BNLAB_API overrides where), as if the page came from there.
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const api = process.env.BNLAB_API ?? 'http://127.0.0.1:4317';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  build: { outDir: '../dist-renderer', emptyOutDir: true, chunkSizeWarningLimit: 6000 },
  server: {
    proxy: {
      '/api': {
        target: api,
        changeOrigin: true,
        // Browser mode refuses requests from other origins; through the proxy they come from it.
        configure: (proxy) => proxy.on('proxyReq', (request) => request.getHeader('origin') && request.setHeader('origin', api)),
      },
    },
  },
});
