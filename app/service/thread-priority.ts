// Training is background work: with the training threads at normal priority, 8 runs on 2 cores
// left the page's main thread a small share of a core, and one chart's draw blocked it for half a
// second. A training thread lowers its own scheduling priority, so whatever the person is waiting
// for (the page, the service's answers) runs first and training takes the rest; on an otherwise
// idle machine training keeps every cycle it had.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of a training thread: 0 is normal, 19 the lowest. */
export const TRAINING_NICE = 10;

/**
 * Lowers the calling thread's priority to TRAINING_NICE, on Linux only: there a thread is a task
 * of its own with its own id (/proc/thread-self names it) and setpriority on that id changes that
 * one thread. On macOS and Windows the same call takes a process id, so it would lower the whole
 * lab, the thread that answers the page included, or another process that happens to have the
 * number: those keep training at normal priority.
 */
export function lowerThisThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(threadId(), TRAINING_NICE);
  } catch {
    // No /proc (a stripped-down container) or a sandbox that forbids it: training runs as before.
  }
}

/** The calling thread's id, from /proc/thread-self (a link to /proc/<pid>/task/<tid>). Linux only. */
function threadId(): number {
  return Number(readlinkSync('/proc/thread-self').split('/').at(-1));
}
