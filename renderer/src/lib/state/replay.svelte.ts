// The replay view's state: which finished runs are shown, the one epoch every panel shows, BN's
// mode for the boundary, the layer, and the player. Frames come from a FrameCache.
import type { LabApi, ReplayFrame, RunSummary } from '../../../../app/contract/lab-api.ts';
import { readJson, writeJson, type KeptStorage } from '../kept.ts';
import { FrameCache, type BnMode } from '../replay/frame-cache.ts';

/** Grid points per axis of the decision boundary. */
export const REPLAY_RESOLUTION = 40;
const PLACE_KEY = 'bnlab-replay';

/** Frames that arrive within this time are drawn together. */
const FRAME_BATCH_MS = 60;
/** A play-through takes about this many steps, whatever the number of epochs. */
const PLAY_STEPS = 150;

/** Runs that can be replayed: trained at least one epoch and not training now. */
export function replayable(runs: readonly RunSummary[]): RunSummary[] {
  return runs.filter((r) => r.epochsDone > 0 && r.status !== 'running' && r.status !== 'queued');
}

export class ReplayState {
  chosenIds = $state<number[]>([]);
  epoch = $state(0);
  bnMode = $state<BnMode>('eval');
  /** The layer the person picked; until then the panels show the deepest hidden layer (see layerOf). */
  chosenLayer = $state<number | null>(null);
  playing = $state(false);
  error = $state<string | null>(null);
  /** The experiment whose runs were put on show, and the runs offered so far (plain: no view depends on them). */
  experimentId: number | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- plain on purpose, see above
  #offered = new Set<number>();
  /** Bumped when frames arrived, so that what reads frames draws again. */
  #version = $state(0);
  #redrawSoon: ReturnType<typeof setTimeout> | null = null;
  readonly cache: FrameCache;

  readonly #storage: KeptStorage | undefined;

  /** Comes back to the place `storage` kept (a reload of the tab), if any. */
  constructor(api: LabApi, storage?: KeptStorage) {
    this.#storage = storage;
    this.#restore();
    this.cache = new FrameCache(api, {
      resolution: REPLAY_RESOLUTION,
      // Prefetching brings hundreds of frames a second; the views redraw for them a few times a second.
      onFrame: () => {
        if (this.#redrawSoon) return;
        this.#redrawSoon = setTimeout(() => {
          this.#redrawSoon = null;
          this.#version++;
        }, FRAME_BATCH_MS);
      },
      onError: (error) => (this.error = error.message),
    });
  }

  /**
   * Shows the finished runs of an experiment: all of them when it is another experiment than
   * before, and later only the runs that finished since (a run the person unticked stays unticked).
   */
  follow(experimentId: number | null, finished: readonly RunSummary[]): void {
    if (experimentId === null) return;
    const fresh = experimentId !== this.experimentId;
    if (fresh) {
      this.experimentId = experimentId;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- plain on purpose, see #offered
      this.#offered = new Set();
      this.chosenIds = [];
      this.chosenLayer = null;
    }
    const added = finished.filter((r) => r.experimentId === experimentId && !this.#offered.has(r.id));
    if (added.length === 0) return;
    for (const r of added) this.#offered.add(r.id);
    this.chosenIds = [...this.chosenIds, ...added.map((r) => r.id)];
    if (fresh || this.epoch === 0) this.epoch = Math.max(this.epoch, ...added.map((r) => r.epochsDone));
  }

  /** Keeps the runs shown, the epoch, the mode and the layer, so that a reload comes back to them. */
  save(): void {
    const place = { experimentId: this.experimentId, offered: [...this.#offered], chosenIds: this.chosenIds, epoch: this.epoch, bnMode: this.bnMode, layer: this.chosenLayer };
    writeJson(this.#storage, PLACE_KEY, place);
  }

  #restore(): void {
    const place = (readJson(this.#storage, PLACE_KEY) ?? {}) as Record<string, unknown>;
    const ids = (value: unknown) => (Array.isArray(value) && value.every(Number.isInteger) ? (value as number[]) : null);
    const [offered, chosen] = [ids(place.offered), ids(place.chosenIds)];
    if (!Number.isInteger(place.experimentId) || !offered || !chosen) return;
    this.experimentId = place.experimentId as number;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- plain on purpose, see #offered
    this.#offered = new Set(offered);
    this.chosenIds = chosen;
    if (Number.isInteger(place.epoch) && (place.epoch as number) >= 0) this.epoch = place.epoch as number;
    if (place.bnMode === 'train' || place.bnMode === 'eval') this.bnMode = place.bnMode;
    if (Number.isInteger(place.layer) && (place.layer as number) >= 0) this.chosenLayer = place.layer as number;
  }

  /**
   * The layer the panels show: the one picked, else the deepest hidden layer, whose inputs drift
   * most without BN (on layer 1 the drift is hardly visible).
   */
  layerOf(hiddenLayers: number): number {
    return Math.min(this.chosenLayer ?? hiddenLayers - 1, hiddenLayers - 1);
  }

  toggle(runId: number, on: boolean): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- only drops a duplicate id
    this.chosenIds = on ? [...new Set([...this.chosenIds, runId])] : this.chosenIds.filter((id) => id !== runId);
  }

  /**
   * The frame to draw for a run at the slider's epoch, and whether it is that epoch's, a stand-in
   * while it loads, or the nearest there is (`missing`: no checkpoint at or before the epoch).
   */
  frame(run: Pick<RunSummary, 'id' | 'epochsDone'>): { frame: ReplayFrame | undefined; exact: boolean; missing: boolean } {
    void this.#version;
    const epoch = Math.min(this.epoch, run.epochsDone);
    const exact = this.cache.get(run.id, epoch, this.bnMode);
    if (exact) return { frame: exact, exact: true, missing: false };
    return { frame: this.cache.nearest(run.id, epoch, this.bnMode), exact: false, missing: !this.cache.canShow(run.id, epoch) };
  }

  loaded(runIds: readonly number[]): { cached: number; total: number } {
    void this.#version;
    return this.cache.progress(runIds, this.bnMode);
  }

  togglePlay(lastEpoch: number): void {
    if (!this.playing && this.epoch >= lastEpoch) this.epoch = 0;
    this.playing = !this.playing;
  }

  /** One step of the player; it stops at the last epoch. */
  tick(lastEpoch: number): void {
    if (this.epoch >= lastEpoch) {
      this.playing = false;
      return;
    }
    this.epoch = Math.min(lastEpoch, this.epoch + Math.max(1, Math.round(lastEpoch / PLAY_STEPS)));
  }
}
