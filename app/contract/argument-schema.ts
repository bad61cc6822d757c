// A small vocabulary for what a LabApi argument must be. Calls arrive from the renderer as
// untrusted data (IPC and HTTP alike), so every method's arguments are checked against one of
// these before the service sees them. Each schema states its rule once, for the check and the message.

/** Where inside a value the check failed (`''` for the value itself, `.bnMode`, `[2]`) and what is wrong there. */
export interface Mismatch {
  path: string;
  /** Completes a sentence about the path: "must be an integer >= 1, got -1". */
  problem: string;
}

/** What every schema can do, whatever it admits. */
export interface Checker {
  /** null when the value fits. */
  check(value: unknown): Mismatch | null;
  /** optional() sets it: the value may be left out. */
  readonly optional: boolean;
}

export interface Schema<T> extends Checker {
  /**
   * Never set; it only ties the schema to exactly the type it admits (a function type is checked
   * both ways), so the compiler can hold each method's schemas to the LabApi's parameter types.
   */
  readonly admits?: (value: T) => T;
}

export type RequiredSchema<T> = Schema<T> & { readonly optional: false };
export type OptionalSchema<T> = Schema<T | undefined> & { readonly optional: true };

/** The type a schema admits. */
export type TypeOf<S> = S extends Schema<infer T> ? T : never;

function leaf<T>(expected: string, fits: (value: unknown) => boolean): RequiredSchema<T> {
  return { optional: false, check: (value) => (fits(value) ? null : { path: '', problem: `must be ${expected}, got ${describeValue(value)}` }) };
}

/** A whole number, at least `min` when given (ids: 1). */
export function integer(range: { min?: number } = {}): RequiredSchema<number> {
  const { min } = range;
  return leaf(min === undefined ? 'an integer' : `an integer >= ${min}`, (v) => Number.isSafeInteger(v) && (min === undefined || (v as number) >= min));
}

/** Any number but NaN and ±Infinity; ranges are for the service, which knows what the number means. */
export function finiteNumber(): RequiredSchema<number> {
  return leaf('a finite number', (v) => typeof v === 'number' && Number.isFinite(v));
}

export function string(limit: { maxLength?: number } = {}): RequiredSchema<string> {
  const { maxLength } = limit;
  return leaf(maxLength === undefined ? 'a string' : `a string of at most ${maxLength} characters`, (v) => typeof v === 'string' && (maxLength === undefined || v.length <= maxLength));
}

export function boolean(): RequiredSchema<boolean> {
  return leaf('true or false', (v) => typeof v === 'boolean');
}

export function oneOf<const V extends string>(values: readonly V[]): RequiredSchema<V> {
  return leaf(`one of ${values.join(', ')}`, (v) => (values as readonly unknown[]).includes(v));
}

/** An object whose fields the service checks itself (an experiment file, a dataset spec), naming them in its errors. */
export function specObject<T>(): RequiredSchema<T> {
  return leaf('an object', isObject);
}

export function arrayOf<T>(item: Schema<T>, limit: { nonEmpty?: boolean } = {}): RequiredSchema<T[]> {
  const whole = leaf<T[]>(limit.nonEmpty ? 'a non-empty array' : 'an array', (v) => Array.isArray(v) && (!limit.nonEmpty || v.length > 0));
  return {
    optional: false,
    check(value) {
      const mismatch = whole.check(value);
      if (mismatch) return mismatch;
      // Index by index, so that holes an IPC message can carry count as missing items.
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) {
        const inner = item.check(items[i]);
        if (inner) return { path: `[${i}]${inner.path}`, problem: inner.problem };
      }
      return null;
    },
  };
}

type Fields = Record<string, Checker>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends { optional: true } ? K : never }[keyof F];
/** Shows an intersection as the one object type it is, in editors and error messages. */
type Flatten<T> = T extends infer O ? { [K in keyof O]: O[K] } : never;
export type ObjectOf<F extends Fields> = Flatten<
  { [K in Exclude<keyof F, OptionalKeys<F>>]: TypeOf<F[K]> } & { [K in OptionalKeys<F>]?: TypeOf<F[K]> }
>;

/** An object with exactly these fields: a key it does not know is refused, as a typo must not pass unnoticed. */
export function object<F extends Fields>(fields: F): RequiredSchema<ObjectOf<F>> {
  const whole = leaf<ObjectOf<F>>('an object', isObject);
  const known = Object.keys(fields);
  return {
    optional: false,
    check(value) {
      const mismatch = whole.check(value);
      if (mismatch) return mismatch;
      const obj = value as Record<string, unknown>;
      const unknownKey = Object.keys(obj).find((key) => !known.includes(key));
      if (unknownKey !== undefined) return { path: `.${unknownKey}`, problem: `is not a known field (known: ${known.join(', ')})` };
      for (const key of known) {
        const inner = fields[key]!.check(Object.hasOwn(obj, key) ? obj[key] : undefined);
        if (inner) return { path: `.${key}${inner.path}`, problem: inner.problem };
      }
      return null;
    },
  };
}

export function optional<T>(schema: RequiredSchema<T>): OptionalSchema<T> {
  return { optional: true, check: (value) => (value === undefined ? null : schema.check(value)) };
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as an error message quotes it: strings in quotes, long ones cut, undefined as "nothing". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const MAX = 60;
  let text: string | undefined;
  try {
    text = JSON.stringify(typeof value === 'string' ? value.slice(0, MAX) : value);
  } catch {
    // A cycle or a BigInt: the type says enough.
  }
  if (text === undefined) return typeof value;
  return text.length > MAX || (typeof value === 'string' && value.length > MAX) ? `${text.slice(0, MAX - 3)}...` : text;
}
