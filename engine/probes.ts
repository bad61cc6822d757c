// Santurkar et al. (2018), "How does batch normalization help optimization?", Figure 4: how the
// loss and its gradient change along the gradient direction at one training step. With g = ∇L(θ)
// on the current batch (training mode, the data loss without weight decay) and each step size η:
//   loss landscape           L(θ − η g)                                (its range over η)
//   gradient predictiveness  ‖∇L(θ) − ∇L(θ − η g)‖₂                    (its range over η)
//   effective β-smoothness   max over η of ‖∇L(θ) − ∇L(θ − η g)‖₂ / ‖η g‖₂
// A probe moves the parameters and puts them back bit for bit; it never updates running
// statistics, the optimizer or any random number generator, so a probed run trains on unchanged.
import type { FloatArray } from './dtype.ts';
import type { Targets } from './layers/losses.ts';
import type { Network } from './network.ts';
import type { ProbeMeasurement } from './metrics.ts';
import { lossAndGradient } from './train-step.ts';

/** Probes the batch X(n, d), y at the network's current parameters; see the file's head. */
export function probeAlongGradient(net: Network, X: FloatArray, y: Targets, n: number, stepSizes: readonly number[]): ProbeMeasurement {
  const { data, grad } = net.params;
  const theta = data.slice();
  const gradBefore = grad.slice();
  const loss = lossAndGradient(net, X, y, n);
  const g = grad.slice();
  const gradientNorm = norm(g);
  const lossAlong: number[] = [];
  const gradientChange: number[] = [];
  let betaSmoothness = 0;
  try {
    for (const eta of stepSizes) {
      for (let i = 0; i < data.length; i++) data[i] = theta[i]! - eta * g[i]!;
      lossAlong.push(lossAndGradient(net, X, y, n));
      let squares = 0;
      for (let i = 0; i < grad.length; i++) squares += (g[i]! - grad[i]!) ** 2;
      const change = Math.sqrt(squares);
      gradientChange.push(change);
      const moved = Math.abs(eta) * gradientNorm;
      if (moved > 0) betaSmoothness = Math.max(betaSmoothness, change / moved);
    }
  } finally {
    data.set(theta);
    grad.set(gradBefore);
  }
  return { stepSizes: [...stepSizes], loss, gradientNorm, lossAlong, gradientChange, betaSmoothness };
}

function norm(values: FloatArray): number {
  let squares = 0;
  for (const v of values) squares += v * v;
  return Math.sqrt(squares);
}
