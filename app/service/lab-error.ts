// The service's one kind of refusal. Codes are a closed set so that the CLI (exit code 2 for bad
// input) and the UI (a message next to the field) can act on them without parsing text.
import { describeProblem, EngineError, type Problem } from '../../engine/index.ts';
import { DatasetError } from './datasets/index.ts';
import { DbFromFutureError } from '../store/migrate.ts';
import { StorageError } from '../store/storage-error.ts';

import type { LabErrorCode, LabErrorData } from '../contract/lab-api.ts';

export type { LabErrorCode };

/** Codes that mean the lab is at fault, not the person's input. */
const NOT_INPUT: ReadonlySet<LabErrorCode> = new Set(['io_error', 'internal']);

export class LabError extends Error {
  override readonly name = 'LabError';
  constructor(
    readonly code: LabErrorCode,
    message: string,
    /** The spec path at fault, e.g. `runs[0].optimizer.lr`, when one field is. */
    readonly field?: string,
    /** invalid_argument: the 1-based position of the LabApi argument at fault. */
    readonly argument?: number,
    /** The refusal as data, when it is about one field of an input. */
    readonly problem?: Problem,
  ) {
    super(message);
  }

  /** The refusal of one field, its message written from the problem. */
  static about(code: LabErrorCode, problem: Problem): LabError {
    return new LabError(code, describeProblem(problem), problem.field === '' ? undefined : problem.field, undefined, problem);
  }

  /** Every problem of the input, this one first; more than one only from `LabError.all`. */
  problems: readonly LabError[] = [this];

  /** One refusal for several problems: the first's code, message and field, and the whole list. */
  static all(problems: readonly LabError[]): LabError {
    if (problems.length === 1) return problems[0]!;
    const [first] = problems as [LabError, ...LabError[]];
    const combined = new LabError(first.code, problems.map((p) => p.message).join('; '), first.field, first.argument);
    combined.problems = problems;
    return combined;
  }

  get isBadInput(): boolean {
    return !NOT_INPUT.has(this.code);
  }

  toData(): LabErrorData {
    const data: LabErrorData = { code: this.code, message: this.message, problems: this.problems.flatMap((p) => (p.problem ? [p.problem] : [])) };
    if (this.field !== undefined) data.field = this.field;
    if (this.argument !== undefined) data.argument = this.argument;
    return data;
  }
}

/** Any thrown value as a LabError, keeping the message and field of the errors the lab knows. */
export function toLabError(error: unknown): LabError {
  if (error instanceof LabError) return error;
  if (error instanceof EngineError) return new LabError(error.code, error.message, error.field, undefined, error.problem);
  if (error instanceof DatasetError) return new LabError('invalid_dataset', error.message, error.field, undefined, error.problem);
  if (error instanceof DbFromFutureError) return new LabError('db_from_future', error.message);
  if (error instanceof StorageError) return new LabError('io_error', error.message);
  const nodeCode = (error as { code?: unknown } | null)?.code;
  if (typeof nodeCode === 'string' && /^E[A-Z]+$/.test(nodeCode)) return new LabError('io_error', (error as Error).message);
  return new LabError('internal', error instanceof Error ? error.message : String(error));
}
