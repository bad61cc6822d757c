// Training is background work: a training thread lowers its own scheduling priority, so that when
// the cores are contended whatever the person is waiting for (their other programs, the page, the
// service's answers) runs first and training takes the rest. On an otherwise idle machine training
// keeps every cycle it had (measured: 2 digits runs took no longer). It did not shorten the page's
// long tasks under 8 runs on 2 cores: those are single Plotly draws, not waits for a core.
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
