// The MLP of FORMAT.md §3–§6: hidden layers (dense → [BN] → activation) and a dense output layer,
// with per-layer caches named after FORMAT.md §7 and sized once for a batch capacity.
import { allocFloat, type FloatArray } from './dtype.ts';
import { activationBackward, activationForward } from './layers/activations.ts';
import { batchNormBackward, batchNormEval, batchNormForward, type BatchNormCache, type BnParams } from './layers/batch-norm.ts';
import { denseBackward, denseForward, type DenseShape } from './layers/dense.ts';
import { ParamStore } from './param-store.ts';
import type { Activation, BnConfig, ModelSpec } from './spec.ts';

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
  scratch: Float64Array; // (u)
}

export interface OutputLayer {
  shape: DenseShape;
  W: FloatArray; // (k, u_L)
  b: FloatArray; // (k)
  dW: FloatArray;
  db: FloatArray;
  logits: FloatArray; // (n, k)
  dLogits: FloatArray; // (n, k)
  scratch: Float64Array;
}

export class Network {
  readonly params: ParamStore;
  readonly hidden: HiddenLayer[];
  readonly output: OutputLayer;
  readonly bn: BnConfig;
  readonly hasBatchNorm: boolean;
  /** Rows the caches hold; `ensureCapacity` grows them between steps, never inside one. */
  capacity = 0;
  dX: FloatArray; // (n, d), filled by backward when asked for

  constructor(readonly spec: ModelSpec) {
    const { network, dtype } = spec;
    this.bn = spec.bn;
    this.params = new ParamStore(network, dtype);
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
              cache: emptyBnCache(layer.units),
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
        scratch: new Float64Array(layer.units),
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
      scratch: new Float64Array(network.output.units),
    };
    this.dX = EMPTY;
  }

  /** Allocates every (n, ·) cache for `rows` rows; a no-op when they are already big enough. */
  ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    const alloc = (units: number) => allocFloat(this.spec.dtype, rows * units);
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
    this.capacity = rows;
  }

  /**
   * Forward pass over X(n, d). Training mode normalizes with batch statistics (and needs n >= 2
   * under BN; the caller checks); eval mode uses running statistics. Updates nothing.
   */
  forward(X: FloatArray, n: number, mode: 'train' | 'eval'): FloatArray {
    let aPrev = X;
    for (const layer of this.hidden) {
      const u = layer.shape.units;
      denseForward(aPrev, layer.W, layer.b, layer.z, n, layer.shape);
      let pre = layer.z;
      if (layer.bn) {
        const { cache } = layer.bn;
        if (mode === 'train') batchNormForward(layer.z, layer.bn, this.bn.eps, cache, n, u);
        else batchNormEval(layer.z, layer.bn, { mean: layer.bn.runningMean, var: layer.bn.runningVar }, this.bn.eps, cache, n, u);
        pre = cache.zTilde;
      }
      activationForward(layer.activation, pre, layer.a, n * u);
      aPrev = layer.a;
    }
    denseForward(aPrev, this.output.W, this.output.b, this.output.logits, n, this.output.shape);
    return this.output.logits;
  }

  /**
   * Backward pass of the last training-mode forward, from output.dLogits: fills every gradient in
   * params.grad. With `inputGradient`, also dX (only parity checks need it).
   */
  backward(X: FloatArray, n: number, inputGradient = false): void {
    const L = this.hidden.length;
    const out = this.output;
    const lastA = L > 0 ? this.hidden[L - 1]!.a : X;
    const firstDA = L > 0 ? this.hidden[L - 1]!.dA : inputGradient ? this.dX : null;
    denseBackward(out.dLogits, lastA, out.W, { dW: out.dW, db: out.db }, firstDA, out.scratch, n, out.shape);
    for (let l = L - 1; l >= 0; l--) {
      const layer = this.hidden[l]!;
      const u = layer.shape.units;
      if (layer.bn) {
        const { cache } = layer.bn;
        activationBackward(layer.activation, cache.zTilde, layer.a, layer.dA, layer.dZTilde!, n * u);
        batchNormBackward(layer.dZTilde!, layer.bn, cache, { dgamma: layer.dgamma!, dbeta: layer.dbeta! }, layer.dZ, n, u);
      } else {
        activationBackward(layer.activation, layer.z, layer.a, layer.dA, layer.dZ, n * u);
      }
      const aPrev = l > 0 ? this.hidden[l - 1]!.a : X;
      const dAPrev = l > 0 ? this.hidden[l - 1]!.dA : inputGradient ? this.dX : null;
      denseBackward(layer.dZ, aPrev, layer.W, { dW: layer.dW, db: layer.db }, dAPrev, layer.scratch, n, layer.shape);
    }
  }
}

const EMPTY = new Float64Array(0);

function emptyBnCache(units: number): BatchNormCache {
  return {
    mu: new Float64Array(units),
    var: new Float64Array(units),
    invStd: new Float64Array(units),
    zNorm: EMPTY,
    zTilde: EMPTY,
    sums: new Float64Array(units),
    sums2: new Float64Array(units),
  };
}
