/** Every way the engine refuses work. The service maps these codes onto its own error contract. */
export type EngineErrorCode =
  | 'invalid_network'
  | 'invalid_bn'
  | 'invalid_optimizer'
  | 'invalid_training'
  | 'invalid_data'
  | 'invalid_state'
  | 'batchnorm_training_batch_size_1';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** The spec path at fault (`network.layers[2].units`), when one field is. */
    readonly field?: string,
  ) {
    super(message);
  }
}
