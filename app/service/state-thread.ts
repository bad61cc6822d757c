// A thread of its own for training a stored run forward to a state the checkpoint policy did not
// keep (replay, branch, export and probes ask for such states). Training an epoch of a large
// network takes seconds; on the service's thread that would stall every other call, and on the
// pool's threads it would wait behind runs that train for hours. Requests are answered one after
// another; the thread starts with the first and does not keep the process alive while idle.
import { Worker } from 'node:worker_threads';
import { LabError } from './lab-error.ts';
import { trainerThreadEntry } from './trainer-thread-entry.ts';
import type { StateReply, StateRequest } from './worker-protocol.ts';

export type StateJob = Omit<StateRequest, 'type' | 'jobId' | 'from'> & { from: { epoch: number; state: Uint8Array; newOptimizer: boolean } };

interface Waiting {
  resolve: (state: Uint8Array) => void;
  reject: (error: Error) => void;
  onEpoch?: (epoch: number) => void;
}

export class StateThread {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextJobId = 1;
  private closed = false;

  /** The state after epoch `job.to`, trained on the thread; `onEpoch` hears of each epoch trained. */
  trainForward(job: StateJob, onEpoch?: (epoch: number) => void): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new LabError('invalid_state', 'the lab is closed; no state can be computed'));
    const worker = this.worker ?? this.spawn();
    const jobId = this.nextJobId++;
    const state = job.from.state.slice().buffer as ArrayBuffer;
    const request: StateRequest = { type: 'state', jobId, ...job, from: { ...job.from, state } };
    return new Promise((resolve, reject) => {
      this.waiting.set(jobId, { resolve, reject, onEpoch });
      worker.ref();
      worker.postMessage(request, [state]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll('the lab was closed before the state was computed');
    await worker?.terminate();
  }

  private spawn(): Worker {
    const { url, options } = trainerThreadEntry('states');
    const worker = new Worker(url, options);
    this.worker = worker;
    worker.on('message', (reply: StateReply) => {
      const job = this.waiting.get(reply.jobId);
      if (!job) return;
      if (reply.type === 'stateProgress') return job.onEpoch?.(reply.epoch);
      this.waiting.delete(reply.jobId);
      if (this.waiting.size === 0) worker.unref();
      if (reply.type === 'state') job.resolve(new Uint8Array(reply.state));
      else job.reject(new LabError(reply.error.code, reply.error.message, reply.error.field));
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(`the thread computing states ended unexpectedly: ${why}`);
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return worker;
  }

  private failAll(message: string): void {
    for (const job of this.waiting.values()) job.reject(new LabError('internal', message));
    this.waiting.clear();
  }
}
