// The designer's state: the experiment being drawn up (one or more runs), what the lab says about
// it, and training it. The view debounces edits into validate(); nothing trains until it passes.
import type { CatalogueEntry, LabApi, ResolvedDraft, RunDraft } from '../../../../app/contract/lab-api.ts';
import type { OptimizerKind } from '../../../../engine/spec.ts';
import { readText, writeText, type KeptStorage } from '../kept.ts';
import { exampleRuns } from '../draft/example-runs.ts';
import { fieldLabel, inFormWords } from '../draft/field-labels.ts';
import { importedFileName } from '../draft/imported-file-name.ts';
import { toRunDraft } from '../draft/run-draft.ts';
import type { RunModel } from '../draft/run-model.ts';
import { restoreDraft, saveDraft } from '../draft/saved-draft.ts';
import { duplicateAs, matchDataAndTraining, unmatchedSettings } from '../draft/twins.ts';

export interface Problem {
  message: string;
  /** The spec path at fault, e.g. `runs[1].optimizer.lr`. */
  field?: string;
}

export type DuplicateChoice = 'bn' | OptimizerKind;

export const EXAMPLE_NAME = 'moons: BN vs no BN';

/** Where the draft is kept between reloads (the browser's local storage in the app). */
const DRAFT_KEY = 'bnlab-draft';

export class DesignerState {
  experimentName = $state(EXAMPLE_NAME);
  runs = $state<RunModel[]>(exampleRuns());
  selected = $state(0);
  catalogue = $state.raw<CatalogueEntry[]>([]);
  resolved = $state.raw<ResolvedDraft[] | null>(null);
  problem = $state.raw<Problem | null>(null);
  checking = $state(false);
  starting = $state(false);
  readonly #api: LabApi;
  readonly #storage: KeptStorage | undefined;
  /** Answers to older edits arrive late sometimes; only the latest counts. */
  #generation = 0;

  /** Opens on the draft `storage` kept from the last visit, or on the example. */
  constructor(api: LabApi, storage?: KeptStorage) {
    this.#api = api;
    this.#storage = storage;
    const saved = restoreDraft(readText(storage, DRAFT_KEY));
    if (saved) {
      this.experimentName = saved.experimentName;
      this.runs = saved.runs;
      this.selected = saved.selected;
    }
  }

  /** Keeps the draft, so that a reload or a restart does not lose an afternoon's design. */
  save(): void {
    writeText(this.#storage, DRAFT_KEY, saveDraft({ experimentName: this.experimentName, runs: $state.snapshot(this.runs) as RunModel[], selected: this.selected }));
  }

  get current(): RunModel {
    return this.runs[Math.min(this.selected, this.runs.length - 1)]!;
  }

  /** Input and output sizes of the selected run, from the lab's resolution of its dataset. */
  get shape(): { inputSize: number; outputUnits: number } {
    const network = this.resolved?.[this.selected]?.spec.network;
    return { inputSize: network?.inputSize ?? 2, outputUnits: network?.output.units ?? 2 };
  }

  /** Runs that are no longer matched twins of the first, with what differs: the comparison would not be fair. */
  get unmatched(): { name: string; differs: string[] }[] {
    const [first, ...others] = this.runs;
    return others.map((run) => ({ name: run.name, differs: unmatchedSettings(first!, run) })).filter((u) => u.differs.length > 0);
  }

  /** Gives every run the first run's data and training settings. */
  matchToFirst(): void {
    const [first] = this.runs;
    this.runs = this.runs.map((run, i) => (i === 0 ? run : matchDataAndTraining($state.snapshot(run) as RunModel, $state.snapshot(first!) as RunModel)));
  }

  /** The index of the run the problem is in, if it names one. */
  get problemRun(): number | null {
    const match = /^runs\[(\d+)\]/.exec(this.problem?.field ?? '');
    return match ? Number(match[1]) : null;
  }

  get canTrain(): boolean {
    return !this.starting && !this.checking && this.problem === null && this.runs.length > 0 && this.experimentName.trim() !== '';
  }

  get status(): string {
    if (this.starting) return 'starting…';
    if (this.checking) return 'checking…';
    if (this.problem) return 'fix the problem above to train';
    if (!this.experimentName.trim()) return 'name the experiment to train';
    return 'ready to train';
  }

  /** The runs in the experiment-file format (reading them makes an effect depend on every field). */
  drafts(): RunDraft[] {
    return this.runs.map((r) => toRunDraft($state.snapshot(r) as RunModel));
  }

  async loadCatalogue(): Promise<void> {
    this.catalogue = await this.#api.datasetCatalogue();
  }

  async validate(drafts: RunDraft[] = this.drafts()): Promise<void> {
    const generation = ++this.#generation;
    this.checking = true;
    try {
      const resolved = await this.#api.validateRuns(drafts);
      if (generation !== this.#generation) return;
      this.resolved = resolved;
      this.problem = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.problem = asProblem(error);
    } finally {
      if (generation === this.#generation) this.checking = false;
    }
  }

  /** The problem as the top of the designer says it: which run, and its fields by their names on screen. */
  get problemText(): string | undefined {
    if (!this.problem) return undefined;
    const index = this.problemRun;
    if (index === null) return this.#withFileNames(this.problem.message);
    const name = this.runs[index]?.name.trim() || `Run ${index + 1}`;
    return `${name}: ${this.#inFormWords(index, this.problem.message.replace(`runs[${index}].`, ''))}`;
  }

  /** The problem's message when it is about `path` (e.g. `optimizer.lr`) of the selected run, in the form's words. */
  fieldError(path: string): string | undefined {
    const field = this.problem?.field;
    if (!field || this.problemRun !== this.selected) return undefined;
    const full = `runs[${this.selected}].${path}`;
    if (field !== full && !field.startsWith(`${full}.`) && !field.startsWith(`${full}[`)) return undefined;
    return this.#inFormWords(this.selected, this.problem!.message.replace(`runs[${this.selected}].`, ''));
  }

  #inFormWords(runIndex: number, message: string): string {
    const run = this.runs[runIndex];
    if (!run) return message;
    const parameters = this.catalogue.find((entry) => entry.kind === run.dataset.kind)?.parameters;
    return inFormWords(this.#withFileNames(message), (path) => fieldLabel(path, run, parameters));
  }

  /** The lab names its own copy of an imported file; the person knows it by the name they picked. */
  #withFileNames(message: string): string {
    const stored = this.runs.map((run) => run.dataset.path).filter((p): p is string => typeof p === 'string' && p !== '');
    return stored.reduce((text, p) => text.replaceAll(p, importedFileName(p)), message);
  }

  select(index: number): void {
    this.selected = Math.max(0, Math.min(index, this.runs.length - 1));
  }

  /** Adds a matched twin of the selected run (same seed) and selects it. */
  duplicate(choice: DuplicateChoice): void {
    const source = $state.snapshot(this.current) as RunModel; // a plain copy: structuredClone refuses proxies
    const copy = choice === 'bn' ? duplicateAs(source, { toggleBatchNorm: true }) : duplicateAs(source, { optimizer: choice });
    // Two runs of one name could not be told apart in the legends and tables.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, gone when the method returns
    const taken = new Set(this.runs.map((r) => r.name));
    for (let n = 2; taken.has(copy.name); n++) copy.name = `${copy.name.replace(/ \(\d+\)$/, '')} (${n})`;
    this.runs.push(copy);
    this.selected = this.runs.length - 1;
  }

  removeRun(index: number): void {
    if (this.runs.length < 2) return;
    this.runs.splice(index, 1);
    this.selected = Math.max(0, Math.min(this.selected, this.runs.length - 1));
  }

  /** Back to the example, as on first open. */
  reset(name = EXAMPLE_NAME): void {
    this.runs = exampleRuns();
    this.selected = 0;
    this.experimentName = name;
  }

  /** Stores the experiment and starts every run; returns the experiment's id, or null on a problem. */
  async train(): Promise<number | null> {
    this.starting = true;
    try {
      const { experimentId, runIds } = await this.#api.createExperiment({ name: this.experimentName.trim(), runs: this.drafts() });
      for (const id of runIds) await this.#api.startRun(id);
      return experimentId;
    } catch (error) {
      this.problem = asProblem(error);
      return null;
    } finally {
      this.starting = false;
    }
  }
}

function asProblem(error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  // A LabClientError over a transport, or the lab's own error when a test calls the handlers directly.
  const field = (error as { field?: unknown } | null)?.field;
  return typeof field === 'string' && field !== '' ? { message, field } : { message };
}
