// The training thread: runs StartMessages one after another with the engine's Trainer and reports
// every epoch. It is the only module that joins node:worker_threads and the engine.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { Trainer } from '../../engine/index.ts';
import { Control, type FromWorker, type StartMessage, type ToWorker } from './worker-protocol.ts';

if (!parentPort) throw new Error('trainer-thread.ts must run inside a worker_thread');
const port = parentPort;

function post(message: FromWorker): void {
  const buffers = 'state' in message && message.state ? [message.state] : [];
  port.postMessage(message, buffers);
}

/** The engine's state bytes in a buffer of their own, so transferring it moves nothing else. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}

function train(start: StartMessage): void {
  const { runId, spec } = start;
  const control = new Int32Array(start.control);
  let pausedMs = 0;

  // Called before every optimizer step: blocks while paused, says false once a stop is requested.
  const keepGoing = (): boolean => {
    let word = Atomics.load(control, 0);
    if (word === Control.pause) {
      post({ type: 'paused', runId });
      const pausedAt = performance.now();
      while (word === Control.pause) {
        Atomics.wait(control, 0, Control.pause);
        word = Atomics.load(control, 0);
      }
      pausedMs += performance.now() - pausedAt;
      if (word !== Control.stop) post({ type: 'resumed', runId });
    }
    return word !== Control.stop;
  };

  const { epochs, batchSize, seed, init, checkpointEvery } = spec.training;
  const trainer = new Trainer(spec, { epochs, batchSize, seed, init }, { train: start.train, validation: start.validation });
  if (start.state) trainer.loadState(new Uint8Array(start.state), { newOptimizer: start.newOptimizer });
  post({ type: 'started', runId, epoch: trainer.epoch, state: start.state ? null : ownBuffer(trainer.saveState()) });

  while (trainer.epoch < epochs) {
    pausedMs = 0;
    const began = performance.now();
    const outcome = trainer.runEpoch(keepGoing);
    if (outcome.kind === 'stopped') return post({ type: 'finished', runId, outcome: { kind: 'stopped', epochs: trainer.epoch } });
    if (outcome.kind === 'diverged') return post({ type: 'finished', runId, outcome });
    const wallMs = Math.max(0, performance.now() - began - pausedMs);
    const due = trainer.epoch % checkpointEvery === 0 || trainer.epoch === epochs;
    post({ type: 'epoch', runId, metrics: outcome.metrics, wallMs, state: due ? ownBuffer(trainer.saveState()) : null });
    // One epoch was asked for: pause before the next step (unless a stop or resume came meanwhile).
    Atomics.compareExchange(control, 0, Control.step, Control.pause);
  }
  post({ type: 'finished', runId, outcome: { kind: 'done', epochs: trainer.epoch } });
}

port.on('message', (message: ToWorker) => {
  try {
    train(message);
  } catch (error) {
    post({ type: 'finished', runId: message.runId, outcome: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } });
  }
});
