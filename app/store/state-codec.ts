// How checkpoint state is stored: lossless, since a resumed run must continue bit-identically.
// Floats of one run change little in their sign and exponent bytes and a lot in their low mantissa
// bytes; grouping the bytes by position (byte shuffle, as HDF5 and Blosc do) puts the alike ones
// together, so DEFLATE finds them. docs/storage.md describes the format for other tools.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { readStateHeader } from '../../engine/index.ts';

export type StateEncoding = 'raw' | 'shuffle4-deflate' | 'shuffle8-deflate';

/** State bytes as stored: compressed by the training thread, so the store only writes them. */
export interface EncodedState {
  encoding: StateEncoding;
  bytes: Uint8Array;
}

/** Compresses the engine's state bytes; the stride is the width of the run's floats. */
export function encodeState(state: Uint8Array): EncodedState {
  const stride = floatWidth(state);
  return { encoding: stride === 4 ? 'shuffle4-deflate' : 'shuffle8-deflate', bytes: deflateRawSync(shuffle(state, stride), { level: 9 }) };
}

/** The engine's state bytes again, exactly as encodeState was given them. */
export function decodeState(encoding: StateEncoding, stored: Uint8Array): Uint8Array {
  switch (encoding) {
    case 'raw':
      return stored;
    case 'shuffle4-deflate':
      return unshuffle(inflateRawSync(stored), 4);
    case 'shuffle8-deflate':
      return unshuffle(inflateRawSync(stored), 8);
  }
}

/** 4 for float32 state, else 8; bytes that are not engine state (a damaged blob) are kept as they are, only compressed. */
function floatWidth(state: Uint8Array): 4 | 8 {
  try {
    return readStateHeader(state).dtype === 'float32' ? 4 : 8;
  } catch {
    return 8;
  }
}

/** Byte k of element i goes to k·n + i; a tail shorter than one element stays at the end as it is. */
function shuffle(bytes: Uint8Array, stride: number): Uint8Array {
  const n = Math.floor(bytes.length / stride);
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < stride; k++) for (let i = 0; i < n; i++) out[k * n + i] = bytes[i * stride + k]!;
  out.set(bytes.subarray(n * stride), n * stride);
  return out;
}

function unshuffle(bytes: Uint8Array, stride: number): Uint8Array {
  const n = Math.floor(bytes.length / stride);
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < stride; k++) for (let i = 0; i < n; i++) out[i * stride + k] = bytes[k * n + i]!;
  out.set(bytes.subarray(n * stride), n * stride);
  return out;
}
