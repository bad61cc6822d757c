// Replay frames, fetched once and kept, so that scrubbing a run of 1000 epochs feels instant.
// A run trained here has a frame for every epoch: the lab keeps epoch 0 whole and trains any epoch
// whose state it did not keep again from the one before (docs/storage.md). A run imported from a
// JSON export has only the states it brought, and every other epoch shows the one before it. The
// frame under the slider is fetched first; the rest is prefetched coarse to fine, the kept states
// first (they cost no training), so that after a moment any slider position has a frame near it.
import type { CheckpointInfo, ReplayFrame, ReplayOptions } from '../../../../app/contract/lab-api.ts';

export type BnMode = ReplayOptions['bnMode'];

export interface FrameSource {
  replayFrame(runId: number, epoch: number, options: ReplayOptions): Promise<ReplayFrame>;
  listCheckpoints(runId: number): Promise<CheckpointInfo[]>;
}

export interface FrameCacheOptions {
  resolution: number;
  /** Requests in flight at once; the lab answers them one after another anyway. */
  concurrency?: number;
  /** Frames kept; the least recently used go first. */
  capacity?: number;
  /** Called whenever a frame arrives. */
  onFrame?: () => void;
  onError?: (error: Error) => void;
}

/** The latest epoch in the sorted list that is at or before `epoch`; null if none is. */
export function checkpointAtOrBefore(sorted: readonly number[], epoch: number): number | null {
  let lo = 0;
  let hi = sorted.length - 1;
  let found: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= epoch) {
      found = sorted[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The items in the order that halves the largest gap first: both ends, then the middle, then the
 * quarters… Every prefix of it covers the whole range as evenly as its length allows.
 */
export function coarseToFine<T>(items: readonly T[]): T[] {
  const n = items.length;
  if (n <= 2) return [...items];
  const order: number[] = [0, n - 1];
  const seen = new Set(order);
  for (let stride = 2 ** Math.floor(Math.log2(n - 1)); stride >= 1; stride /= 2) {
    for (let i = stride; i < n - 1; i += stride) {
      if (!seen.has(i)) {
        seen.add(i);
        order.push(i);
      }
    }
  }
  return order.map((i) => items[i]!);
}

const key = (runId: number, epoch: number, mode: BnMode) => `${runId}:${epoch}:${mode}`;

export class FrameCache {
  readonly #source: FrameSource;
  readonly #options: Required<Omit<FrameCacheOptions, 'onFrame' | 'onError'>> & Pick<FrameCacheOptions, 'onFrame' | 'onError'>;
  /** Insertion order is use order: a hit moves the frame to the end. */
  readonly #frames = new Map<string, ReplayFrame>();
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #checkpoints = new Map<number, { epochsDone: number; epochs: Promise<number[]> }>();
  readonly #known = new Map<number, number[]>();
  /** The epochs whose state the lab kept, a subset of #known, cheaper to draw. */
  readonly #kept = new Map<number, number[]>();
  #urgent: [number, number, BnMode][] = [];
  #background: [number, number, BnMode][] = [];
  #active = 0;

  constructor(source: FrameSource, options: FrameCacheOptions) {
    this.#source = source;
    this.#options = { concurrency: 3, capacity: 8000, ...options };
  }

  /** The run's epochs that have frames, sorted (fetched once per number of epochs the run has done). */
  checkpoints(runId: number, epochsDone = -1): Promise<number[]> {
    const known = this.#checkpoints.get(runId);
    if (known && (epochsDone < 0 || known.epochsDone === epochsDone)) return known.epochs;
    const epochs = this.#source.listCheckpoints(runId).then((list) => {
      const kept = list.map((c) => c.epoch).sort((a, b) => a - b);
      // The latest state is always kept, so the last kept epoch is the last epoch trained.
      const framed = kept[0] === 0 ? Array.from({ length: (kept.at(-1) ?? 0) + 1 }, (_, e) => e) : kept;
      this.#kept.set(runId, kept);
      this.#known.set(runId, framed);
      return framed;
    });
    this.#checkpoints.set(runId, { epochsDone, epochs });
    return epochs;
  }

  /**
   * Follows the lab's list of runs: frames of deleted runs go, and a run that trained further
   * (resumed) has its checkpoints listed again. Its frames stay: a checkpoint never changes.
   */
  sync(runs: readonly { id: number; epochsDone: number }[]): void {
    const done = new Map(runs.map((r) => [r.id, r.epochsDone]));
    for (const [id, known] of this.#checkpoints) {
      if (!done.has(id)) {
        this.#checkpoints.delete(id);
        this.#known.delete(id);
        this.#kept.delete(id);
        for (const k of [...this.#frames.keys()]) if (k.startsWith(`${id}:`)) this.#frames.delete(k);
      } else if (known.epochsDone >= 0 && known.epochsDone !== done.get(id)) void this.checkpoints(id, done.get(id));
    }
  }

  /** The frame that shows `epoch` exactly (its checkpoint's), if it is here. */
  get(runId: number, epoch: number, mode: BnMode): ReplayFrame | undefined {
    const at = checkpointAtOrBefore(this.#known.get(runId) ?? [], epoch);
    return at === null ? undefined : this.#touch(key(runId, at, mode));
  }

  /** False when the run's checkpoints are known and none is at or before `epoch`: no frame will ever show it. */
  canShow(runId: number, epoch: number): boolean {
    const known = this.#known.get(runId);
    return known === undefined || checkpointAtOrBefore(known, epoch) !== null;
  }

  /** The best frame to show while the exact one loads: the cached checkpoint nearest to `epoch`, the earlier on a tie. */
  nearest(runId: number, epoch: number, mode: BnMode): ReplayFrame | undefined {
    const epochs = this.#known.get(runId) ?? [];
    const at = checkpointAtOrBefore(epochs, epoch);
    const start = at === null ? -1 : epochs.indexOf(at);
    for (let d = 0; d < epochs.length + 1; d++) {
      for (const i of [start - d, start + 1 + d]) {
        const e = epochs[i];
        if (e === undefined) continue;
        const frame = this.#frames.get(key(runId, e, mode));
        if (frame) return frame;
      }
    }
    return undefined;
  }

  /** Fetches the frame for the slider's epoch ahead of any prefetching. */
  async want(runId: number, epoch: number, mode: BnMode): Promise<void> {
    const epochs = await this.checkpoints(runId);
    const at = checkpointAtOrBefore(epochs, epoch);
    if (at === null || this.#frames.has(key(runId, at, mode))) return;
    this.#urgent.push([runId, at, mode]);
    this.#pump();
  }

  /** Queues every frame of the runs, kept states first, each coarse to fine and the runs interleaved; replaces earlier prefetching. */
  async prefetch(runs: readonly { id: number; epochsDone: number }[], mode: BnMode): Promise<void> {
    const order = async (id: number, epochsDone: number) => {
      const framed = await this.checkpoints(id, epochsDone);
      const kept = new Set(this.#kept.get(id));
      return [...coarseToFine(framed.filter((e) => kept.has(e))), ...coarseToFine(framed.filter((e) => !kept.has(e)))];
    };
    const lists = await Promise.all(runs.map(async ({ id, epochsDone }) => (await order(id, epochsDone)).map((e) => [id, e, mode] as [number, number, BnMode])));
    const longest = Math.max(0, ...lists.map((l) => l.length));
    this.#background = Array.from({ length: longest }, (_, i) => lists.flatMap((l) => (i < l.length ? [l[i]!] : [])))
      .flat()
      .filter(([id, e]) => !this.#frames.has(key(id, e, mode)));
    this.#pump();
  }

  stopPrefetch(): void {
    this.#background = [];
  }

  /** How many of the runs' checkpoint frames are here, for a "loading" note. */
  progress(runIds: readonly number[], mode: BnMode): { cached: number; total: number } {
    let cached = 0;
    let total = 0;
    for (const id of runIds) {
      for (const e of this.#known.get(id) ?? []) {
        total++;
        if (this.#frames.has(key(id, e, mode))) cached++;
      }
    }
    return { cached, total };
  }

  #touch(k: string): ReplayFrame | undefined {
    const frame = this.#frames.get(k);
    if (frame) {
      this.#frames.delete(k);
      this.#frames.set(k, frame);
    }
    return frame;
  }

  #pump(): void {
    while (this.#active < this.#options.concurrency) {
      const next = this.#urgent.pop() ?? this.#background.shift();
      if (!next) return;
      const [runId, epoch, mode] = next;
      const k = key(runId, epoch, mode);
      if (this.#frames.has(k) || this.#inFlight.has(k)) continue;
      this.#active++;
      const done = this.#source
        .replayFrame(runId, epoch, { bnMode: mode, resolution: this.#options.resolution })
        .then(
          (frame) => {
            this.#frames.set(k, frame);
            if (this.#frames.size > this.#options.capacity) this.#frames.delete(this.#frames.keys().next().value!);
            this.#options.onFrame?.();
          },
          (error: Error) => this.#options.onError?.(error),
        )
        .finally(() => {
          this.#active--;
          this.#inFlight.delete(k);
          this.#pump();
        });
      this.#inFlight.set(k, done);
    }
  }
}
