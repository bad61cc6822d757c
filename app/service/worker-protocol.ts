// The one contract between the lab service and a training thread. Starting a run is a message;
// pause, resume and stop are a word in shared memory, because a training thread is busy inside
// an epoch and reads no messages until the run ends (the trainer checks the word before every step).
// Computing a state the store did not keep is a request and its replies (state-thread.ts).
import type { EpochMetrics, EpochOutcome } from '../../engine/index.ts';
import type { Split } from './datasets/index.ts';
import type { RunSpec } from './run-spec.ts';
import type { StateEncoding } from '../store/state-codec.ts';
import type { EpochRow, LabErrorData } from '../contract/lab-api.ts';

/** Values of the control word: Int32Array(control)[0]. */
/** `step`: train on to the end of the current epoch, then pause (the trainer turns it into `pause` there). */
export const Control = { run: 0, pause: 1, stop: 2, step: 3 } as const;
export type ControlWord = (typeof Control)[keyof typeof Control];

/**
 * Int32Array(control)[1] is the last epoch the store has taken. A thread that is this many epochs
 * ahead of it waits: training faster than the service can store would only pile epochs up in
 * memory and keep the service's thread from answering anything else.
 */
export const MAX_UNSTORED_EPOCHS = 4;

export interface StartMessage {
  type: 'start';
  runId: number;
  spec: RunSpec;
  /** Standardized splits; their buffers are transferred, so the sender gives up its copies. */
  train: Split;
  validation: Split | null;
  /** Engine state to continue from (resume, branch); null trains from the seeded initial weights. */
  state: ArrayBuffer | null;
  /** The state comes from another run whose optimizer may be of another kind (a branch). */
  newOptimizer: boolean;
  /** SharedArrayBuffer of two Int32s: a ControlWord, and the last epoch stored (MAX_UNSTORED_EPOCHS). */
  control: SharedArrayBuffer;
}

/**
 * Train a stored run forward to a state the checkpoint policy did not keep (see trainForward).
 * The thread loads the run's dataset itself, so the service's thread reads only the stored rows.
 */
export interface StateRequest {
  type: 'state';
  jobId: number;
  spec: RunSpec;
  dataDir: string | undefined;
  from: { epoch: number; state: ArrayBuffer; newOptimizer: boolean };
  to: number;
  stored: Pick<EpochRow, 'epoch' | 'trainLoss'>[];
}

export type ToWorker = StartMessage | StateRequest;

/** A state thread's answers to a StateRequest: progress after each epoch trained, then the state or why not. */
export type StateReply =
  | { type: 'stateProgress'; jobId: number; epoch: number }
  | { type: 'state'; jobId: number; state: ArrayBuffer }
  | { type: 'stateFailed'; jobId: number; error: LabErrorData };

export type FromWorker =
  /** Training began at `epoch`; for a fresh run `state` is the initial checkpoint (epoch 0). */
  | { type: 'started'; runId: number; epoch: number; state: ArrayBuffer | null }
  /** An epoch finished with model state `checkpoint`, compressed as stored. Wall time excludes pauses. */
  /** `layerStats` is the metrics' layers encoded for the store (layer-stats-codec.ts), off the service's thread. */
  | { type: 'epoch'; runId: number; metrics: EpochMetrics; layerStats: Uint8Array; wallMs: number; checkpoint: { encoding: StateEncoding; bytes: ArrayBuffer } }
  | { type: 'paused'; runId: number }
  | { type: 'resumed'; runId: number }
  | { type: 'finished'; runId: number; outcome: RunOutcome };

export type RunOutcome =
  | { kind: 'done'; epochs: number }
  /** Stopped on request; epochs after the last checkpoint are lost and will be trained again. */
  | { kind: 'stopped'; epochs: number }
  | Extract<EpochOutcome, { kind: 'diverged' }>
  | { kind: 'failed'; message: string };
