// An epoch's per-layer statistics (gradient norms, percentile bands, the last batch's BN mean and
// variance, and a BN layer's state where a row keeps it: records.ts) as compact little-endian bytes: JSON spent 17 digits and a key on every number, 8.6 kB
// an epoch for a 2×32 network, more than the rest of the file. Lossless: the numbers are float32
// when every one of them is (a float32 run's are), else float64. NaN and ±Infinity (a diverging
// run) are floats like any other. docs/storage.md has the layout.
import type { Percentiles } from '../../engine/index.ts';
import type { BnLayerState, StoredLayerStats } from '../contract/records.ts';

const FORMAT_VERSION = 1;

/** Per layer, which of the optional values follow. */
const HAS = { b: 1, gamma: 2, beta: 4, percentiles: 8, zNorm: 16, zTilde: 32, bn: 64, bnState: 128 } as const;

/** A BN layer's state, in the order it is stored. */
const STATE_ARRAYS = ['gamma', 'beta', 'runningMean', 'runningVar'] as const;

export function encodeLayerStats(layers: readonly StoredLayerStats[]): Uint8Array {
  const width = layers.every((l) => [...scalars(l), ...perUnit(l)].every(isFloat32)) ? 4 : 8;
  const out = new Writer(4 + layers.reduce((sum, l) => sum + layerBytes(l, width), 0));
  out.u8(FORMAT_VERSION);
  out.u8(width);
  out.u16(layers.length);
  layers.forEach((l, i) => {
    if (l.layer !== i) throw new RangeError(`layer statistics must list layers 0, 1, … in order; entry ${i} is layer ${l.layer}`);
    const { gradNorm: g, percentiles: p, bn } = l;
    out.u8(
      (g.b !== null ? HAS.b : 0) | (g.gamma !== null ? HAS.gamma : 0) | (g.beta !== null ? HAS.beta : 0) |
        (p ? HAS.percentiles : 0) | (p?.zNorm ? HAS.zNorm : 0) | (p?.zTilde ? HAS.zTilde : 0) | (bn ? HAS.bn : 0) | (bn && hasState(bn) ? HAS.bnState : 0),
    );
    if (bn) out.u32(bn.batchMean.length);
    const values = perUnit(l);
    if (bn && values.length !== bn.batchMean.length * (hasState(bn) ? 6 : 2)) throw new RangeError(`layer ${i}: the BN arrays must all have one value per unit (${bn.batchMean.length})`);
    for (const v of [...scalars(l), ...values]) out.float(v, width);
  });
  return out.bytes;
}

export function decodeLayerStats(bytes: Uint8Array): StoredLayerStats[] {
  const input = new Reader(bytes);
  const version = input.u8();
  if (version !== FORMAT_VERSION) throw new RangeError(`layer statistics in format ${version}; this BN Lab reads format ${FORMAT_VERSION}`);
  const width = input.u8();
  if (width !== 4 && width !== 8) throw new RangeError(`layer statistics with ${width}-byte floats; expected 4 or 8`);
  const count = input.u16();
  const layers = Array.from({ length: count }, (_, layer): StoredLayerStats => {
    const flags = input.u8();
    const has = (bit: number) => (flags & bit) !== 0;
    const units = has(HAS.bn) ? input.u32() : 0;
    const float = () => input.float(width);
    const optional = (bit: number) => (has(bit) ? float() : null);
    const gradNorm = { W: float(), b: optional(HAS.b), gamma: optional(HAS.gamma), beta: optional(HAS.beta) };
    const band = (): Percentiles => ({ p15: float(), p50: float(), p85: float() });
    const percentiles = has(HAS.percentiles)
      ? { z: band(), zNorm: has(HAS.zNorm) ? band() : null, zTilde: has(HAS.zTilde) ? band() : null, a: band() }
      : null;
    const batch = has(HAS.bn) ? { batchMean: input.floats(units, width), batchVar: input.floats(units, width) } : null;
    const state = has(HAS.bnState) ? Object.fromEntries(STATE_ARRAYS.map((name) => [name, input.floats(units, width)])) : {};
    const bn = batch && { ...batch, ...state };
    return { layer, gradNorm, bn, percentiles };
  });
  if (!input.atEnd()) throw new RangeError(`layer statistics have ${bytes.length - input.offset} bytes past their end`);
  return layers;
}

/** A layer's gradient norms, then its percentile bands, in the order they are stored. */
function scalars({ gradNorm: g, percentiles: p }: StoredLayerStats): number[] {
  const norms = [g.W, g.b, g.gamma, g.beta].filter((v) => v !== null);
  const bands = p ? [p.z, p.zNorm, p.zTilde, p.a].filter((band) => band !== null) : [];
  return [...norms, ...bands.flatMap((band) => [band.p15, band.p50, band.p85])];
}

/** A BN layer's per-unit arrays: the batch's mean and variance, then its state where the row keeps it. */
function perUnit({ bn }: StoredLayerStats): number[] {
  if (!bn) return [];
  return [...bn.batchMean, ...bn.batchVar, ...(hasState(bn) ? STATE_ARRAYS.flatMap((name) => bn[name]) : [])];
}

function hasState(bn: Partial<BnLayerState>): bn is BnLayerState {
  return STATE_ARRAYS.every((name) => Array.isArray(bn[name]));
}

function layerBytes(l: StoredLayerStats, width: number): number {
  return 1 + (l.bn ? 4 : 0) + (scalars(l).length + perUnit(l).length) * width;
}

function isFloat32(v: number): boolean {
  return Object.is(Math.fround(v), v);
}

class Writer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;

  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }

  u8(v: number): void {
    this.view.setUint8(this.offset, v);
    this.offset += 1;
  }

  u16(v: number): void {
    this.view.setUint16(this.offset, v, true);
    this.offset += 2;
  }

  u32(v: number): void {
    this.view.setUint32(this.offset, v, true);
    this.offset += 4;
  }

  float(v: number, width: 4 | 8): void {
    if (width === 4) this.view.setFloat32(this.offset, v, true);
    else this.view.setFloat64(this.offset, v, true);
    this.offset += width;
  }
}

class Reader {
  private readonly view: DataView;
  offset = 0;

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  // DataView throws a RangeError past the end, so a cut-off value is refused, not read as zeros.
  u8(): number {
    return this.view.getUint8(this.offset++);
  }

  u16(): number {
    const v = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }

  u32(): number {
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  float(width: 4 | 8): number {
    const v = width === 4 ? this.view.getFloat32(this.offset, true) : this.view.getFloat64(this.offset, true);
    this.offset += width;
    return v;
  }

  floats(n: number, width: 4 | 8): number[] {
    return Array.from({ length: n }, () => this.float(width));
  }

  atEnd(): boolean {
    return this.offset === this.view.byteLength;
  }
}
