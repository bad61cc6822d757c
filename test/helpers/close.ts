// One assertion for "these numbers agree", failing with the label, maxdiff and index (STYLE.md §9).
import { expect } from 'vitest';
import { compareValues } from '../parity/run-fixture.ts';

/** |actual − expected| ≤ tol · max(1, |expected|) for every entry, as FORMAT.md §10 compares. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label: string): void {
  const mismatch = compareValues(label, actual, Array.from(expected), tol);
  expect(mismatch?.message ?? null, label).toBeNull();
}

/** Byte-for-byte equality: unlike ===, it tells −0 from 0 and one NaN payload from another. */
export function expectSameBytes(actual: ArrayBufferView, expected: ArrayBufferView, label: string): void {
  const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  const e = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
  const first = a.findIndex((byte, i) => byte !== e[i]);
  const problem =
    a.length !== e.length ? `${label}: ${a.length} bytes, expected ${e.length}` : first >= 0 ? `${label}: first different byte at ${first}` : null;
  expect(problem).toBeNull();
}
