// Seeded weight initialization. Each layer draws from its own stream, derived from the seed and the
// layer's index and shape, so two runs that share a seed get the same W for every layer whose shape
// matches, whatever else differs (BN on or off, other layers' widths): matched pairs.
import type { FloatArray } from './dtype.ts';
import type { ParamStore } from './param-store.ts';
import { Rng } from './random.ts';
import type { InitKind } from './spec.ts';

export function initializeParams(store: ParamStore, kind: InitKind, seed: number): void {
  store.data.fill(0);
  for (const seg of store.segments) {
    const view = store.data.subarray(seg.offset, seg.offset + seg.length);
    if (seg.name === 'W') {
      const [fanOut, fanIn] = seg.shape as [number, number];
      fillWeights(view, kind, fanIn, fanOut, new Rng(deriveSeed(seed, seg.layer, fanOut, fanIn)));
    } else if (seg.name === 'gamma') {
      view.fill(1);
    } // b and beta start at 0
  }
  // PyTorch's BatchNorm1d defaults: running mean 0, running variance 1.
  for (const seg of store.runningSegments) {
    store.running.fill(seg.name === 'runningVar' ? 1 : 0, seg.offset, seg.offset + seg.length);
  }
}

function fillWeights(w: FloatArray, kind: InitKind, fanIn: number, fanOut: number, rng: Rng): void {
  switch (kind) {
    case 'he': {
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < w.length; i++) w[i] = std * rng.normal();
      return;
    }
    case 'he_uniform': {
      const limit = Math.sqrt(6 / fanIn);
      for (let i = 0; i < w.length; i++) w[i] = limit * (2 * rng.uniform() - 1);
      return;
    }
    case 'xavier': {
      const std = Math.sqrt(2 / (fanIn + fanOut));
      for (let i = 0; i < w.length; i++) w[i] = std * rng.normal();
      return;
    }
    case 'xavier_uniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < w.length; i++) w[i] = limit * (2 * rng.uniform() - 1);
      return;
    }
  }
}

/** A 32-bit hash of integers (FNV-1a over their bytes), used to give each stream its own seed. */
export function deriveSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    let x = part >>> 0;
    for (let byte = 0; byte < 4; byte++) {
      h = Math.imul(h ^ (x & 0xff), 0x01000193) >>> 0;
      x >>>= 8;
    }
  }
  return h;
}
