// Where the training thread's code is: the TypeScript source through tsx in a checkout, the
// bundled trainer-thread.mjs next to the bundled service in a build.
import type { WorkerOptions } from 'node:worker_threads';

export function trainerThreadEntry(): { url: URL; options: WorkerOptions } {
  if (import.meta.url.endsWith('.ts')) {
    return {
      url: new URL('./ts-worker-boot.mjs', import.meta.url),
      options: { argv: [new URL('./trainer-thread.ts', import.meta.url).href] },
    };
  }
  // Packaged, the worker file is unpacked next to the asar archive (electron-builder.yml asarUnpack):
  // a worker thread's entry is read by Node's own loader, which cannot look inside an archive.
  const bundled = new URL('./trainer-thread.mjs', import.meta.url);
  return { url: new URL(bundled.href.replace('/app.asar/', '/app.asar.unpacked/')), options: {} };
}
