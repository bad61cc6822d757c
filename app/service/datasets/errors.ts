import { describeProblem, type Problem } from '../../../engine/index.ts';

/**
 * The one way this module refuses work. `code` is the service's `invalid_dataset` so the contract layer
 * can pass it on unchanged; `field` is the spec path at fault (`dataset.noise`), when one field is, and
 * `problem` the same as data.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  readonly code = 'invalid_dataset';
  constructor(
    message: string,
    readonly field?: string,
    readonly problem?: Problem,
  ) {
    super(message);
  }

  /** The refusal of one field, its message written from the problem. */
  static about(problem: Problem): DatasetError {
    return new DatasetError(describeProblem(problem), problem.field === '' ? undefined : problem.field, problem);
  }
}
