// What the lab holds, as the UI sees it: experiments, runs and their epochs, kept current by the
// lab's events. Components read it; only this class writes it.
import { SvelteMap } from 'svelte/reactivity';
import type { EpochRow, ExperimentRow, LabApi, LabEvent, RunSpec, RunSummary, StateProgress } from '../../../../app/contract/lab-api.ts';
import type { StorageUse } from '../../../../app/contract/records.ts';

/** The events that change a run's summary. */
type RunEvent = Extract<LabEvent, { kind: 'status' | 'epoch' }>;

export class LabState {
  experiments = $state<ExperimentRow[]>([]);
  runs = $state<RunSummary[]>([]);
  /** The lab file's size and each experiment's share; null until read. */
  storage = $state.raw<StorageUse | null>(null);
  /** True once the lists were read: before, an empty list says nothing. */
  loaded = $state(false);
  /** Epochs per run, loaded on demand and extended live while a run trains. */
  readonly epochs = new SvelteMap<number, EpochRow[]>();
  /**
   * Each run's settings, loaded on demand; one load is enough: only a continued run's epoch count
   * changes, and views read that from its summary.
   */
  readonly specs = new SvelteMap<number, RunSpec>();
  /** Epochs heard of for runs not loaded yet: added to what the load brings, so none falls in between. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping no view reads
  readonly #pending = new Map<number, EpochRow[]>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping no view reads
  readonly #loading = new Map<number, Promise<void>>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping no view reads
  readonly #specLoading = new Map<number, Promise<void>>();
  /** Refreshes on their way, and the events heard since the first of them began. */
  #refreshing = 0;
  #heard: RunEvent[] = [];
  /** Runs a state is being trained again for (a replay frame, a branch point), with how far it got. */
  readonly computing = new SvelteMap<number, StateProgress>();
  /** Menu commands from the desktop app, for the views to act on. */
  menuCommand = $state<{ command: 'new-experiment' | 'export-report'; at: number } | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly api: LabApi) {}

  /**
   * Reads experiments and runs again. Events that arrive while the answer is on its way are newer
   * than it, so they are applied to it again: a run that finished meanwhile stays finished.
   */
  async refresh(): Promise<void> {
    this.#refreshing++;
    const from = this.#heard.length;
    try {
      const [experiments, runs, storage] = await Promise.all([this.api.listExperiments(), this.api.listRuns(), this.api.storageUse()]);
      this.experiments = experiments;
      this.runs = runs;
      this.storage = storage;
      this.loaded = true;
      for (const event of this.#heard.slice(from)) this.#updateRun(event);
    } finally {
      if (--this.#refreshing === 0) this.#heard = [];
    }
  }

  run(id: number): RunSummary | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** Loads every stored epoch of the runs not loaded yet (or all of them again with `force`). */
  async loadEpochs(runIds: readonly number[], force = false): Promise<void> {
    await Promise.all(runIds.map((id) => (force || !this.epochs.has(id) ? this.#load(id) : undefined)));
  }

  /**
   * Loads the specs of the runs not loaded yet, one request per run however often it is asked:
   * Compare asks again whenever its run list changes, and 70 runs asked 70 times overran the browser.
   */
  async loadSpecs(runIds: readonly number[]): Promise<void> {
    await Promise.all(runIds.filter((id) => !this.specs.has(id)).map((id) => {
      const inFlight = this.#specLoading.get(id);
      if (inFlight) return inFlight;
      const load = this.api.getRun(id).then((run) => void this.specs.set(run.id, run.spec)).finally(() => this.#specLoading.delete(id));
      this.#specLoading.set(id, load);
      return load;
    }));
  }

  /**
   * One load per run at a time. Epochs heard while it is on its way are kept aside and put after
   * the stored ones, so that none is lost between what the database had and what came since.
   */
  #load(id: number): Promise<void> {
    const inFlight = this.#loading.get(id);
    if (inFlight) return inFlight;
    if (!this.#pending.has(id)) this.#pending.set(id, []);
    const load = this.api
      .epochs(id)
      .then((stored) => {
        const heard = this.#pending.get(id) ?? [];
        this.#pending.delete(id);
        const first = heard[0]?.epoch ?? Infinity;
        this.epochs.set(id, [...stored.filter((r) => r.epoch < first), ...heard]);
      })
      .finally(() => this.#loading.delete(id));
    this.#loading.set(id, load);
    return load;
  }

  /** Applies one lab event; returns true when the run list must be fetched again (a run it does not know). */
  handle(event: LabEvent): boolean {
    if (event.kind === 'menu') {
      this.menuCommand = { command: event.command, at: Date.now() };
      return false;
    }
    if (event.kind === 'stateProgress') {
      if (event.done >= event.total) this.computing.delete(event.runId);
      else this.computing.set(event.runId, event);
      return false;
    }
    if (this.#refreshing > 0) this.#heard.push(event);
    if (!this.#updateRun(event)) return true;
    if (event.kind === 'status') {
      // A resumed run rewinds to its checkpoint; its stored epochs are the truth again.
      if (event.status === 'queued') {
        this.epochs.delete(event.runId);
        this.#pending.delete(event.runId);
      }
      return false;
    }
    const row: EpochRow = { ...event.metrics, runId: event.runId, wallMs: event.wallMs, recordedAt: '' };
    // Only a loaded run grows here; before its load the earlier epochs are not known yet.
    const loaded = this.epochs.get(event.runId);
    if (loaded) this.epochs.set(event.runId, [...loaded.filter((r) => r.epoch < event.epoch), row]);
    if (!loaded || this.#loading.has(event.runId)) this.#pending.set(event.runId, [...(this.#pending.get(event.runId) ?? []).filter((r) => r.epoch < event.epoch), row]);
    return false;
  }

  /** The run's status or progress from an event; false when the run is not in the list. */
  #updateRun(event: RunEvent): boolean {
    const index = this.runs.findIndex((r) => r.id === event.runId);
    if (index < 0) return false;
    const run = this.runs[index]!;
    this.runs[index] = event.kind === 'status' ? { ...run, status: event.status, error: event.error } : { ...run, epochsDone: event.epoch, epochsTotal: event.epochsTotal };
    return true;
  }
}
