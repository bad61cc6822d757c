// The renderer's build: Svelte 5 into dist-renderer/, with relative asset URLs (browser mode serves
// it from /, the desktop app from app://bn-lab/). Plotly is bundled, so no asset ever comes from the
// network. packages.json lists the npm packages bundled into it, for the app's licence notice.
//
// Development with hot reload: start browser mode (`BNLAB_PORT=4317 npm run serve`), then
// `npx vite` and open the launch link it printed with 127.0.0.1:4317 changed to localhost:5173.
// The dev server passes /api and /launch on to browser mode (BNLAB_API overrides where), as if the
// page came from there.
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import { packagesIn } from './build/shipped-packages.ts';

const api = process.env.BNLAB_API ?? 'http://127.0.0.1:4317';

const toBrowserMode: ProxyOptions = {
  target: api,
  changeOrigin: true,
  // Browser mode refuses requests from other origins; through the proxy they come from it.
  configure: (proxy) => proxy.on('proxyReq', (request) => request.getHeader('origin') && request.setHeader('origin', api)),
};

const listShippedPackages: Plugin = {
  name: 'bnlab-shipped-packages',
  apply: 'build',
  generateBundle(_options, bundle) {
    const modules = Object.values(bundle).flatMap((chunk) => (chunk.type === 'chunk' ? Object.keys(chunk.modules) : []));
    this.emitFile({ type: 'asset', fileName: 'packages.json', source: JSON.stringify(packagesIn(modules)) });
  },
};

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }), listShippedPackages],
  build: { outDir: '../dist-renderer', emptyOutDir: true, chunkSizeWarningLimit: 6000 },
  server: {
    // The API, and the launch link whose cookie lets the page in, both come from browser mode.
    proxy: { '/api': toBrowserMode, '/launch': toBrowserMode },
  },
});
