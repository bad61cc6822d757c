// Spec validation: every bad field is refused with an EngineError that names the field, says what
// was expected and quotes the value it got (STYLE.md §3), so the UI can point at the culprit.
import { describe, expect, test } from 'vitest';
import { EngineError, validateModelSpec } from '../../engine/index.ts';
import { catchError } from '../helpers/errors.ts';

type Spec = Parameters<typeof validateModelSpec>[0] & Record<string, unknown>;

function goodSpec(): Spec {
  return {
    network: {
      inputSize: 2,
      layers: [
        { units: 4, activation: 'relu', batchNorm: true },
        { units: 3, activation: 'tanh', batchNorm: false },
        { units: 3, activation: 'sigmoid', batchNorm: true, bias: true },
      ],
      output: { units: 3, loss: 'softmax_ce' },
    },
    bn: { eps: 1e-5, momentum: 0.1 },
    optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    dtype: 'float64',
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the table breaks specs on purpose */
const BAD_SPECS: { why: string; edit: (s: any) => void; code: string; field: string; message: string }[] = [
  { why: 'zero units', edit: (s) => (s.network.layers[2].units = 0), code: 'invalid_network', field: 'network.layers[2].units', message: 'network.layers[2].units must be an integer from 1 to 65536, got 0' },
  { why: 'fractional units', edit: (s) => (s.network.layers[0].units = 2.5), code: 'invalid_network', field: 'network.layers[0].units', message: 'must be an integer from 1 to 65536, got 2.5' },
  { why: 'negative input size', edit: (s) => (s.network.inputSize = -3), code: 'invalid_network', field: 'network.inputSize', message: 'network.inputSize must be an integer from 1 to 65536, got -3' },
  { why: 'unknown activation', edit: (s) => (s.network.layers[1].activation = 'gelu'), code: 'invalid_network', field: 'network.layers[1].activation', message: 'network.layers[1].activation must be one of "relu", "leaky_relu", "tanh", "sigmoid", "linear", got "gelu"' },
  { why: 'unknown loss', edit: (s) => (s.network.output.loss = 'hinge'), code: 'invalid_network', field: 'network.output.loss', message: 'network.output.loss must be one of "softmax_ce", "sigmoid_bce", "mse", got "hinge"' },
  { why: 'one softmax class', edit: (s) => (s.network.output.units = 1), code: 'invalid_network', field: 'network.output.units', message: 'network.output.units must be >= 2 for softmax_ce (one unit per class), got 1' },
  { why: 'missing layers', edit: (s) => delete s.network.layers, code: 'invalid_network', field: 'network.layers', message: 'network.layers must be an array, got nothing' },
  { why: 'missing output', edit: (s) => delete s.network.output, code: 'invalid_network', field: 'network.output', message: 'network.output must be an object, got nothing' },
  { why: 'missing batchNorm flag', edit: (s) => delete s.network.layers[0].batchNorm, code: 'invalid_network', field: 'network.layers[0].batchNorm', message: 'network.layers[0].batchNorm must be true or false, got nothing' },
  { why: 'misspelt key', edit: (s) => (s.network.layers[0].batchnorm = true), code: 'invalid_network', field: 'network.layers[0].batchnorm', message: 'network.layers[0].batchnorm is not a known field' },
  { why: 'network not an object', edit: (s) => (s.network = null), code: 'invalid_network', field: 'network', message: 'network must be an object, got null' },
  { why: 'negative BN eps', edit: (s) => (s.bn.eps = -1e-5), code: 'invalid_bn', field: 'bn.eps', message: 'bn.eps must be a finite number > 0, got -0.00001' },
  { why: 'zero BN eps', edit: (s) => (s.bn.eps = 0), code: 'invalid_bn', field: 'bn.eps', message: 'bn.eps must be a finite number > 0, got 0' },
  { why: 'BN momentum above 1', edit: (s) => (s.bn.momentum = 1.5), code: 'invalid_bn', field: 'bn.momentum', message: 'bn.momentum must be a finite number >= 0 and <= 1, got 1.5' },
  { why: 'negative BN momentum', edit: (s) => (s.bn.momentum = -0.1), code: 'invalid_bn', field: 'bn.momentum', message: 'bn.momentum must be a finite number >= 0 and <= 1, got -0.1' },
  { why: 'zero lr', edit: (s) => (s.optimizer.lr = 0), code: 'invalid_optimizer', field: 'optimizer.lr', message: 'optimizer.lr must be a finite number > 0, got 0' },
  { why: 'negative lr', edit: (s) => (s.optimizer.lr = -1), code: 'invalid_optimizer', field: 'optimizer.lr', message: 'optimizer.lr must be a finite number > 0, got -1' },
  { why: 'NaN lr', edit: (s) => (s.optimizer.lr = NaN), code: 'invalid_optimizer', field: 'optimizer.lr', message: 'optimizer.lr must be a finite number > 0, got NaN' },
  { why: 'lr as a string', edit: (s) => (s.optimizer.lr = '0.1'), code: 'invalid_optimizer', field: 'optimizer.lr', message: 'optimizer.lr must be a finite number > 0, got "0.1"' },
  { why: 'Adam beta1 of 1', edit: (s) => (s.optimizer.beta1 = 1), code: 'invalid_optimizer', field: 'optimizer.beta1', message: 'optimizer.beta1 must be a finite number >= 0 and < 1, got 1' },
  { why: 'Adam beta2 above 1', edit: (s) => (s.optimizer.beta2 = 1.2), code: 'invalid_optimizer', field: 'optimizer.beta2', message: 'optimizer.beta2 must be a finite number >= 0 and < 1, got 1.2' },
  { why: 'zero Adam eps', edit: (s) => (s.optimizer.eps = 0), code: 'invalid_optimizer', field: 'optimizer.eps', message: 'optimizer.eps must be a finite number > 0, got 0' },
  { why: 'negative weight decay', edit: (s) => (s.optimizer.weightDecay = -1), code: 'invalid_optimizer', field: 'optimizer.weightDecay', message: 'optimizer.weightDecay must be a finite number >= 0, got -1' },
  { why: 'unknown optimizer', edit: (s) => (s.optimizer = { kind: 'sgd', lr: 0.1 }), code: 'invalid_optimizer', field: 'optimizer.kind', message: 'optimizer.kind must be one of "gd", "momentum", "rmsprop", "adam", got "sgd"' },
  { why: 'momentum beta of 1', edit: (s) => (s.optimizer = { kind: 'momentum', lr: 0.1, beta: 1 }), code: 'invalid_optimizer', field: 'optimizer.beta', message: 'optimizer.beta must be a finite number >= 0 and < 1, got 1' },
  { why: 'momentum without beta', edit: (s) => (s.optimizer = { kind: 'momentum', lr: 0.1 }), code: 'invalid_optimizer', field: 'optimizer.beta', message: 'optimizer.beta must be a finite number >= 0 and < 1, got nothing' },
  { why: 'RMSprop beta2 of 1', edit: (s) => (s.optimizer = { kind: 'rmsprop', lr: 0.1, beta2: 1, eps: 1e-8 }), code: 'invalid_optimizer', field: 'optimizer.beta2', message: 'optimizer.beta2 must be a finite number >= 0 and < 1, got 1' },
  { why: "another kind's field", edit: (s) => (s.optimizer = { kind: 'gd', lr: 0.1, beta: 0.9 }), code: 'invalid_optimizer', field: 'optimizer.beta', message: 'optimizer.beta is not a known field (known: kind, lr, weightDecay)' },
  { why: 'float16', edit: (s) => (s.dtype = 'float16'), code: 'invalid_training', field: 'dtype', message: 'dtype must be one of "float32", "float64", got "float16"' },
];

describe('validateModelSpec', () => {
  test.each(BAD_SPECS)('should refuse $why naming the field and value', ({ edit, code, field, message }) => {
    // Arrange
    const spec = goodSpec();
    edit(spec);

    // Act
    const refusal = catchError(() => validateModelSpec(spec));

    // Assert
    expect(refusal).toBeInstanceOf(EngineError);
    expect(refusal).toMatchObject({ code, field });
    expect((refusal as EngineError).message).toContain(message);
  });

  test('should accept a good spec and return it unchanged', () => {
    expect(validateModelSpec(goodSpec())).toEqual(goodSpec());
  });

  test.each([
    { why: 'no hidden layers (logistic regression)', edit: (s: any) => (s.network.layers = []) },
    { why: 'frozen running statistics (BN momentum 0)', edit: (s: any) => (s.bn.momentum = 0) },
    { why: 'no weight decay field (it defaults to 0)', edit: (s: any) => delete s.optimizer.weightDecay },
  ])('should accept the edge case of $why', ({ edit }) => {
    const spec = goodSpec();
    edit(spec);
    expect(() => validateModelSpec(spec)).not.toThrow();
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */

