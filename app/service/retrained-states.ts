// States trained again between stored checkpoints (LabRecords.stateAt), kept in memory: replaying
// epochs 11 to 19 of a run whose checkpoints are every 10th epoch then trains from epoch 10 once,
// not once per epoch (Replay of 8 digits runs spent minutes on that). A run's state at an epoch
// never changes, since training again is bit-identical; the key still holds the run's creation
// time, so that a new run given a deleted run's id never finds the old run's states.

export interface RunKey {
  id: number;
  createdAt: string;
}

/** Enough for a few hundred states of a 2×256 network with Adam's moments. */
const DEFAULT_CAPACITY_BYTES = 256 * 1024 * 1024;

export class RetrainedStates {
  /** In use order, least recent first. */
  readonly #states = new Map<string, Uint8Array>();
  #bytes = 0;

  constructor(private readonly capacityBytes = DEFAULT_CAPACITY_BYTES) {}

  /** The latest state kept for an epoch in (after, upTo], if any. */
  latest(run: RunKey, after: number, upTo: number): { epoch: number; state: Uint8Array } | undefined {
    for (let epoch = upTo; epoch > after; epoch--) {
      const key = keyOf(run, epoch);
      const state = this.#states.get(key);
      if (!state) continue;
      this.#states.delete(key);
      this.#states.set(key, state);
      return { epoch, state };
    }
    return undefined;
  }

  add(run: RunKey, epoch: number, state: Uint8Array): void {
    const key = keyOf(run, epoch);
    if (this.#states.has(key) || state.byteLength > this.capacityBytes) return;
    this.#states.set(key, state);
    this.#bytes += state.byteLength;
    for (const [oldest, kept] of this.#states) {
      if (this.#bytes <= this.capacityBytes) break;
      this.#states.delete(oldest);
      this.#bytes -= kept.byteLength;
    }
  }
}

const keyOf = (run: RunKey, epoch: number) => `${run.id}@${run.createdAt}:${epoch}`;
