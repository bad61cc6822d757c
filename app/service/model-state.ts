// A stored checkpoint as named tensors and as a network ready to predict: what exports, the replay
// view and decision boundaries read. BN's shift is exported as bn_beta, never plain "beta", so it
// cannot be confused with the optimizers' beta1/beta2.
import { Network, Optimizer, restoreModelState, type ModelSpec } from '../../engine/index.ts';

export interface NamedTensor {
  /** Hidden layers 0..L-1, output layer L. */
  layer: number;
  name: 'W' | 'b' | 'bn_gamma' | 'bn_beta' | 'bn_running_mean' | 'bn_running_var';
  shape: number[];
  values: number[];
}

export const EXPORT_NAMES = { W: 'W', b: 'b', gamma: 'bn_gamma', beta: 'bn_beta', runningMean: 'bn_running_mean', runningVar: 'bn_running_var' } as const;

/** A network holding the checkpoint's parameters and running statistics. */
export function networkFromState(spec: ModelSpec, state: Uint8Array): Network {
  const net = new Network(spec);
  restoreModelState(net, new Optimizer(spec.optimizer, net.params), state);
  return net;
}

export function namedTensors(net: Network): NamedTensor[] {
  const { params } = net;
  const tensors: NamedTensor[] = [];
  const take = (source: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, segments: readonly { layer: number; name: keyof typeof EXPORT_NAMES; shape: number[]; offset: number; length: number }[]) => {
    for (const seg of segments) {
      tensors.push({ layer: seg.layer, name: EXPORT_NAMES[seg.name], shape: [...seg.shape], values: Array.from(source.subarray(seg.offset, seg.offset + seg.length)) });
    }
  };
  take(params.data, params.segments);
  take(params.running, params.runningSegments);
  // Stable sort: within a layer W, b, γ, β come before the running statistics.
  return tensors.sort((a, b) => a.layer - b.layer);
}
