// The MLP of FORMAT.md §3–§6: hidden layers (dense → [BN] → activation) and a dense output layer,
// with per-layer caches named after FORMAT.md §7 and sized once for a batch capacity. Every float
// buffer comes from the network's Kernels (kernels.ts), in its WebAssembly memory when it has one.
import type { FloatArray } from './dtype.ts';
import { arithmeticOf, kernelsFor, type BatchNormCache, type BnParams, type Kernels } from './kernels.ts';
import type { ArenaPlan } from './kernels/wasm.ts';
import { denseBackward, denseForward, type DenseShape } from './layers/dense.ts';
import { ParamStore } from './param-store.ts';
import { hasBias, type Activation, type BnConfig, type ModelSpec } from './spec.ts';

/**
 * `rows`: the largest batch the network will see, known at construction, which lets it live in
 * WebAssembly memory sized once (without it, it stays in TypeScript and grows on demand).
 * `extra`: buffers the caller will take from `kernels` too (the trainer's data and batch).
 */
export interface NetworkOptions {
  rows?: number;
  extra?: { floats: number; allocations: number };
}

/** One hidden layer's tensors (views into the ParamStore) and its batch caches. */
export interface HiddenLayer {
  index: number;
  shape: DenseShape;
  activation: Activation;
  W: FloatArray; // (u, n_in)
  b: FloatArray | null; // (u)
  bn: (BnParams & { runningMean: FloatArray; runningVar: FloatArray; cache: BatchNormCache }) | null;
  dW: FloatArray;
  db: FloatArray | null;
  dgamma: FloatArray | null;
  dbeta: FloatArray | null;
  z: FloatArray; // (n, u) dense output, BN input
  a: FloatArray; // (n, u) activation output
  dA: FloatArray; // (n, u)
  dZTilde: FloatArray | null; // (n, u) BN layers only
  dZ: FloatArray; // (n, u)
  scratch: FloatArray; // (u)
}

export interface OutputLayer {
  shape: DenseShape;
  W: FloatArray; // (k, u_L)
  b: FloatArray; // (k)
  dW: FloatArray;
  db: FloatArray;
  logits: FloatArray; // (n, k)
  dLogits: FloatArray; // (n, k)
  scratch: FloatArray; // (k)
}

export class Network {
  readonly params: ParamStore;
  readonly hidden: HiddenLayer[];
  readonly output: OutputLayer;
  readonly bn: BnConfig;
  readonly hasBatchNorm: boolean;
  readonly kernels: Kernels;
  /** Rows the caches hold; `ensureCapacity` grows them between steps, never inside one. */
  capacity = 0;
  /** Whether the capacity was fixed at construction (a WebAssembly memory cannot grow under its views). */
  private readonly fixedCapacity: boolean;
  dX: FloatArray; // (n, d), filled by backward when asked for
  /** (n, d): a batch from outside the kernels' memory, copied in by forward. */
  private input: FloatArray;

  constructor(
    readonly spec: ModelSpec,
    options: NetworkOptions = {},
  ) {
    const { network } = spec;
    this.bn = spec.bn;
    this.kernels = kernelsFor(arithmeticOf(spec), options.rows === undefined ? null : arenaPlan(spec, options.rows, options.extra));
    this.fixedCapacity = options.rows !== undefined;
    const scratch = (units: number) => this.kernels.allocScratch(units);
    this.params = new ParamStore(network, this.kernels);
    this.hasBatchNorm = network.layers.some((l) => l.batchNorm);
    const p = this.params;
    let inputs = network.inputSize;
    this.hidden = network.layers.map((layer, l): HiddenLayer => {
      const shape = { inputs, units: layer.units };
      inputs = layer.units;
      return {
        index: l,
        shape,
        activation: layer.activation,
        W: p.view(l, 'W')!,
        b: p.view(l, 'b'),
        bn: layer.batchNorm
          ? {
              gamma: p.view(l, 'gamma')!,
              beta: p.view(l, 'beta')!,
              runningMean: p.runningView(l, 'runningMean')!,
              runningVar: p.runningView(l, 'runningVar')!,
              cache: emptyBnCache(layer.units, scratch),
            }
          : null,
        dW: p.view(l, 'W', 'grad')!,
        db: p.view(l, 'b', 'grad'),
        dgamma: p.view(l, 'gamma', 'grad'),
        dbeta: p.view(l, 'beta', 'grad'),
        z: EMPTY,
        a: EMPTY,
        dA: EMPTY,
        dZTilde: null,
        dZ: EMPTY,
        scratch: scratch(layer.units),
      };
    });
    const L = network.layers.length;
    this.output = {
      shape: { inputs, units: network.output.units },
      W: p.view(L, 'W')!,
      b: p.view(L, 'b')!,
      dW: p.view(L, 'W', 'grad')!,
      db: p.view(L, 'b', 'grad')!,
      logits: EMPTY,
      dLogits: EMPTY,
      scratch: scratch(network.output.units),
    };
    this.dX = EMPTY;
    this.input = EMPTY;
    if (options.rows !== undefined) this.ensureCapacity(options.rows);
  }

  /** Allocates every (n, ·) cache for `rows` rows; a no-op when they are already big enough. */
  ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    if (this.fixedCapacity && this.capacity > 0) {
      throw new Error(`this network was built for batches of at most ${this.capacity} rows, not ${rows}`);
    }
    const alloc = (units: number) => this.kernels.allocFloat(rows * units);
    for (const layer of this.hidden) {
      const u = layer.shape.units;
      layer.z = alloc(u);
      layer.a = alloc(u);
      layer.dA = alloc(u);
      layer.dZ = alloc(u);
      if (layer.bn) {
        layer.bn.cache.zNorm = alloc(u);
        layer.bn.cache.zTilde = alloc(u);
        layer.dZTilde = alloc(u);
      }
    }
    this.output.logits = alloc(this.output.shape.units);
    this.output.dLogits = alloc(this.output.shape.units);
    this.dX = alloc(this.spec.network.inputSize);
    this.input = alloc(this.spec.network.inputSize);
    this.capacity = rows;
  }

  /**
   * Forward pass over X(n, d). Training mode normalizes with batch statistics (and needs n >= 2
   * under BN; the caller checks); eval mode uses running statistics. Updates nothing.
   */
  forward(X: FloatArray, n: number, mode: 'train' | 'eval'): FloatArray {
    const k = this.kernels;
    if (!k.owns(X)) this.input.set(X.subarray(0, n * this.spec.network.inputSize));
    let aPrev = this.ownCopy(X);
    for (const layer of this.hidden) {
      const u = layer.shape.units;
      denseForward(k, aPrev, layer.W, layer.b, layer.z, n, layer.shape);
      let pre = layer.z;
      if (layer.bn) {
        const { cache } = layer.bn;
        if (mode === 'train') k.batchNormForward(layer.z, layer.bn, this.bn.eps, cache, n, u);
        else k.batchNormEval(layer.z, layer.bn, { mean: layer.bn.runningMean, var: layer.bn.runningVar }, this.bn.eps, cache, n, u);
        pre = cache.zTilde;
      }
      k.activationForward(layer.activation, pre, layer.a, n * u);
      aPrev = layer.a;
    }
    denseForward(k, aPrev, this.output.W, this.output.b, this.output.logits, n, this.output.shape);
    return this.output.logits;
  }

  /** X itself, or the copy forward made of it when it lives outside the kernels' memory. */
  private ownCopy(X: FloatArray): FloatArray {
    return this.kernels.owns(X) ? X : this.input;
  }

  /**
   * Backward pass of the last training-mode forward, from output.dLogits: fills every gradient in
   * params.grad. With `inputGradient`, also dX (only parity checks need it).
   */
  backward(X: FloatArray, n: number, inputGradient = false): void {
    const k = this.kernels;
    const x = this.ownCopy(X);
    const L = this.hidden.length;
    const out = this.output;
    const lastA = L > 0 ? this.hidden[L - 1]!.a : x;
    const firstDA = L > 0 ? this.hidden[L - 1]!.dA : inputGradient ? this.dX : null;
    denseBackward(k, out.dLogits, lastA, out.W, { dW: out.dW, db: out.db }, firstDA, out.scratch, n, out.shape);
    for (let l = L - 1; l >= 0; l--) {
      const layer = this.hidden[l]!;
      const u = layer.shape.units;
      if (layer.bn) {
        const { cache } = layer.bn;
        k.activationBackward(layer.activation, cache.zTilde, layer.a, layer.dA, layer.dZTilde!, n * u);
        k.batchNormBackward(layer.dZTilde!, layer.bn, cache, { dgamma: layer.dgamma!, dbeta: layer.dbeta! }, layer.dZ, n, u);
      } else {
        k.activationBackward(layer.activation, layer.z, layer.a, layer.dA, layer.dZ, n * u);
      }
      const aPrev = l > 0 ? this.hidden[l - 1]!.a : x;
      const dAPrev = l > 0 ? this.hidden[l - 1]!.dA : inputGradient ? this.dX : null;
      denseBackward(k, layer.dZ, aPrev, layer.W, { dW: layer.dW, db: layer.db }, dAPrev, layer.scratch, n, layer.shape);
    }
  }
}

const EMPTY = new Float64Array(0);

function emptyBnCache(units: number, scratch: (units: number) => FloatArray): BatchNormCache {
  return { mu: scratch(units), var: scratch(units), invStd: scratch(units), zNorm: EMPTY, zTilde: EMPTY, sums: scratch(units), sums2: scratch(units) };
}

/**
 * What the constructor and ensureCapacity(rows) allocate, so that a WebAssembly memory can be sized
 * before the first view of it exists: parameters, gradients, running statistics, the optimizer's
 * moments, per-unit scratch, and per-row caches (4 per hidden layer, 3 more under BN, 2 for the
 * logits, dX and the input copy).
 */
function arenaPlan(spec: ModelSpec, rows: number, extra = { floats: 0, allocations: 0 }): ArenaPlan {
  const { network, optimizer } = spec;
  const moments = optimizer.kind === 'adam' ? 2 : optimizer.kind === 'gd' ? 0 : 1;
  let parameters = 0;
  let running = 0;
  let scratch = network.output.units;
  let cacheColumns = 2 * network.output.units + 2 * network.inputSize;
  let fanIn = network.inputSize;
  for (const layer of network.layers) {
    parameters += layer.units * fanIn + (hasBias(layer) ? layer.units : 0) + (layer.batchNorm ? 2 * layer.units : 0);
    running += layer.batchNorm ? 2 * layer.units : 0;
    scratch += layer.units * (layer.batchNorm ? 6 : 1);
    cacheColumns += layer.units * (layer.batchNorm ? 7 : 4);
    fanIn = layer.units;
  }
  parameters += network.output.units * (fanIn + 1);
  const L = network.layers.length;
  return {
    floats: parameters * (2 + moments) + running + scratch + rows * cacheColumns + extra.floats,
    allocations: 8 + 13 * L + extra.allocations,
    panelRows: Math.max(rows, network.inputSize, network.output.units, ...network.layers.map((l) => l.units)),
    transposeFloats: rows * Math.max(network.output.units, ...network.layers.map((l) => l.units)),
  };
}
