import { describe, expect, test } from 'vitest';
import type { Trace } from './series.ts';
import { thinEvenly, thinKeepingExtremes, thinTraces } from './thin.ts';

const epochs = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('thinning long lines', () => {
  test('should keep short lines whole', () => {
    expect(thinKeepingExtremes([1, 2, 3], [3, 1, 2], 10)).toEqual({ x: [1, 2, 3], y: [3, 1, 2] });
  });

  test('should keep a one-epoch spike, both ends, x order, and stay within the budget', () => {
    const x = epochs(5000);
    const y = x.map((e) => (e === 2345 ? 1e6 : 1 / e));
    const thin = thinKeepingExtremes(x, y, 1000);
    expect(thin.x.length).toBeLessThanOrEqual(1002);
    expect(thin.x.length).toBeGreaterThan(900);
    expect(thin.x[0]).toBe(1);
    expect(thin.x.at(-1)).toBe(5000);
    expect(thin.y).toContain(1e6);
    expect(thin.x.every((e, i) => i === 0 || e > thin.x[i - 1]!)).toBe(true);
  });

  test('should thin both traces of a filled band at the same epochs, and leave markers and bars alone', () => {
    const x = epochs(3000);
    const lower: Trace = { type: 'scatter', mode: 'lines', x, y: x.map((e) => -e % 7) };
    const upper: Trace = { type: 'scatter', mode: 'lines', x, y: x.map((e) => e % 5), fill: 'tonexty' };
    const points: Trace = { type: 'scatter', mode: 'markers', x, y: x };
    const [a, b, c] = thinTraces([lower, upper, points], 500);
    expect(a!.x).toEqual(b!.x);
    expect(a!.x.length).toBeLessThanOrEqual(500);
    expect(a!.x.at(-1)).toBe(3000);
    expect(c).toBe(points);
    expect(thinEvenly(x, x, 500).y).toEqual(a!.x);
  });
});
