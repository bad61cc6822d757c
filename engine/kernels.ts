// The hot loops, and only them, behind one contract: every loop over a batch or a parameter
// buffer that a training step runs. A network gets one Kernels object, which also owns the memory
// its float buffers live in (`allocFloat` is the one allocation point), because the WebAssembly
// implementation can only read its own linear memory.
//
// Determinism is part of the contract: an arithmetic names exactly how every output is computed
// (float32.c states the order for 'float32'), so which implementation runs never changes a bit.
import { ARITHMETICS, defaultArithmetic, type Arithmetic, type FloatArray } from './dtype.ts';
import { EngineError } from './errors.ts';
import * as float32Loops from './kernels/float32.ts';
import * as float64SumLoops from './kernels/float64-sums.ts';
import { wasmFloat32Kernels, wasmKernelsLoaded, type ArenaPlan } from './kernels/wasm.ts';
import type { Targets } from './layers/losses.ts';
import type { Activation, LossKind, ModelSpec, OptimizerSpec } from './spec.ts';

/** The spec's arithmetic, which must be one of its dtype's. */
export function arithmeticOf(spec: ModelSpec): Arithmetic {
  const arithmetic = spec.arithmetic ?? defaultArithmetic(spec.dtype);
  if (!ARITHMETICS.includes(arithmetic) || (arithmetic === 'float64') !== (spec.dtype === 'float64')) {
    throw new EngineError('invalid_training', `arithmetic must be one of ${ARITHMETICS.filter((a) => (a === 'float64') === (spec.dtype === 'float64')).map((a) => `"${a}"`).join(', ')} for dtype ${spec.dtype}, got ${JSON.stringify(arithmetic)}`, 'arithmetic');
  }
  return arithmetic;
}

/**
 * A network's kernels. 'float32' runs in WebAssembly once loadWasmKernels() has resolved and the
 * network's size is planned (`plan`), in its TypeScript twin otherwise: the same bits either way.
 */
export function kernelsFor(arithmetic: Arithmetic, plan: ArenaPlan | null): Kernels {
  if (arithmetic === 'float32') return plan !== null && wasmKernelsLoaded() ? wasmFloat32Kernels(plan) : float32Kernels();
  const float = arithmetic === 'float64' ? Float64Array : Float32Array;
  return { ...float64SumLoops, arithmetic, allocFloat: (length) => new float(length), allocScratch: (length) => new Float64Array(length), ...heapIndices };
}

/** The 'float32' kernels in TypeScript, on the JavaScript heap. */
export function float32Kernels(): Kernels {
  return { ...float32Loops, arithmetic: 'float32', allocFloat: (length) => new Float32Array(length), allocScratch: (length) => new Float32Array(length), ...heapIndices };
}

const heapIndices = { allocIndices: (length: number) => new Uint32Array(length), owns: () => true };

/** BN's per-unit batch state of one layer: statistics (u) and the normalized batch (n, u). */
export interface BatchNormCache {
  mu: FloatArray; // (u) batch mean
  var: FloatArray; // (u) BIASED batch variance (divides by n)
  invStd: FloatArray; // (u) 1 / sqrt(var + eps)
  zNorm: FloatArray; // (n, u)
  zTilde: FloatArray; // (n, u)
  sums: FloatArray; // (u) scratch for reductions
  sums2: FloatArray; // (u) scratch for reductions
}

export interface BnParams {
  gamma: FloatArray; // (u) BN scale γ
  beta: FloatArray; // (u) BN shift β (not an optimizer's beta)
}

export interface RunningStats {
  mean: FloatArray; // (u)
  var: FloatArray; // (u) UNBIASED running variance
}

/** One optimizer update of a parameter segment [0, length) of its views. */
export interface SegmentUpdate {
  data: FloatArray;
  grad: FloatArray;
  m: FloatArray; // first moment (momentum, Adam), empty otherwise
  v: FloatArray; // second moment (RMSprop, Adam), empty otherwise
  decay: number; // coupled L2 weight decay of this segment (0 when it has none)
  t: number; // 1-based step, for Adam's bias correction
}

/**
 * Every function works on the first `n` rows of row-major buffers that `allocFloat` (or
 * `allocScratch`, `allocIndices`) of the same Kernels object returned, and allocates nothing.
 */
export interface Kernels {
  readonly arithmetic: Arithmetic;
  /** Buffers of the network's dtype; a WebAssembly arena refuses once its planned size is used. */
  allocFloat(length: number): FloatArray;
  /** Per-unit scratch (BN statistics, reductions), float64 for the float64-sum arithmetics. */
  allocScratch(length: number): FloatArray;
  allocIndices(length: number): Uint32Array;
  /** Whether x lives in this object's memory (a WebAssembly kernel can read nothing else). */
  owns(x: FloatArray): boolean;

  /** out(n, m) = a(n, k) @ b(m, k)ᵀ [+ bias(m)]: the Linear layout, one row of `b` per output unit. */
  matmulABt(out: FloatArray, a: FloatArray, b: FloatArray, bias: FloatArray | null, n: number, k: number, m: number): void;
  /** out(m, k) = d(n, m)ᵀ @ a(n, k): the weight gradient dW = dZᵀ @ a_prev. */
  matmulAtB(out: FloatArray, d: FloatArray, a: FloatArray, n: number, m: number, k: number): void;
  /** out(n, k) = d(n, m) @ b(m, k): the input gradient dA_prev = dZ @ W. */
  matmulAB(out: FloatArray, d: FloatArray, b: FloatArray, n: number, m: number, k: number): void;
  /** sums(m) = Σ_i x[i, :] over the first n rows of x(n, m). */
  columnSums(sums: FloatArray, x: FloatArray, n: number, m: number): void;

  /** Training mode: normalize z(n, u) with the batch's own statistics (two-pass variance). */
  batchNormForward(z: FloatArray, p: BnParams, eps: number, cache: BatchNormCache, n: number, u: number): void;
  /** Eval mode: normalize with the running statistics; works for any n, including 1. */
  batchNormEval(z: FloatArray, p: BnParams, running: RunningStats, eps: number, cache: BatchNormCache, n: number, u: number): void;
  /**
   * Given dZTilde(n, u): dgamma, dbeta, and dZ(n, u). Two reductions, then one pass: with
   * Σ dZn = γ·dβ and Σ dZn ⊙ zNorm = γ·dγ, dZ = γ/(n·sqrt(var + eps)) · (n·dZTilde − dβ − zNorm ⊙ dγ).
   */
  batchNormBackward(dZTilde: FloatArray, p: BnParams, cache: BatchNormCache, grads: { dgamma: FloatArray; dbeta: FloatArray }, dZ: FloatArray, n: number, u: number): void;
  /** Once per training step: the new statistic weighs `momentum`; the variance term is UNBIASED. */
  updateRunningStats(running: RunningStats, cache: BatchNormCache, momentum: number, n: number, u: number): void;

  /** a = g(x) over the first `length` entries. */
  activationForward(kind: Activation, x: FloatArray, a: FloatArray, length: number): void;
  /** dX = dA ⊙ g'(x): ReLU-like derivatives read the input x, tanh and sigmoid the output a. */
  activationBackward(kind: Activation, x: FloatArray, a: FloatArray, dA: FloatArray, dX: FloatArray, length: number): void;
  /** Mean data loss of logits(n, k); writes dLogits(n, k) = ∂loss/∂logits when given. */
  lossForwardBackward(kind: LossKind, logits: FloatArray, y: Targets, dLogits: FloatArray | null, n: number, k: number): number;

  /**
   * One optimizer update of one parameter segment (FORMAT.md §6). Returns Σ grad² of the segment's
   * raw gradient (before decay), for its gradient norm, summed in the loop that reads it for the
   * update rather than in a second pass over every gradient.
   */
  updateSegment(spec: OptimizerSpec, segment: SegmentUpdate, length: number): number;
  /** out[r, :] = x[order[from + r], :] for r < rows, rows of `width` numbers: the batch gather. */
  gatherRows(out: FloatArray, x: FloatArray, order: Uint32Array, from: number, rows: number, width: number): void;
}
