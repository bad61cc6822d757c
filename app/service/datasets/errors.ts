/**
 * The one way this module refuses work. `code` is the service's `invalid_dataset` so the contract layer
 * can pass it on unchanged; `field` is the spec path at fault (`dataset.noise`), when one field is.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  readonly code = 'invalid_dataset';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
