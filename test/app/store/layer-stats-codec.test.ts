// The per-epoch layer statistics' bytes: every value back exactly (NaN, ±Infinity and -0 included),
// float32 only where that loses nothing, the layout docs/storage.md gives, and damage refused.
import { describe, expect, test } from 'vitest';
import { decodeLayerStats, encodeLayerStats } from '../../../app/store/layer-stats-codec.ts';
import type { StoredLayerStats } from '../../../app/contract/records.ts';

const band = (x: number) => ({ p15: x - 0.5, p50: x, p85: x + 0.5 });

/** One BN layer of 3 units, one plain hidden layer and the output layer; every value a float32. */
function layers(): StoredLayerStats[] {
  return [
    { layer: 0, gradNorm: { W: 0.25, b: null, gamma: NaN, beta: -Infinity }, bn: { batchMean: [0.5, -0, Infinity], batchVar: [1, 2, 0] }, percentiles: { z: band(1), zNorm: band(2), zTilde: band(3), a: band(4) } },
    { layer: 1, gradNorm: { W: 1.5, b: 0.125, gamma: null, beta: null }, bn: null, percentiles: { z: band(5), zNorm: null, zTilde: null, a: band(6) } },
    { layer: 2, gradNorm: { W: 2, b: 3, gamma: null, beta: null }, bn: null, percentiles: null },
  ];
}

describe('layer statistics codec', () => {
  test('should give back every value, in 4 bytes each when all are float32', () => {
    const bytes = encodeLayerStats(layers());
    // Header 4; layer 0: flags, units, 3 norms, 12 band values, 6 unit values; layer 1: flags, 2 norms, 6; layer 2: flags, 2 norms.
    expect(bytes.length).toBe(4 + (1 + 4 + 4 * (3 + 12 + 6)) + (1 + 4 * (2 + 6)) + (1 + 4 * 2));
    expect([bytes[0], bytes[1]]).toEqual([1, 4]);
    expect(decodeLayerStats(bytes)).toEqual(layers());
    expect(Object.is(decodeLayerStats(bytes)[0]!.bn!.batchMean[1], -0)).toBe(true);
  });

  test('should store every value in 8 bytes when one is not a float32 (a float64 run)', () => {
    const stats = layers();
    stats[1]!.gradNorm.W = 0.1;
    const bytes = encodeLayerStats(stats);
    expect(bytes[1]).toBe(8);
    expect(decodeLayerStats(bytes)).toEqual(stats);
  });

  test("should keep a BN layer's state where a row has it (an imported run)", () => {
    const stats = layers();
    stats[0]!.bn = { ...stats[0]!.bn!, gamma: [1, 1.5, 2], beta: [0, 0.25, -0.25], runningMean: [0.1, 0.2, 0.3], runningVar: [0.9, 1, 1.1] };
    const decoded = decodeLayerStats(encodeLayerStats(stats));
    expect(decoded).toEqual(stats);
  });

  test('should refuse statistics it cannot lay out, and bytes that are cut off, too long or of another format', () => {
    const mismatched = layers();
    mismatched[0]!.bn!.batchVar = [1];
    expect(() => encodeLayerStats(mismatched)).toThrow('layer 0: the BN arrays must all have one value per unit (3)');
    const shuffled = [layers()[1]!];
    expect(() => encodeLayerStats(shuffled)).toThrow('layer statistics must list layers 0, 1, … in order; entry 0 is layer 1');

    const bytes = encodeLayerStats(layers());
    expect(() => decodeLayerStats(bytes.subarray(0, bytes.length - 1))).toThrow(RangeError);
    expect(() => decodeLayerStats(new Uint8Array([...bytes, 0]))).toThrow('layer statistics have 1 bytes past their end');
    expect(() => decodeLayerStats(new Uint8Array([2, ...bytes.subarray(1)]))).toThrow('layer statistics in format 2; this BN Lab reads format 1');
    expect(() => decodeLayerStats(new Uint8Array([1, 2, ...bytes.subarray(2)]))).toThrow('layer statistics with 2-byte floats; expected 4 or 8');
  });
});
