// What the lab holds, as the UI sees it: experiments, runs and their epochs, kept current by the
// lab's events. Components read it; only this class writes it.
import { SvelteMap } from 'svelte/reactivity';
import type { EpochRow, ExperimentRow, LabApi, LabEvent, RunSummary } from '../../../../app/contract/lab-api.ts';

export class LabState {
  experiments = $state<ExperimentRow[]>([]);
  runs = $state<RunSummary[]>([]);
  /** Epochs per run, loaded on demand and extended live while a run trains. */
  readonly epochs = new SvelteMap<number, EpochRow[]>();
  /** Menu commands from the desktop app, for the views to act on. */
  menuCommand = $state<{ command: 'new-experiment' | 'export-report'; at: number } | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly api: LabApi) {}

  async refresh(): Promise<void> {
    const [experiments, runs] = await Promise.all([this.api.listExperiments(), this.api.listRuns()]);
    this.experiments = experiments;
    this.runs = runs;
  }

  run(id: number): RunSummary | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** Loads every stored epoch of the runs not loaded yet (or all of them again with `force`). */
  async loadEpochs(runIds: readonly number[], force = false): Promise<void> {
    await Promise.all(
      runIds
        .filter((id) => force || !this.epochs.has(id))
        .map(async (id) => {
          this.epochs.set(id, await this.api.epochs(id));
        }),
    );
  }

  /** Applies one lab event; returns true when the run list must be fetched again (a run it does not know). */
  handle(event: LabEvent): boolean {
    if (event.kind === 'menu') {
      this.menuCommand = { command: event.command, at: Date.now() };
      return false;
    }
    const index = this.runs.findIndex((r) => r.id === event.runId);
    if (index < 0) return true;
    const run = this.runs[index]!;
    if (event.kind === 'status') {
      this.runs[index] = { ...run, status: event.status, error: event.error };
      // A resumed run rewinds to its checkpoint; its stored epochs are the truth again.
      if (event.status === 'queued') this.epochs.delete(event.runId);
      return false;
    }
    this.runs[index] = { ...run, epochsDone: event.epoch, epochsTotal: event.epochsTotal };
    const rows = (this.epochs.get(event.runId) ?? []).filter((r) => r.epoch < event.epoch);
    this.epochs.set(event.runId, [...rows, { ...event.metrics, runId: event.runId, wallMs: event.wallMs, recordedAt: '' }]);
    return false;
  }
}
