// Runs one parity fixture through the engine and compares every quantity it lists (FORMAT.md §7).
import { EngineError, Network, Optimizer, evaluateBatch, serializeModelState, trainStep, validateModelSpec, type Dtype, type FloatArray } from '../../engine/index.ts';
import type { ParamName, RunningName } from '../../engine/param-store.ts';
import { flatten, type Fixture, type FixtureBatch, type FixtureParams, type LayerQuantity } from './fixture.ts';

/** The first quantity that differs, in the words of STYLE.md §9, or null when all agree. */
export interface Mismatch {
  label: string;
  maxdiff: number;
  index: number;
  message: string;
}

export interface Tolerance {
  /** Forward quantities: activations, statistics, logits, loss. */
  forward: number;
  /** Gradients and parameters after updates, which compound every earlier rounding. */
  backward: number;
}

const PARAM_KEYS: ParamName[] = ['W', 'b', 'gamma', 'beta'];
const RUNNING_KEYS: RunningName[] = ['runningMean', 'runningVar'];
const FORWARD_KEYS: LayerQuantity[] = ['z', 'mu', 'var', 'zNorm', 'zTilde', 'a'];
const BACKWARD_KEYS: LayerQuantity[] = ['dA', 'dZTilde', 'dZ', 'dW', 'db', 'dgamma', 'dbeta'];

/**
 * `sized`: build the network for the fixture's largest batch, which puts a float32 network in
 * WebAssembly once loadWasmKernels() has resolved; otherwise it runs in TypeScript.
 */
export function runFixture(fixture: Fixture, dtype: Dtype, tol: Tolerance, { sized = true } = {}): Mismatch | null {
  const spec = validateModelSpec({ network: fixture.network, bn: fixture.bn, optimizer: fixture.optimizer, dtype });
  const rows = Math.max(fixture.evalBatch.X.length, ...fixture.batches.map((b) => b.X.length));
  const net = new Network(spec, sized ? { rows } : {});
  const optimizer = new Optimizer(spec.optimizer, net.params);
  const named = (what: string) => `${fixture.name} ${dtype} ${what}`;
  const compare: Compare = (what, actual, expected, t) => compareValues(named(what), actual, typeof expected === 'number' ? [expected] : expected, t);
  const oneSided: OneSided = (what, expected, actual) => presenceMismatch(named(what), expected, actual);
  const unloadable = loadParams(net, fixture.params, oneSided);
  if (unloadable) return unloadable;
  const k = spec.network.output.units;
  const classes = spec.network.output.loss === 'softmax_ce';
  const batch = (b: FixtureBatch) => ({
    X: toFloat(dtype, flatten(b.X)),
    y: classes ? Int32Array.from(b.y as number[]) : toFloat(dtype, flatten(b.y)),
    n: b.X.length,
  });

  if (fixture.expectError) {
    const before = serializeModelState(net, optimizer);
    const { X, y, n } = batch(fixture.batches[fixture.expectError.step - 1]!);
    let refused: unknown = null;
    try {
      trainStep(net, optimizer, X, y, n);
    } catch (error) {
      refused = error;
    }
    if (!(refused instanceof EngineError) || refused.code !== fixture.expectError.reason) {
      return mismatch(`${fixture.name} ${dtype} step ${fixture.expectError.step}: expected the engine to refuse with ${fixture.expectError.reason}, got ${String(refused)}`);
    }
    const after = serializeModelState(net, optimizer);
    const changed = after.findIndex((byte, i) => byte !== before[i]);
    if (changed >= 0 || after.length !== before.length) return mismatch(`${fixture.name} ${dtype} refused step changed the model state at byte ${changed}`);
  } else {
    for (const [s, step] of fixture.expected.steps.entries()) {
      const { X, y, n } = batch(fixture.batches[s]!);
      const loss = trainStep(net, optimizer, X, y, n, { inputGradient: s === 0 });
      if (s === 0) {
        const wrong = compareFirstBatch(fixture, net, k, n, loss, compare, oneSided, tol);
        if (wrong) return wrong;
      }
      const wrong = compare(`step ${step.t} loss`, [loss], step.loss, tol.forward) ?? compareParams(net, step.params, `step ${step.t}`, compare, oneSided, tol.backward);
      if (wrong) return wrong;
    }
  }
  const { X, y, n } = batch(fixture.evalBatch);
  const loss = evaluateBatch(net, X, y, n);
  const evalTol = fixture.expected.steps.length > 0 ? tol.backward : tol.forward;
  return compare('eval logits', net.output.logits.subarray(0, n * k), flatten(fixture.expected.eval.logits), evalTol) ?? compare('eval loss', [loss], fixture.expected.eval.loss, evalTol);
}

type Compare = (label: string, actual: ArrayLike<number>, expected: number[] | number, tol: number) => Mismatch | null;
/** A tensor that only one side has (null on the other) is a failure, never a skip. */
type OneSided = (label: string, expected: unknown, actual: unknown) => Mismatch | null;

function compareFirstBatch(fixture: Fixture, net: Network, k: number, n: number, loss: number, compare: Compare, oneSided: OneSided, tol: Tolerance): Mismatch | null {
  const first = fixture.expected.firstBatch!;
  const L = net.hidden.length;
  for (let l = 0; l < L; l++) {
    const layer = net.hidden[l]!;
    const u = layer.shape.units;
    const rows = (a: FloatArray) => a.subarray(0, n * u);
    const actual: Record<LayerQuantity, ArrayLike<number> | null> = {
      z: rows(layer.z),
      mu: layer.bn?.cache.mu.subarray(0, u) ?? null,
      var: layer.bn?.cache.var.subarray(0, u) ?? null,
      zNorm: layer.bn ? rows(layer.bn.cache.zNorm) : null,
      zTilde: layer.bn ? rows(layer.bn.cache.zTilde) : null,
      a: rows(layer.a),
      dA: rows(layer.dA),
      dZTilde: layer.dZTilde ? rows(layer.dZTilde) : null,
      dZ: rows(layer.dZ),
      // dW … dbeta are read after step 1's update: the optimizer reads the gradients but never writes them.
      dW: layer.dW,
      db: layer.db,
      dgamma: layer.dgamma,
      dbeta: layer.dbeta,
    };
    for (const key of [...FORWARD_KEYS, ...BACKWARD_KEYS]) {
      const expected = first.layers[l]![key] ?? null;
      const got = actual[key];
      const missing = oneSided(`step 1 layer ${l} ${key}`, expected, got);
      if (missing) return missing;
      if (expected === null || got === null) continue;
      const wrong = compare(`step 1 layer ${l} ${key}`, got, flatten(expected), FORWARD_KEYS.includes(key) ? tol.forward : tol.backward);
      if (wrong) return wrong;
    }
  }
  const out = net.output;
  const outExpected = first.layers[L]!;
  return (
    compare('step 1 logits', out.logits.subarray(0, n * k), flatten(first.logits), tol.forward) ??
    compare('step 1 loss', [loss], first.loss, tol.forward) ??
    compare('step 1 dLogits', out.dLogits.subarray(0, n * k), flatten(first.dLogits), tol.backward) ??
    compare(`step 1 layer ${L} dW`, out.dW, flatten(outExpected.dW!), tol.backward) ??
    compare(`step 1 layer ${L} db`, out.db, flatten(outExpected.db!), tol.backward) ??
    compare('step 1 dX', net.dX.subarray(0, n * net.spec.network.inputSize), flatten(first.dX), tol.backward)
  );
}

/** Every parameter and running statistic after a step: a fixture that lost its running statistics must not pass by comparing nothing. */
function compareParams(net: Network, expected: FixtureParams[], at: string, compare: Compare, oneSided: OneSided, tol: number): Mismatch | null {
  for (const [l, params] of expected.entries()) {
    for (const key of [...PARAM_KEYS, ...RUNNING_KEYS]) {
      const want = params[key] ?? null;
      const got = engineTensor(net, l, key);
      const wrong = oneSided(`${at} layer ${l} ${key}`, want, got) ?? (want && got ? compare(`${at} layer ${l} ${key}`, got, flatten(want), tol) : null);
      if (wrong) return wrong;
    }
  }
  return null;
}

/** Loads the fixture's initial tensors, or says which one only one side has. */
function loadParams(net: Network, params: FixtureParams[], oneSided: OneSided): Mismatch | null {
  for (const [l, p] of params.entries()) {
    for (const key of [...PARAM_KEYS, ...RUNNING_KEYS]) {
      const values = p[key] ?? null;
      const target = engineTensor(net, l, key);
      const missing = oneSided(`initial layer ${l} ${key}`, values, target);
      if (missing) return missing;
      if (values && target) target.set(flatten(values));
    }
  }
  return null;
}

function engineTensor(net: Network, layer: number, key: ParamName | RunningName): FloatArray | null {
  return key === 'runningMean' || key === 'runningVar' ? net.params.runningView(layer, key) : net.params.view(layer, key);
}

function presenceMismatch(label: string, expected: unknown, actual: unknown): Mismatch | null {
  if ((expected === null) === (actual === null)) return null;
  return mismatch(`${label}: the fixture has ${expected === null ? 'none' : 'a tensor'}, the engine has ${actual === null ? 'none' : 'a tensor'}`);
}

/** |actual − expected| ≤ tol · max(1, |expected|) per number (FORMAT.md §10). */
export function compareValues(label: string, actual: ArrayLike<number>, expected: number[], tol: number): Mismatch | null {
  if (actual.length !== expected.length) return mismatch(`${label}: expected ${expected.length} numbers, got ${actual.length}`);
  let worst = -1;
  let worstDiff = 0;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    const excess = Number.isNaN(diff) ? Infinity : diff / (tol * Math.max(1, Math.abs(expected[i]!)));
    if (excess > 1 && excess > worstExcess) {
      worst = i;
      worstDiff = diff;
      worstExcess = excess;
    }
  }
  if (worst < 0) return null;
  return { label, maxdiff: worstDiff, index: worst, message: `${label}: maxdiff ${worstDiff.toExponential(1)} at [${worst}] (tolerance ${tol} relative)` };
}

function mismatch(message: string): Mismatch {
  return { label: message, maxdiff: NaN, index: -1, message };
}

function toFloat(dtype: Dtype, values: number[]): FloatArray {
  return dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
}
