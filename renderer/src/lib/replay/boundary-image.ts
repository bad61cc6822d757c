// The decision boundary as an image: the model's answer on the replay grid, upsampled bilinearly
// and coloured, with the boundary itself drawn as a dark line. Painting pixels takes a fraction of
// what a Plotly contour costs, which is what keeps scrubbing instant; the chart then only swaps a
// layout image under data points that never change.
import type { ReplayFrame } from '../../../../app/contract/lab-api.ts';

export type Boundary = NonNullable<ReplayFrame['boundary']>;

export interface Rgba {
  width: number;
  height: number;
  /** Row-major, top row first (the largest x₂), 4 bytes per pixel. */
  data: Uint8ClampedArray;
}

type Rgb = readonly [number, number, number];

/** Class 0 and class 1 tints of a binary problem, and white at p = 0.5 (the point colours are darker). */
const CLASS0: Rgb = [158, 202, 225];
const MIDDLE: Rgb = [247, 247, 247];
const CLASS1: Rgb = [252, 174, 145];
const LINE: Rgb = [34, 34, 34];
/** Light tints for up to ten predicted classes. */
const CLASS_TINTS: Rgb[] = [
  [158, 202, 225], [252, 174, 145], [161, 217, 155], [218, 218, 235], [253, 208, 162],
  [199, 233, 192], [252, 197, 192], [198, 219, 239], [217, 217, 217], [255, 237, 160],
];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** The boundary grid's value at fractional grid coordinates (i along x, j along y). */
function sample(z: number[][], i: number, j: number, nearest: boolean): number {
  const rows = z.length;
  const cols = z[0]?.length ?? 0;
  if (nearest) return z[Math.min(rows - 1, Math.round(j))]![Math.min(cols - 1, Math.round(i))]!;
  const i0 = Math.min(cols - 2, Math.floor(i));
  const j0 = Math.min(rows - 2, Math.floor(j));
  const di = i - i0;
  const dj = j - j0;
  const row0 = z[j0]!;
  const row1 = z[j0 + 1]!;
  return (row0[i0]! * (1 - di) + row0[i0 + 1]! * di) * (1 - dj) + (row1[i0]! * (1 - di) + row1[i0 + 1]! * di) * dj;
}

/**
 * Paints the boundary `scale` times finer than its grid. Binary problems: blue for class 0, red for
 * class 1, paler towards p = 0.5, and a line where p crosses 0.5. More classes: each predicted
 * class its tint with lines between them. Regression: a blue-to-red ramp over the value range.
 */
export function boundaryImage(boundary: Boundary, scale = 6): Rgba {
  const rows = boundary.z.length;
  const cols = boundary.z[0]?.length ?? 0;
  const width = Math.max(1, (cols - 1) * scale + 1);
  const height = Math.max(1, (rows - 1) * scale + 1);
  const nearest = boundary.kind === 'class' || cols < 2 || rows < 2;
  const values = new Float32Array(width * height);
  for (let py = 0; py < height; py++) {
    const j = ((height - 1 - py) / Math.max(1, height - 1)) * (rows - 1);
    for (let px = 0; px < width; px++) values[py * width + px] = sample(boundary.z, (px / Math.max(1, width - 1)) * (cols - 1), j, nearest);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const side = (v: number) => (boundary.kind === 'probability' ? v >= 0.5 : boundary.kind === 'class' ? v : null);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const k = py * width + px;
      const v = values[k]!;
      let color: Rgb;
      if (boundary.kind === 'probability') color = v < 0.5 ? mix(CLASS0, MIDDLE, v / 0.5) : mix(MIDDLE, CLASS1, (v - 0.5) / 0.5);
      else if (boundary.kind === 'class') color = CLASS_TINTS[Math.round(v) % CLASS_TINTS.length]!;
      else color = mix(CLASS0, CLASS1, hi > lo ? (v - lo) / (hi - lo) : 0.5);
      const here = side(v);
      if (here !== null && ((px + 1 < width && side(values[k + 1]!) !== here) || (py + 1 < height && side(values[k + width]!) !== here))) color = LINE;
      data[k * 4] = color[0];
      data[k * 4 + 1] = color[1];
      data[k * 4 + 2] = color[2];
      data[k * 4 + 3] = 255;
    }
  }
  return { width, height, data };
}
