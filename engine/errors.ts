/** Every way the engine refuses work. These codes reach the UI unchanged. */
export const ENGINE_ERROR_CODES = [
  'invalid_network',
  'invalid_bn',
  'invalid_optimizer',
  'invalid_training',
  'invalid_data',
  'invalid_state',
  'batchnorm_training_batch_size_1',
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/**
 * One thing wrong with an input, as data, so that each screen composes its own words from it (the
 * designer says "Learning rate" where a log says `optimizer.lr`).
 */
export interface Problem {
  /** The path at fault, e.g. `network.layers[2].units`. */
  field: string;
  /** What the field must be, in words that follow its name: `must be an integer >= 1`. */
  expected: string;
  /** The value it holds, as a message quotes it (`0`, `"lots"`, `null`, `nothing`); absent when no value is at fault. */
  got?: string;
  /** The field holds nothing a person typed: null, nothing, or a blank string. */
  empty?: true;
  /** The file whose content is at fault (a CSV file); `expected` then says what is wrong in it, `at` where. */
  file?: string;
  /** Where in `file`: `row 3, column 2 (x2)`. */
  at?: string;
}

/** A problem in the words of logs and the CLI: `network.layers[2].units must be an integer >= 1, got 0`. */
export function describeProblem(problem: Problem): string {
  if (problem.file !== undefined) return `${problem.file}${problem.at === undefined ? '' : `, ${problem.at}`}: ${problem.expected}`;
  return problem.got === undefined ? `${problem.field} ${problem.expected}` : `${problem.field} ${problem.expected}, got ${problem.got}`;
}

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** The spec path at fault (`network.layers[2].units`), when one field is. */
    readonly field?: string,
    /** The same as data, when the refusal is about one field's value. */
    readonly problem?: Problem,
  ) {
    super(message);
  }

  /** The refusal of one field, its message written from the problem. */
  static about(code: EngineErrorCode, problem: Problem): EngineError {
    return new EngineError(code, describeProblem(problem), problem.field, problem);
  }
}
