// FORMAT.md §6: gd, course-form momentum, RMSprop and Adam as one kernel call per parameter
// segment, with coupled L2 decay on W segments only. State buffers are zero before step 1.
import type { FloatArray } from './dtype.ts';
import type { SegmentUpdate } from './kernels.ts';
import type { ParamStore } from './param-store.ts';
import type { OptimizerSpec } from './spec.ts';

export class Optimizer {
  /** First-moment buffer: momentum's v, Adam's m. Empty for gd and RMSprop. */
  readonly m: FloatArray;
  /** Second-moment buffer: RMSprop's s, Adam's v. Empty for gd and momentum. */
  readonly v: FloatArray;
  /** Updates taken so far; Adam's bias correction uses t = step + 1 on the next update. */
  step = 0;
  /**
   * Σ grad² of each parameter segment (in ParamStore order) at the last update, before decay: the
   * epoch's gradient norms read it here, summed by the update's own pass over the gradient.
   */
  readonly gradSquares: Float64Array;
  /** Views of every buffer per segment, made once so that a step allocates nothing. */
  private readonly updates: { segment: SegmentUpdate; length: number }[];

  constructor(
    readonly spec: OptimizerSpec,
    private readonly params: ParamStore,
  ) {
    const size = params.size;
    const firstMoment = spec.kind === 'momentum' || spec.kind === 'adam';
    const secondMoment = spec.kind === 'rmsprop' || spec.kind === 'adam';
    this.m = params.kernels.allocFloat(firstMoment ? size : 0);
    this.v = params.kernels.allocFloat(secondMoment ? size : 0);
    const view = (x: FloatArray, from: number, to: number) => (x.length === 0 ? x : x.subarray(from, to));
    this.updates = params.segments.map((seg) => {
      const end = seg.offset + seg.length;
      const segment: SegmentUpdate = {
        data: params.data.subarray(seg.offset, end),
        grad: params.grad.subarray(seg.offset, end),
        m: view(this.m, seg.offset, end),
        v: view(this.v, seg.offset, end),
        decay: seg.decay ? spec.weightDecay : 0,
        t: 0,
      };
      return { segment, length: seg.length };
    });
    this.gradSquares = new Float64Array(this.updates.length);
  }

  /** Applies one update to every trainable tensor from params.grad (which it leaves as it is). */
  update(): void {
    const t = ++this.step;
    for (let s = 0; s < this.updates.length; s++) {
      const { segment, length } = this.updates[s]!;
      segment.t = t;
      this.gradSquares[s] = this.params.kernels.updateSegment(this.spec, segment, length);
    }
  }
}
