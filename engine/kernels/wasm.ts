// The 'float32' kernels in WebAssembly SIMD128 (float32.c), one instance and one linear memory per
// network. The memory is sized once from the network's plan and never grown, because growing it
// would detach every view handed out. Loops that are not hot (tanh, sigmoid, losses, running
// statistics) are the TypeScript twin's, run on views of the same memory.
import type { FloatArray } from '../dtype.ts';
import { float32Kernels, type Kernels } from '../kernels.ts';
import { adamConstants, LEAK } from './float32.ts';
import { FLOAT32_WASM_BASE64 } from './float32-wasm.ts';

/** What a network will allocate: float counts add up, each allocation may pad to 16 bytes. */
export interface ArenaPlan {
  floats: number;
  allocations: number;
  /** The longest reduction of a matrix product (max of rows, fan-ins and widths): its panel's height. */
  panelRows: number;
  /** The largest dZ(n, u) that dW = dZᵀ a reads, which is transposed first. */
  transposeFloats: number;
}

const PAGE = 65536;
/** Columns of y one packed panel holds (PANEL in float32.c). */
const PANEL_COLUMNS = 64;
/** The module's own stack and data, below __heap_base. */
const RESERVED = PAGE;

let compiled: WebAssembly.Module | null = null;

/**
 * Compiles the module, once per thread. Asynchronous because a renderer's main thread may not
 * compile a module of this size synchronously; until it resolves, networks use the TypeScript twin.
 */
export async function loadWasmKernels(): Promise<void> {
  compiled ??= await WebAssembly.compile(decodeBase64(FLOAT32_WASM_BASE64));
}

export function wasmKernelsLoaded(): boolean {
  return compiled !== null;
}

type Exports = Record<string, (...args: number[]) => number> & { __heap_base: WebAssembly.Global };

export function wasmFloat32Kernels(plan: ArenaPlan): Kernels {
  if (compiled === null) throw new Error('wasmFloat32Kernels before loadWasmKernels() resolved');
  const panelFloats = plan.panelRows * PANEL_COLUMNS;
  const bytes = RESERVED + 4 * (plan.floats + panelFloats + plan.transposeFloats) + 16 * (plan.allocations + 2);
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
  const e = new WebAssembly.Instance(compiled, { env: { memory } }).exports as Exports;
  const heapBase = e.__heap_base.value;
  if (heapBase > RESERVED) throw new Error(`float32.wasm reserves ${heapBase} bytes, more than the ${RESERVED} planned`);
  // The memory never grows, so its buffer is read once: the getter costs more than some small kernels.
  const buffer = memory.buffer;
  let top = RESERVED;
  const end = buffer.byteLength;
  const take = (length: number): number => {
    const at = top;
    top += (length * 4 + 15) & ~15;
    if (top > end) throw new Error(`the network's WebAssembly memory (${end} bytes) is smaller than its plan: ${top} bytes wanted`);
    return at;
  };
  const allocFloat = (length: number) => new Float32Array(buffer, take(length), length);
  const panel = take(panelFloats);
  const transposed = take(plan.transposeFloats);
  /** A view's address in this memory; a view of any other buffer is a bug the kernel would not see. */
  const at = (x: FloatArray | Uint32Array): number => {
    if (x.buffer !== buffer) throw new Error('a WebAssembly kernel was handed a buffer outside its memory');
    return x.byteOffset;
  };
  const twin = float32Kernels();
  return {
    ...twin,
    allocFloat,
    allocScratch: allocFloat,
    allocIndices: (length) => new Uint32Array(buffer, take(length), length),
    owns: (x) => x.buffer === buffer,
    matmulABt: (out, a, b, bias, n, k, m) => void e.matmulABt!(at(out), at(a), at(b), bias === null ? 0 : at(bias), n, k, m, panel),
    matmulAtB: (out, d, a, n, m, k) => {
      if (n * m > plan.transposeFloats) throw new Error(`dW of ${n} × ${m} is larger than the ${plan.transposeFloats} floats planned for its transpose`);
      e.matmulAtB!(at(out), at(d), at(a), n, m, k, panel, transposed);
    },
    matmulAB: (out, d, b, n, m, k) => void e.matmulAB!(at(out), at(d), at(b), n, m, k, panel),
    columnSums: (sums, x, n, u) => void e.columnSums!(at(sums), at(x), n, u),
    batchNormForward: (z, p, eps, c, n, u) =>
      void e.batchNormForward!(at(z), at(p.gamma), at(p.beta), eps, at(c.mu), at(c.var), at(c.invStd), at(c.zNorm), at(c.zTilde), n, u),
    batchNormEval: (z, p, running, eps, c, n, u) =>
      void e.batchNormEval!(at(z), at(p.gamma), at(p.beta), eps, at(running.mean), at(running.var), at(c.invStd), at(c.zNorm), at(c.zTilde), n, u),
    batchNormBackward: (dZTilde, p, c, grads, dZ, n, u) =>
      void e.batchNormBackward!(at(dZTilde), at(c.zNorm), at(p.gamma), at(c.invStd), at(grads.dgamma), at(grads.dbeta), at(c.sums), at(dZ), n, u),
    activationForward(kind, x, a, length) {
      if (kind === 'relu' || kind === 'leaky_relu') e.rectifyForward!(at(x), at(a), length, kind === 'relu' ? 0 : LEAK);
      else twin.activationForward(kind, x, a, length);
    },
    activationBackward(kind, x, a, dA, dX, length) {
      if (kind === 'relu' || kind === 'leaky_relu') e.rectifyBackward!(at(x), at(dA), at(dX), length, kind === 'relu' ? 0 : LEAK);
      else twin.activationBackward(kind, x, a, dA, dX, length);
    },
    updateSegment(spec, { data, grad, m, v, decay, t }, length) {
      switch (spec.kind) {
        case 'gd':
          return e.updateGd!(at(data), at(grad), length, spec.lr, decay);
        case 'momentum':
          return e.updateMomentum!(at(data), at(grad), at(m), length, spec.lr, decay, spec.beta);
        case 'rmsprop':
          return e.updateRmsprop!(at(data), at(grad), at(v), length, spec.lr, decay, spec.beta2, spec.eps);
        case 'adam': {
          const c = adamConstants(spec, t);
          return e.updateAdam!(at(data), at(grad), at(m), at(v), length, spec.lr, decay, c.beta1, c.beta2, spec.eps, c.correction1, c.correction2);
        }
      }
    },
    gatherRows: (out, x, order, from, rows, width) => void e.gatherRows!(at(out), at(x), at(order) + 4 * from, rows, width),
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes, without atob (not in the engine's ES2022 library) or Buffer (Node only). */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const value = new Uint8Array(128);
  for (let i = 0; i < BASE64.length; i++) value[BASE64.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    bits = (bits << 6) | value[clean.charCodeAt(i)]!;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes[o++] = (bits >> count) & 0xff;
    }
  }
  return bytes;
}
