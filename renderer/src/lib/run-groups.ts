// How Compare draws many runs legibly, from the runs' settings alone (never from their epochs, so
// nothing moves while they train): colour by one setting that differs (e.g. the optimizer), dash by
// another (solid with BN, dashed without), small multiples (facets) for the settings left over or
// when one chart would hold too many curves. Runs that differ only in their seed are repeats of one
// configuration: they share a style and a `repeats` group, where a mean ± band can plug in.
import { RUN_COLORS } from '../../../app/contract/colors.ts';
import type { RunSpec } from '../../../app/contract/lab-api.ts';
import { LEARNING_RATE, TRAINING_FIELDS } from '../../../engine/fields.ts';
import { activationLabel, optimizerLabel } from './labels.ts';

export type Dash = 'solid' | 'dash' | 'dot' | 'dashdot';

export interface PlannedRun {
  id: number;
  name: string;
  spec: RunSpec;
}

/** A setting runs can differ in, with the words a legend shows for its values. */
interface Factor {
  label: string;
  value: (spec: RunSpec) => string;
}

const BATCH_NORM: Factor = { label: 'Batch norm', value: batchNormValue };

/** In the order they are picked for colour: the first that differs colours the runs. */
const FACTORS: Factor[] = [
  { label: 'Optimizer', value: (s) => optimizerLabel(s.optimizer.kind) },
  { label: LEARNING_RATE.label, value: (s) => `lr ${s.optimizer.lr}` },
  BATCH_NORM,
  { label: TRAINING_FIELDS.batchSize.label, value: (s) => `batch ${s.training.batchSize}` },
  { label: 'Hidden layers', value: (s) => s.network.layers.map((l) => `${l.units} ${activationLabel(l.activation)}`).join(', ') },
  { label: 'Data', value: (s) => s.dataset.kind },
];

/**
 * Whatever else differs (momentum β, weight decay, init, …): such runs are not repeats of each
 * other. Its values are named "settings A", "settings B", … in the order runs show them.
 */
function otherSettings(): Factor {
  const names = new Map<string, string>();
  return {
    label: 'Other settings',
    value: (spec) => {
      const key = JSON.stringify({ ...comparedSettings(spec), training: { ...comparedSettings(spec).training, seed: 0 } });
      if (!names.has(key)) names.set(key, `settings ${String.fromCharCode(65 + (names.size % 26))}`);
      return names.get(key)!;
    },
  };
}

const DASHES: Dash[] = ['solid', 'dash', 'dot', 'dashdot'];
/** More curves than this in one chart, and the colour groups get a chart each. */
export const MAX_CURVES_PER_CHART = 8;

export interface RunStyle {
  color: string;
  dash: Dash;
}

/** A value of the colour or dash setting: a legend entry, and a group the run picker shows or hides at once. */
export interface RunGroup {
  label: string;
  runIds: number[];
  /** A colour group's colour; its dash only means something when colour and dash follow one setting. */
  color?: string;
  dash?: Dash;
}

export interface Facet {
  label: string;
  runIds: number[];
}

export interface ComparisonPlan {
  /** The setting that picks each run's colour, or null when each run has its own. */
  colorBy: string | null;
  dashBy: string | null;
  styles: Map<number, RunStyle>;
  colors: RunGroup[];
  dashes: RunGroup[];
  /** Every run is in exactly one; one facet means one chart per row. */
  facets: Facet[];
  /** Runs equal in everything but the seed (groups of one included). */
  repeats: Facet[];
}

export function planComparison(runs: readonly PlannedRun[], maxCurves = MAX_CURVES_PER_CHART): ComparisonPlan {
  const named = FACTORS.filter((f) => new Set(runs.map((r) => f.value(r.spec))).size > 1);
  const other = otherSettings();
  // Other settings count only where the named ones do not already tell the runs apart.
  const otherDiffers = group(runs, (spec) => named.map((f) => f.value(spec)).join('|')).some((g) => new Set(g.runIds.map((id) => other.value(runs.find((r) => r.id === id)!.spec))).size > 1);
  const differing = otherDiffers ? [...named, other] : named;
  const others = differing.filter((f) => f !== BATCH_NORM);
  const last = others.at(-1);
  const dashFactor = differing.includes(BATCH_NORM) ? BATCH_NORM : others.length >= 2 && last && valuesOf(runs, last).length <= DASHES.length ? last : null;
  // With BN the only difference, BN is both colour and dash: two cues for the one thing compared.
  const colorFactor = differing.find((f) => f !== dashFactor && f !== other) ?? dashFactor;
  const facetFactors = differing.filter((f) => f !== colorFactor && f !== dashFactor);

  const colorValues = colorFactor ? valuesOf(runs, colorFactor) : [];
  const dashValues = dashFactor ? valuesOf(runs, dashFactor) : [];
  const styles = new Map<number, RunStyle>(
    runs.map((run, i) => [run.id, {
      color: RUN_COLORS[(colorFactor ? colorValues.indexOf(colorFactor.value(run.spec)) : i) % RUN_COLORS.length]!,
      dash: dashFactor ? DASHES[dashValues.indexOf(dashFactor.value(run.spec)) % DASHES.length]! : 'solid',
    }]),
  );
  const colors = colorFactor
    ? group(runs, colorFactor.value).map((g) => ({ ...g, ...styles.get(g.runIds[0]!)! }))
    : runs.map((run) => ({ label: run.name, runIds: [run.id], ...styles.get(run.id)! }));
  const dashes = dashFactor ? group(runs, dashFactor.value).map((g) => ({ ...g, dash: styles.get(g.runIds[0]!)!.dash })) : [];

  let facets = group(runs, (spec) => facetFactors.map((f) => f.value(spec)).join(' · '));
  if (facets.length === 1 && runs.length > maxCurves && colorFactor && colorFactor !== dashFactor) facets = group(runs, colorFactor.value);
  return {
    colorBy: colorFactor?.label ?? null,
    dashBy: dashFactor?.label ?? null,
    styles,
    colors,
    dashes,
    facets,
    repeats: group(runs, other.value),
  };
}

/** "BN", "no BN", or the hidden layers that have it. */
function batchNormValue(spec: RunSpec): string {
  const on = spec.network.layers.flatMap((l, i) => (l.batchNorm ? [i + 1] : []));
  if (on.length === 0) return 'no BN';
  return on.length === spec.network.layers.length ? 'BN' : `BN on layer${on.length > 1 ? 's' : ''} ${on.join(', ')}`;
}

/** What makes two runs different experiments: not how long they train or how often they keep a checkpoint. */
function comparedSettings(spec: RunSpec): RunSpec {
  return { ...spec, training: { ...spec.training, epochs: 0, checkpointEvery: 0 } };
}

/** Values in the order runs first show them; BN before no BN, so BN is drawn solid. */
function valuesOf(runs: readonly PlannedRun[], factor: Factor): string[] {
  const values = [...new Set(runs.map((r) => factor.value(r.spec)))];
  return factor === BATCH_NORM ? values.sort((a, b) => Number(a === 'no BN') - Number(b === 'no BN')) : values;
}

function group(runs: readonly PlannedRun[], key: (spec: RunSpec) => string): Facet[] {
  const groups = new Map<string, number[]>();
  for (const run of runs) {
    const label = key(run.spec);
    groups.set(label, [...(groups.get(label) ?? []), run.id]);
  }
  return [...groups].map(([label, runIds]) => ({ label, runIds }));
}
