// FORMAT.md §6 update rules against values worked out by hand (in 40-digit decimal arithmetic),
// two steps each, with coupled weight decay that must reach W and nothing else.
import { describe, expect, test } from 'vitest';
import { Network, Optimizer, type OptimizerSpec } from '../../engine/index.ts';
import { expectClose, expectSameBytes } from '../helpers/close.ts';
import { modelSpec } from '../helpers/networks.ts';

/** Every parameter starts at P0 and sees gradient G1 at step 1, G2 at step 2. */
const P0 = 0.5;
const G1 = 0.2;
const G2 = -0.1;
const WEIGHT_DECAY = 0.01;

/**
 * After steps 1 and 2: `W` with decay (g ← g + 0.01·p before the rule), `other` (b, γ, β) without.
 * gd, lr 0.1:                p ← p − 0.1·g
 * momentum, lr 0.1, β 0.9:   v ← 0.9·v + 0.1·g; p ← p − 0.1·v        (course form, no 1/(1−β))
 * rmsprop, lr 0.01, β₂ 0.9:  s ← 0.9·s + 0.1·g²; p ← p − 0.01·g/(√s + 1e-8)
 * adam, lr 0.01, β₁ 0.9, β₂ 0.999, eps 1e-8: m̂ = m/(1−0.9^t), v̂ = v/(1−0.999^t); p ← p − 0.01·m̂/(√v̂ + 1e-8)
 */
const CASES: { spec: OptimizerSpec; W: [number, number]; other: [number, number] }[] = [
  { spec: { kind: 'gd', lr: 0.1, weightDecay: WEIGHT_DECAY }, W: [0.4795, 0.4890205], other: [0.48, 0.49] },
  { spec: { kind: 'momentum', lr: 0.1, beta: 0.9, weightDecay: WEIGHT_DECAY }, W: [0.49795, 0.497055205], other: [0.498, 0.4972] },
  {
    spec: { kind: 'rmsprop', lr: 0.01, beta2: 0.9, eps: 1e-8, weightDecay: WEIGHT_DECAY },
    W: [0.46837722827636424, 0.4822942014707909],
    other: [0.4683772283983154, 0.48312142183989243],
  },
  {
    spec: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: WEIGHT_DECAY },
    W: [0.49000000048780484, 0.48705496634792983],
    other: [0.4900000005, 0.4873366302718676],
  },
];

describe.each(CASES)('optimizer $spec.kind', ({ spec, W, other }) => {
  test('should follow the closed form for two steps, decaying W only', () => {
    // Arrange
    const net = tinyNetwork(spec);
    const optimizer = new Optimizer(spec, net.params);
    const { data, grad, segments } = net.params;
    data.fill(P0);

    // Act and Assert
    for (const [step, g] of [G1, G2].entries()) {
      grad.fill(g);
      optimizer.update();
      for (const seg of segments) {
        const want = seg.name === 'W' ? W[step]! : other[step]!;
        expectClose(data.subarray(seg.offset, seg.offset + seg.length), [want], 1e-14, `step ${step + 1} layer ${seg.layer} ${seg.name}`);
      }
    }
    expect(optimizer.step).toBe(2);
  });

  test('should leave gradients and running statistics alone', () => {
    // Arrange
    const net = tinyNetwork(spec);
    const optimizer = new Optimizer(spec, net.params);
    net.params.data.fill(P0);
    net.params.grad.fill(G1);
    net.params.running.set([0.25, 2]);
    const grad = net.params.grad.slice();
    const running = net.params.running.slice();

    // Act
    optimizer.update();

    // Assert
    expectSameBytes(net.params.grad, grad, 'grad');
    expectSameBytes(net.params.running, running, 'running statistics');
  });
});

/**
 * One parameter per tensor: a BN layer (W, γ, β), a plain layer (W, b) and the output (W, b), so
 * every tensor kind of FORMAT.md §6 is present once.
 */
function tinyNetwork(optimizer: OptimizerSpec): Network {
  const network = new Network(
    modelSpec(
      {
        inputSize: 1,
        layers: [
          { units: 1, activation: 'linear', batchNorm: true },
          { units: 1, activation: 'linear', batchNorm: false },
        ],
        output: { units: 1, loss: 'mse' },
      },
      { optimizer },
    ),
  );
  expect(network.params.segments.map((s) => `${s.layer}.${s.name}`)).toEqual(['0.W', '0.gamma', '0.beta', '1.W', '1.b', '2.W', '2.b']);
  return network;
}
