// A fixed number of training threads and a queue of runs waiting for one. A thread is reused for
// the next run; a thread that crashes is replaced, and its run reported as failed.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { trainerThreadEntry } from './trainer-thread-entry.ts';
import { Control, type ControlWord, type FromWorker, type RunOutcome, type StartMessage } from './worker-protocol.ts';

export type RunJob = Omit<StartMessage, 'type' | 'control'>;

/** Everything a thread reports about a run except the end, which `finished` resolves with. */
export type RunEvent = Exclude<FromWorker, { type: 'finished' }>;

export interface RunHandle {
  readonly runId: number;
  pause(): void;
  resume(): void;
  /** A paused run trains one more epoch and pauses again. */
  step(): void;
  stop(): void;
  /** The store has taken the run's epochs up to `epoch`: its thread may train that much further. */
  stored(epoch: number): void;
  /** True once stop was asked: the run ends after its current step and cannot be resumed in place. */
  readonly stopping: boolean;
  readonly finished: Promise<RunOutcome>;
}

interface Pending {
  job: RunJob;
  control: Int32Array<SharedArrayBuffer>;
  onEvent: (event: RunEvent) => void;
  settle: (outcome: RunOutcome) => void;
  finished: Promise<RunOutcome>;
}

export class WorkerPool {
  readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private threads = 0;
  private closed = false;

  constructor(size = availableParallelism()) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker pool size must be an integer >= 1, got ${size}`);
    this.size = size;
  }

  /** Queues a run; it starts as soon as a thread is free. Events arrive in the order the thread sent them. */
  submit(job: RunJob, onEvent: (event: RunEvent) => void): RunHandle {
    if (this.closed) throw new Error('the worker pool is closed');
    const control = new Int32Array(new SharedArrayBuffer(8));
    let settle!: (outcome: RunOutcome) => void;
    const finished = new Promise<RunOutcome>((resolve) => (settle = resolve));
    const pending: Pending = { job, control, onEvent, settle, finished };
    const signal = (word: ControlWord) => {
      // A stop is final: a late pause or resume must not undo it.
      if (Atomics.load(control, 0) === Control.stop) return;
      Atomics.store(control, 0, word);
      Atomics.notify(control, 0);
    };
    const handle: RunHandle = {
      runId: job.runId,
      pause: () => signal(Control.pause),
      resume: () => signal(Control.run),
      step: () => signal(Control.step),
      stored: (epoch) => {
        Atomics.store(control, 1, epoch);
        Atomics.notify(control, 1);
      },
      get stopping() {
        return Atomics.load(control, 0) === Control.stop;
      },
      stop: () => {
        const queued = this.queue.indexOf(pending);
        if (queued >= 0) {
          this.queue.splice(queued, 1);
          settle({ kind: 'stopped', epochs: -1 });
          return;
        }
        signal(Control.stop);
      },
      finished,
    };
    this.queue.push(pending);
    this.dispatch();
    return handle;
  }

  /** Runs waiting for a thread. */
  get queued(): number {
    return this.queue.length;
  }

  /** Stops every run and ends the threads. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.settle({ kind: 'stopped', epochs: -1 });
    for (const pending of this.busy.values()) {
      Atomics.store(pending.control, 0, Control.stop);
      Atomics.notify(pending.control, 0);
    }
    // A thread sees the stop before its next step; the last checkpoint is already saved. Busy threads
    // leave `busy` as they finish, so the list to end is taken first.
    const threads = [...this.idle, ...this.busy.keys()];
    await Promise.all([...this.busy.values()].map((p) => p.finished));
    await Promise.all(threads.map((worker) => worker.terminate()));
    this.idle.length = 0;
    this.busy.clear();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.threads < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      const { job, control } = pending;
      const buffers = [job.train.X.buffer, job.train.y.buffer, ...(job.validation ? [job.validation.X.buffer, job.validation.y.buffer] : []), ...(job.state ? [job.state] : [])];
      const message: StartMessage = { type: 'start', ...job, control: control.buffer };
      worker.postMessage(message, buffers as ArrayBuffer[]);
    }
  }

  private spawn(): Worker {
    const { url, options } = trainerThreadEntry('training');
    const worker = new Worker(url, options);
    this.threads++;
    worker.on('message', (message: FromWorker) => {
      const pending = this.busy.get(worker);
      if (!pending || message.runId !== pending.job.runId) return;
      if (message.type !== 'finished') return pending.onEvent(message);
      this.busy.delete(worker);
      pending.settle(message.outcome);
      if (this.closed) return;
      this.idle.push(worker);
      this.dispatch();
    });
    let gone = false;
    const lost = (why: string) => {
      if (gone) return;
      gone = true;
      this.threads--;
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      pending?.settle({ kind: 'failed', message: `the training thread ended unexpectedly: ${why}` });
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return worker;
  }
}
