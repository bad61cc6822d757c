import { describe, expect, test } from 'vitest';
import { boundaryImage, type Boundary } from './boundary-image.ts';

const pixel = (img: ReturnType<typeof boundaryImage>, px: number, py: number) => Array.from(img.data.slice((py * img.width + px) * 4, (py * img.width + px) * 4 + 4));

describe('decision boundary image', () => {
  // p rises from 0 on the left to 1 on the right: the boundary is the vertical line x = 0.5.
  const leftRight: Boundary = { x: [0, 0.5, 1], y: [0, 1], z: [[0, 0.5, 1], [0, 0.5, 1]], kind: 'probability' };

  test('should upsample the grid and colour class 0 blue, class 1 red, with a dark line between', () => {
    const img = boundaryImage(leftRight, 4);
    expect([img.width, img.height]).toEqual([9, 5]);
    expect(pixel(img, 0, 0)).toEqual([158, 202, 225, 255]);
    expect(pixel(img, 8, 4)).toEqual([252, 174, 145, 255]);
    const row = Array.from({ length: 9 }, (_, px) => pixel(img, px, 2)[0]);
    expect(row.filter((r) => r === 34)).toHaveLength(1);
    expect(row.indexOf(34)).toBe(3);
  });

  test('should put the largest x₂ in the top row', () => {
    const bottomTop: Boundary = { x: [0, 1], y: [0, 1], z: [[0, 0], [1, 1]], kind: 'probability' };
    const img = boundaryImage(bottomTop, 2);
    expect(pixel(img, 0, 0)).toEqual([252, 174, 145, 255]);
    expect(pixel(img, 0, 2)).toEqual([158, 202, 225, 255]);
  });

  test('should tint predicted classes without blending them', () => {
    const three: Boundary = { x: [0, 1, 2], y: [0], z: [[0, 1, 2]], kind: 'class' };
    const img = boundaryImage({ ...three, y: [0, 1], z: [[0, 1, 2], [0, 1, 2]] }, 1);
    expect([0, 1, 2].map((px) => pixel(img, px, 1).slice(0, 3))).toEqual([[34, 34, 34], [34, 34, 34], [161, 217, 155]]);
  });

  test('should ramp a regression over its value range, with no line', () => {
    const ramp: Boundary = { x: [0, 1], y: [0, 1], z: [[-3, 5], [-3, 5]], kind: 'value' };
    const img = boundaryImage(ramp, 1);
    expect(pixel(img, 0, 0)).toEqual([158, 202, 225, 255]);
    expect(pixel(img, 1, 0)).toEqual([252, 174, 145, 255]);
  });
});
