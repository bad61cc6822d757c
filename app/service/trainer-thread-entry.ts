// Where the training thread's code is: the TypeScript source through tsx in a checkout, the
// bundled trainer-thread.mjs next to the bundled service in a build.
import type { WorkerOptions } from 'node:worker_threads';

/**
 * What the thread is for: `training` runs the pool's runs (background work, at a lower priority),
 * `states` trains stored runs forward for a view a person waits for. It names the thread, as
 * `top -H` and /proc show it.
 */
export type ThreadRole = 'training' | 'states';

export interface ThreadData {
  role: ThreadRole;
}

/** The thread's name (Linux keeps 15 bytes of it). */
export const threadName = (role: ThreadRole) => `bnlab ${role}`;

export function trainerThreadEntry(role: ThreadRole): { url: URL; options: WorkerOptions } {
  const common = { name: threadName(role), workerData: { role } satisfies ThreadData };
  if (import.meta.url.endsWith('.ts')) {
    return {
      url: new URL('./ts-worker-boot.mjs', import.meta.url),
      options: { ...common, argv: [new URL('./trainer-thread.ts', import.meta.url).href] },
    };
  }
  // Packaged, the worker file is unpacked next to the asar archive (electron-builder.yml asarUnpack):
  // a worker thread's entry is read by Node's own loader, which cannot look inside an archive.
  const bundled = new URL('./trainer-thread.mjs', import.meta.url);
  return { url: new URL(bundled.href.replace('/app.asar/', '/app.asar.unpacked/')), options: common };
}
