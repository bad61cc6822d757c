// What a CSV cell's text means: a number, or a class label. The target column decides the task:
// any non-integer number makes it regression, anything else (integers or words) names classes.
import type { Task } from '../../contract/datasets.ts';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * The cell's number (±Infinity when it overflows, NaN when it spells NaN or Infinity), or undefined
 * when the text is not a number. Stricter than `Number()`, which takes '', '0x1F' and ' 1 '.
 */
export function cellNumber(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  if (NON_FINITE.test(text)) return NaN;
  return undefined;
}

export interface TargetCell {
  row: number;
  text: string; // trimmed, not empty
}

export interface Target {
  task: Task;
  y: Int32Array | Float64Array; // (n) class indices, or (n, 1) regression targets
  classes: string[] | null;
}

/** `fail(row, …)` blames one cell; `fail(null, …)` the whole column. */
export type TargetFail = (row: number | null, problem: string) => never;

/** Reads the target column; `fixedClasses` (shipped tables) fixes the class order and refuses other labels. */
export function readTarget(cells: TargetCell[], fail: TargetFail, fixedClasses?: readonly string[]): Target {
  const values = cells.map((c) => cellNumber(c.text));
  cells.forEach((cell, i) => {
    const v = values[i];
    if (v !== undefined && !Number.isFinite(v)) fail(cell.row, `"${cell.text}" is not a finite number`);
  });
  const numeric = values.every((v) => v !== undefined);
  if (numeric && fixedClasses === undefined && values.some((v) => !Number.isInteger(v))) {
    return { task: 'regression', y: Float64Array.from(values as number[]), classes: null };
  }
  // Integer labels are named by their value, so "1", "01" and "1.0" are one class.
  const labels = numeric ? values.map(String) : cells.map((c) => c.text);
  const classes = fixedClasses ? [...fixedClasses] : distinctSorted(labels, numeric);
  if (classes.length < 2) fail(null, `every row has the class "${classes[0]}"; a classifier needs at least 2 classes`);
  const index = new Map(classes.map((name, i) => [name, i]));
  const y = new Int32Array(labels.length);
  cells.forEach((cell, i) => {
    const label = labels[i] ?? cell.text;
    const cls = index.get(label);
    if (cls === undefined) fail(cell.row, `"${label}" is not one of the classes ${classes.join(', ')}`);
    y[i] = cls;
  });
  return { task: 'classification', y, classes };
}

/** Sorted, so the class indices do not depend on the order of the rows; numbers sort by value. */
function distinctSorted(labels: string[], numeric: boolean): string[] {
  const distinct = [...new Set(labels)];
  return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
