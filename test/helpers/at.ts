/** `items[i]`, or a failure naming the index: a test that reads past the end fails rather than computes with undefined. */
export function at<T>(items: ArrayLike<T>, i: number): T {
  if (!Number.isInteger(i) || i < 0 || i >= items.length) throw new RangeError(`index ${i} is outside 0..${items.length - 1}`);
  return items[i] as T;
}
