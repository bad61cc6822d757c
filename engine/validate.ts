import { EngineError, type EngineErrorCode, type Problem } from './errors.ts';
import type { ChoiceField, NumberField } from './fields.ts';

/**
 * Field checks that name the path and the value they got, so every refusal reads like
 * `network.layers[2].units must be an integer >= 1, got 0`.
 */
export class FieldChecker {
  /** `refusal`: the engine's code for what it refuses, or how a caller outside the engine refuses a problem. */
  constructor(private readonly refusal: EngineErrorCode | ((problem: Problem) => Error)) {}

  fail(path: string, expectation: string, value: unknown): never {
    return this.refuse(valueProblem(path, expectation, value));
  }

  private refuse(problem: Problem): never {
    throw typeof this.refusal === 'string' ? EngineError.about(this.refusal, problem) : this.refusal(problem);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'must be an object', value);
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be an array', value);
    return value;
  }

  integer(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`, value);
    }
    return value;
  }

  /** A finite number in [min, max], or (min, max] / [min, max) when the bound is exclusive. */
  number(value: unknown, path: string, range: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean } = {}): number {
    const { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false } = range;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (minExclusive ? value > min : value >= min) &&
      (maxExclusive ? value < max : value <= max);
    if (!ok) this.fail(path, `must be a finite number ${describeRange(min, max, minExclusive, maxExclusive)}`.trimEnd(), value);
    return value as number;
  }

  /** A value checked against its row of the field tables (engine/fields.ts). */
  field(value: unknown, path: string, field: NumberField): number;
  field<T extends string>(value: unknown, path: string, field: ChoiceField<T>): T;
  field(value: unknown, path: string, field: NumberField | ChoiceField<string>): number | string {
    if (field.type === 'choice') return this.oneOf(value, path, field.values);
    if (field.type === 'integer') return this.integer(value, path, field.min, Number.isFinite(field.max) ? field.max : undefined);
    return this.number(value, path, { min: field.min, max: field.max, minExclusive: field.minExclusive, maxExclusive: field.maxExclusive });
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'must be a non-empty string', value);
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false', value);
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
    }
    return value as T;
  }

  /** Rejects keys the spec does not know: a typo such as `batchnorm` must not be silently ignored. */
  knownKeys(obj: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        this.refuse({ field: `${path}.${key}`, expected: `is not a known field (known: ${allowed.join(', ')})` });
      }
    }
  }
}

function describeRange(min: number, max: number, minExclusive: boolean, maxExclusive: boolean): string {
  const lower = Number.isFinite(min) ? `${minExclusive ? '>' : '>='} ${min}` : '';
  const upper = Number.isFinite(max) ? `${maxExclusive ? '<' : '<='} ${max}` : '';
  if (lower && upper) return `${lower} and ${upper}`;
  return lower || upper;
}

/** What is wrong with `value` at `field`, with the value quoted and whether the field was left empty. */
export function valueProblem(field: string, expected: string, value: unknown): Problem {
  const empty = value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
  return empty ? { field, expected, got: show(value), empty } : { field, expected, got: show(value) };
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return typeof value;
  }
}
