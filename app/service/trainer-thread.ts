// The training thread: runs StartMessages one after another with the engine's Trainer and reports
// every epoch; as a state thread it answers StateRequests, training a stored run forward to a state
// the store did not keep. It is the only module that joins node:worker_threads and the engine.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { loadWasmKernels } from '../../engine/index.ts';
import { loadDataset, type PreparedDataset } from './datasets/index.ts';
import { toLabError } from './lab-error.ts';
import { encodeState } from '../store/state-codec.ts';
import { encodeLayerStats } from '../store/layer-stats-codec.ts';
import { createTrainer, trainForward } from './train-forward.ts';
import { lowerThisThreadPriority } from './thread-priority.ts';
import type { ThreadData } from './trainer-thread-entry.ts';
import { Control, MAX_UNSTORED_EPOCHS, type FromWorker, type StartMessage, type StateReply, type StateRequest, type ToWorker } from './worker-protocol.ts';

if (!parentPort) throw new Error('trainer-thread.ts must run inside a worker_thread');
const port = parentPort;
// The pool's runs are background work; a state a person waits for (replay, branch, export) is not.
if ((workerData as ThreadData).role === 'training') lowerThisThreadPriority();

function post(message: FromWorker | StateReply): void {
  const buffers = 'state' in message && message.state ? [message.state] : 'checkpoint' in message ? [message.checkpoint.bytes] : [];
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

  const { epochs } = spec.training;
  const trainer = createTrainer(spec, { train: start.train, validation: start.validation });
  if (start.state) trainer.loadState(new Uint8Array(start.state), { newOptimizer: start.newOptimizer });
  post({ type: 'started', runId, epoch: trainer.epoch, state: start.state ? null : ownBuffer(trainer.saveState()) });

  Atomics.store(control, 1, trainer.epoch);
  // Waits while the store is MAX_UNSTORED_EPOCHS behind; the timeout lets it see a stop meanwhile.
  const waitForStore = () => {
    for (let stored = Atomics.load(control, 1); trainer.epoch - stored >= MAX_UNSTORED_EPOCHS && Atomics.load(control, 0) !== Control.stop; stored = Atomics.load(control, 1)) {
      Atomics.wait(control, 1, stored, 100);
    }
  };

  while (trainer.epoch < epochs) {
    waitForStore();
    pausedMs = 0;
    const began = performance.now();
    const outcome = trainer.runEpoch(keepGoing);
    if (outcome.kind === 'stopped') return post({ type: 'finished', runId, outcome: { kind: 'stopped', epochs: trainer.epoch } });
    if (outcome.kind === 'diverged') return post({ type: 'finished', runId, outcome });
    const wallMs = Math.max(0, performance.now() - began - pausedMs);
    // Every epoch's state goes to the store, which keeps the latest (resume loses nothing) and
    // the ones the checkpoint policy keeps for good. It is compressed (and the metrics encoded)
    // here, where it costs the service's thread nothing.
    const { encoding, bytes } = encodeState(trainer.saveState());
    // zlib's output is a Node Buffer that cannot be transferred: its few bytes are copied.
    post({ type: 'epoch', runId, metrics: outcome.metrics, layerStats: encodeLayerStats(outcome.metrics.layers), wallMs, checkpoint: { encoding, bytes: new Uint8Array(bytes).buffer } });
    // One epoch was asked for: pause before the next step (unless a stop or resume came meanwhile).
    Atomics.compareExchange(control, 0, Control.step, Control.pause);
  }
  post({ type: 'finished', runId, outcome: { kind: 'done', epochs: trainer.epoch } });
}

/** The data of the last state asked for: replay and the export ask for one run's states epoch after epoch. */
let lastData: { key: string; data: PreparedDataset } | undefined;

function runData({ spec, dataDir }: StateRequest): PreparedDataset {
  const key = JSON.stringify([spec.dataset, dataDir]);
  // Training only reads it (each trainer copies its splits), so one load serves every request.
  if (lastData?.key !== key) lastData = { key, data: loadDataset(spec.dataset, { dataDir }) };
  return lastData.data;
}

function computeState(request: StateRequest): void {
  const { jobId, spec, from, to, stored } = request;
  try {
    const data = runData(request);
    const state = trainForward(spec, data, { ...from, state: new Uint8Array(from.state) }, to, stored, (epoch) => post({ type: 'stateProgress', jobId, epoch }));
    post({ type: 'state', jobId, state: ownBuffer(state) });
  } catch (error) {
    post({ type: 'stateFailed', jobId, error: toLabError(error).toData() });
  }
}

// Runs are taken in the order they arrive, each once the WebAssembly kernels have compiled (they
// give the same bits as the TypeScript ones, so a failed compile only costs speed).
const kernelsReady = loadWasmKernels().catch(() => undefined);

port.on('message', (message: ToWorker) => {
  void kernelsReady.then(() => {
    if (message.type === 'state') return computeState(message);
    try {
      train(message);
    } catch (error) {
      post({ type: 'finished', runId: message.runId, outcome: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } });
    }
  });
});
