// What the designer varies around its base run (the first): batch norm on and off, optimizer kinds,
// learning rates, seeds. Together with the base they are an experiment design in the file format
// (app/contract/experiment-design.ts), which the lab expands exactly as it expands a file.
import { BATCH_NORM_FACTOR, expandDesign, type ExperimentDesign, type RunDraft } from '../../../../app/contract/experiment-design.ts';
import { LEARNING_RATE, type OptimizerKind } from '../../../../engine/fields.ts';

export interface Factors {
  /** Every setting with batch norm on every hidden layer and with it off. */
  batchNorm: boolean;
  /** The optimizer kinds to train; null: the base's own only. */
  optimizers: OptimizerKind[] | null;
  /** The learning rates as typed, comma-separated; empty: the base's own. Each kind keeps them, so all are equal. */
  learningRates: string;
  /** Training seeds 1…seeds for every setting; 1: the base's seed alone. */
  seeds: number;
}

export function noFactors(): Factors {
  return { batchNorm: false, optimizers: null, learningRates: '', seeds: 1 };
}

/** The learning rates typed, or what is wrong with them. */
export function readLearningRates(text: string): { rates: number[] } | { problem: string } {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const rates = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(rates[i]) || rates[i]! <= LEARNING_RATE.min);
  if (bad !== undefined) return { problem: `Learning rates must be numbers > ${LEARNING_RATE.min}, separated by commas; “${bad}” is not` };
  if (new Set(rates).size !== rates.length) return { problem: 'Learning rates must not list a rate twice' };
  return { rates };
}

/**
 * The design of `base` and the factors, or null when nothing varies (the designer's runs are then
 * trained as they are). Only a factor with more than the base's own value varies.
 */
export function designOf(name: string, base: RunDraft, factors: Factors, baseKind: OptimizerKind, exceptions: Record<string, RunDraft> = {}): ExperimentDesign | null {
  const vary: Record<string, unknown[]> = {};
  const kinds = factors.optimizers ?? [baseKind];
  if (kinds.length > 1 || kinds[0] !== baseKind) vary['optimizer.kind'] = kinds;
  const read = readLearningRates(factors.learningRates);
  if ('rates' in read && read.rates.length > 0) vary['optimizer.lr'] = read.rates;
  if (factors.batchNorm) vary[BATCH_NORM_FACTOR] = [true, false];
  const repeats = Number.isInteger(factors.seeds) && factors.seeds > 1 ? factors.seeds : 1;
  if (Object.keys(vary).length === 0 && repeats === 1) return null;
  const { name: _name, ...shared } = base;
  return { name, base: shared, vary, ...(repeats > 1 ? { repeats } : {}), ...(Object.keys(exceptions).length > 0 ? { exceptions } : {}) };
}

/** The names of the runs a design expands into, or its first problem in words. */
export function expandedNames(design: ExperimentDesign): { names: string[] } | { problem: string } {
  const expansion = expandDesign(design);
  if ('problems' in expansion) return { problem: `${expansion.problems[0]!.field} ${expansion.problems[0]!.expected}` };
  return { names: expansion.runs.map((r) => r.name) };
}
