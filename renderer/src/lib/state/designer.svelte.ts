// The designer's state: the experiment being drawn up (one or more runs), what the lab says about
// it, and training it. The view debounces edits into validate(); nothing trains until it passes.
import type { CatalogueEntry, LabApi, Problem as FieldProblem, ResolvedDraft, RunDraft } from '../../../../app/contract/lab-api.ts';
import type { OptimizerKind } from '../../../../engine/spec.ts';
import { readText, writeText, type KeptStorage } from '../kept.ts';
import { LabClientError } from '../lab-client.ts';
import { exampleRuns } from '../draft/example-runs.ts';
import { fieldLabel, inFormWords } from '../draft/field-labels.ts';
import { toRunDraft } from '../draft/run-draft.ts';
import type { RunModel } from '../draft/run-model.ts';
import { restoreDraft, saveDraft } from '../draft/saved-draft.ts';
import { duplicateAs, matchDataAndTraining, unmatchedSettings } from '../draft/twins.ts';
import { designOf, noFactors, type Factors } from '../draft/factors.ts';
import { factorsFromDesign, runModelFromSpec } from '../draft/from-spec.ts';
import { exceptionPatch, expandedRun } from '../draft/exceptions.ts';
import type { ExperimentDesign } from '../../../../app/contract/experiment-design.ts';
import type { ExperimentRow, RunDetail } from '../../../../app/contract/lab-api.ts';

export interface Problem {
  /** What went wrong, for a refusal that is not about the draft's fields (the lab is not answering). */
  message: string;
  /** The spec path at fault, e.g. `runs[1].optimizer.lr`. */
  field?: string;
  /** Every problem of the draft as data, the first first; the designer says them in its own words. */
  problems: readonly FieldProblem[];
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
  /** What varies around the first run; when something does, the experiment is its expansion. */
  factors = $state<Factors>(noFactors());
  /** Runs of the expansion edited by hand: run name → the settings that differ (the design file's `exceptions`). */
  exceptions = $state<Record<string, RunDraft>>({});
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
      this.factors = saved.factors;
      this.exceptions = saved.exceptions;
    }
  }

  /** Keeps the draft, so that a reload or a restart does not lose an afternoon's design. */
  save(): void {
    writeText(this.#storage, DRAFT_KEY, saveDraft({
      experimentName: this.experimentName,
      runs: $state.snapshot(this.runs) as RunModel[],
      selected: this.selected,
      factors: $state.snapshot(this.factors) as Factors,
      exceptions: $state.snapshot(this.exceptions),
    }));
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

  /** The first run with the factors as a design, or null when nothing varies. */
  design(): ExperimentDesign | null {
    const [base] = this.runs;
    return base ? designOf(this.experimentName.trim(), toRunDraft($state.snapshot(base) as RunModel), $state.snapshot(this.factors) as Factors, base.optimizer.kind, $state.snapshot(this.exceptions)) : null;
  }

  /** Keeps the settings of `edited` that differ from run `name`'s expansion as its exception; none left, none kept. */
  keepException(name: string, edited: RunModel): void {
    const design = this.design();
    const plain = design && expandedRun(design, name, false);
    if (!plain) return;
    const patch = exceptionPatch(plain, edited);
    const { [name]: _old, ...others } = this.exceptions;
    this.exceptions = Object.keys(patch).length > 0 ? { ...others, [name]: patch } : others;
  }

  removeException(name: string): void {
    const { [name]: _old, ...others } = this.exceptions;
    this.exceptions = others;
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

  /**
   * What the lab says about one run outside the designer's list (an exception being edited): its
   * problems with the fields relative to the run (`optimizer.lr`), none when it would train.
   */
  async checkRun(run: RunModel): Promise<FieldProblem[]> {
    try {
      await this.#api.validateRuns([toRunDraft(run)]);
      return [];
    } catch (error) {
      const { problems, message } = asProblem(error);
      const prefix = 'runs[0].';
      return problems.length > 0 ? problems.map((p) => ({ ...p, field: p.field.startsWith(prefix) ? p.field.slice(prefix.length) : p.field })) : [{ field: '', expected: message }];
    }
  }

  /** A problem of a run checked by `checkRun`, its field named by its label in that run's forms. */
  runProblemWords(run: RunModel, problem: FieldProblem): string {
    const parameters = this.catalogue.find((entry) => entry.kind === run.dataset.kind)?.parameters;
    return problem.field === '' ? problem.expected : inFormWords(problem, fieldLabel(problem.field, run, parameters), problem.field);
  }

  /** The first problem as the top of the designer says it: which run, and its field by its name on screen. */
  get problemText(): string | undefined {
    if (!this.problem) return undefined;
    const [first] = this.problem.problems;
    if (!first) return this.problem.message;
    const index = this.problemRun;
    if (index === null) return inFormWords(first, undefined);
    const name = this.runs[index]?.name.trim() || `Run ${index + 1}`;
    return `${name}: ${this.#inFormWords(index, first)}`;
  }

  /** What the lab says about `path` (e.g. `optimizer.lr`) of the selected run, in the form's words. */
  fieldError(path: string): string | undefined {
    const full = `runs[${this.selected}].${path}`;
    const about = this.problem?.problems.find(({ field }) => field === full || field.startsWith(`${full}.`) || field.startsWith(`${full}[`));
    return about && this.#inFormWords(this.selected, about);
  }

  /** A problem of run `runIndex`, its field named by its label in that run's forms. */
  #inFormWords(runIndex: number, problem: FieldProblem): string {
    const prefix = `runs[${runIndex}].`;
    const field = problem.field.startsWith(prefix) ? problem.field.slice(prefix.length) : problem.field;
    const run = this.runs[runIndex];
    const parameters = run && this.catalogue.find((entry) => entry.kind === run.dataset.kind)?.parameters;
    return inFormWords(problem, run && fieldLabel(field, run, parameters), field);
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
    this.factors = noFactors();
    this.exceptions = {};
    this.selected = 0;
    this.experimentName = name;
  }

  /**
   * A stored experiment to change and train again (as a new experiment; the stored one stays): a
   * design's first run as the base with its factors, else its runs. Returns what the form cannot show.
   */
  open(experiment: ExperimentRow, runs: readonly RunDetail[]): string[] {
    const first = runs.find((r) => r.parentRunId === null) ?? runs[0];
    if (!first) return [];
    const fromDesign = experiment.design && factorsFromDesign(experiment.design);
    this.runs = fromDesign ? [runModelFromSpec(`${experiment.name} base`, first.spec)] : runs.map((r) => runModelFromSpec(r.name, r.spec));
    this.factors = fromDesign ? fromDesign.factors : noFactors();
    this.exceptions = fromDesign ? fromDesign.exceptions : {};
    this.selected = 0;
    this.experimentName = `${experiment.name} (changed)`;
    return fromDesign ? fromDesign.leftOut : [];
  }

  /** Stores the experiment and starts every run; returns the experiment's id, or null on a problem. */
  async train(): Promise<number | null> {
    this.starting = true;
    try {
      const { experimentId, runIds } = await this.#api.createExperiment(this.design() ?? { name: this.experimentName.trim(), runs: this.drafts() });
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
  if (!(error instanceof LabClientError)) return { message, problems: [] };
  return error.field === undefined ? { message, problems: error.problems } : { message, field: error.field, problems: error.problems };
}
