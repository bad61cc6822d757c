// FORMAT.md §6: gd, course-form momentum, RMSprop and Adam as one loop over the flat buffers,
// with coupled L2 decay on W segments only. State buffers are zero before step 1.
import { allocFloat, type FloatArray } from './dtype.ts';
import type { ParamStore } from './param-store.ts';
import type { OptimizerSpec } from './spec.ts';

export class Optimizer {
  /** First-moment buffer: momentum's v, Adam's m. Empty for gd and RMSprop. */
  readonly m: FloatArray;
  /** Second-moment buffer: RMSprop's s, Adam's v. Empty for gd and momentum. */
  readonly v: FloatArray;
  /** Updates taken so far; Adam's bias correction uses t = step + 1 on the next update. */
  step = 0;

  constructor(
    readonly spec: OptimizerSpec,
    private readonly params: ParamStore,
  ) {
    const size = params.size;
    const firstMoment = spec.kind === 'momentum' || spec.kind === 'adam';
    const secondMoment = spec.kind === 'rmsprop' || spec.kind === 'adam';
    this.m = allocFloat(params.dtype, firstMoment ? size : 0);
    this.v = allocFloat(params.dtype, secondMoment ? size : 0);
  }

  /** Applies one update to every trainable tensor from params.grad (which it leaves as it is). */
  update(): void {
    const { data, grad, segments } = this.params;
    const { m, v } = this;
    const spec = this.spec;
    const t = ++this.step;
    for (const seg of segments) {
      const decay = seg.decay ? spec.weightDecay : 0;
      const end = seg.offset + seg.length;
      switch (spec.kind) {
        case 'gd':
          for (let i = seg.offset; i < end; i++) data[i] -= spec.lr * (grad[i] + decay * data[i]);
          break;
        case 'momentum': {
          const { beta, lr } = spec;
          for (let i = seg.offset; i < end; i++) {
            m[i] = beta * m[i] + (1 - beta) * (grad[i] + decay * data[i]);
            data[i] -= lr * m[i];
          }
          break;
        }
        case 'rmsprop': {
          const { beta2, eps, lr } = spec;
          for (let i = seg.offset; i < end; i++) {
            const g = grad[i] + decay * data[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            data[i] -= (lr * g) / (Math.sqrt(v[i]) + eps);
          }
          break;
        }
        case 'adam': {
          const { beta1, beta2, eps, lr } = spec;
          const correction1 = 1 - Math.pow(beta1, t);
          const correction2 = 1 - Math.pow(beta2, t);
          for (let i = seg.offset; i < end; i++) {
            const g = grad[i] + decay * data[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            data[i] -= (lr * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + eps);
          }
          break;
        }
      }
    }
  }
}
