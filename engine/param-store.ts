// One flat buffer for every trainable tensor and one for its gradient, cut into named segments
// (STYLE.md §6), plus a separate non-trainable buffer for BN running statistics.
import type { FloatArray } from './dtype.ts';
import type { Kernels } from './kernels.ts';
import { hasBias, type NetworkSpec } from './spec.ts';

export type ParamName = 'W' | 'b' | 'gamma' | 'beta';
export type RunningName = 'runningMean' | 'runningVar';

export interface Segment<Name extends string> {
  /** Hidden layers are 0..L-1, the output layer is L. */
  layer: number;
  name: Name;
  offset: number;
  /** `[rows, cols]` for W (Linear layout: one row per output unit), `[units]` for vectors. */
  shape: [number] | [number, number];
  length: number;
  /** Coupled L2 weight decay applies to W only (FORMAT.md §6). */
  decay: boolean;
}

export class ParamStore {
  readonly data: FloatArray;
  readonly grad: FloatArray;
  readonly segments: Segment<ParamName>[];
  readonly running: FloatArray;
  readonly runningSegments: Segment<RunningName>[];

  constructor(
    readonly network: NetworkSpec,
    /** Where the buffers live: the network's kernels, which the optimizer's moments share. */
    readonly kernels: Kernels,
  ) {
    this.segments = [];
    this.runningSegments = [];
    let offset = 0;
    let runningOffset = 0;
    const add = (layer: number, name: ParamName, shape: [number] | [number, number]) => {
      const length = shape.reduce((x, y) => x * y, 1);
      this.segments.push({ layer, name, offset, shape, length, decay: name === 'W' });
      offset += length;
    };
    const addRunning = (layer: number, name: RunningName, units: number) => {
      this.runningSegments.push({ layer, name, offset: runningOffset, shape: [units], length: units, decay: false });
      runningOffset += units;
    };
    let fanIn = network.inputSize;
    network.layers.forEach((layer, l) => {
      add(l, 'W', [layer.units, fanIn]);
      if (hasBias(layer)) add(l, 'b', [layer.units]);
      if (layer.batchNorm) {
        add(l, 'gamma', [layer.units]);
        add(l, 'beta', [layer.units]);
        addRunning(l, 'runningMean', layer.units);
        addRunning(l, 'runningVar', layer.units);
      }
      fanIn = layer.units;
    });
    const out = network.layers.length;
    add(out, 'W', [network.output.units, fanIn]);
    add(out, 'b', [network.output.units]);

    this.data = kernels.allocFloat(offset);
    this.grad = kernels.allocFloat(offset);
    this.running = kernels.allocFloat(runningOffset);
  }

  get size(): number {
    return this.data.length;
  }

  find(layer: number, name: ParamName): Segment<ParamName> | undefined {
    return this.segments.find((s) => s.layer === layer && s.name === name);
  }

  findRunning(layer: number, name: RunningName): Segment<RunningName> | undefined {
    return this.runningSegments.find((s) => s.layer === layer && s.name === name);
  }

  /** A view of one parameter tensor (or its gradient); null when the layer has no such tensor. */
  view(layer: number, name: ParamName, of: 'data' | 'grad' = 'data'): FloatArray | null {
    const seg = this.find(layer, name);
    return seg ? this[of].subarray(seg.offset, seg.offset + seg.length) : null;
  }

  runningView(layer: number, name: RunningName): FloatArray | null {
    const seg = this.findRunning(layer, name);
    return seg ? this.running.subarray(seg.offset, seg.offset + seg.length) : null;
  }
}
