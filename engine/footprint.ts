// How much memory training a network takes, from its spec alone, so that a network too large for
// the machine is refused before anything is allocated (a 20 × 8192 network once allocated 3 GB
// first; 3 × 65536 failed with a raw "Invalid typed array length"). Counts the buffers the engine
// allocates: parameters with their gradients and optimizer moments, a checkpoint's copy of them,
// and the per-row caches of each layer for one mini-batch (or the 256 evaluation rows).
import { hasBias, type ModelSpec } from './spec.ts';
import { PERCENTILE_ROWS } from './metrics.ts';

/** The largest element count of one typed array that every supported JavaScript engine allocates. */
export const MAX_ARRAY_ELEMENTS = 2 ** 31 - 1;

export interface Footprint {
  /** Trainable numbers: W, b, and BN's γ and β. */
  parameters: number;
  /** The largest single buffer, in elements (a weight matrix, or one layer's cache). */
  largestArray: number;
  bytes: number;
}

export function trainingFootprint(spec: ModelSpec, batchSize: number): Footprint {
  const { network, optimizer, dtype } = spec;
  const width = dtype === 'float64' ? 8 : 4;
  let parameters = 0;
  let runningStatistics = 0;
  let largestArray = 0;
  let cacheColumns = network.inputSize;
  let fanIn = network.inputSize;
  for (const layer of network.layers) {
    const weights = layer.units * fanIn;
    // γ and β under BN, and b when the layer keeps one; BN's running mean and variance beside them.
    parameters += weights + (layer.batchNorm ? 2 * layer.units : 0) + (hasBias(layer) ? layer.units : 0);
    runningStatistics += layer.batchNorm ? 2 * layer.units : 0;
    largestArray = Math.max(largestArray, weights);
    // z, a, dA, dZ, and under BN ẑ, z̃ and dZ̃.
    cacheColumns += layer.units * (layer.batchNorm ? 7 : 4);
    fanIn = layer.units;
  }
  parameters += network.output.units * (fanIn + 1);
  largestArray = Math.max(largestArray, network.output.units * fanIn);
  cacheColumns += 2 * network.output.units;
  const moments = optimizer.kind === 'adam' ? 2 : optimizer.kind === 'gd' ? 0 : 1;
  const rows = Math.max(batchSize + 1, PERCENTILE_ROWS);
  largestArray = Math.max(largestArray, rows * Math.max(network.inputSize, ...network.layers.map((l) => l.units)));
  // Parameters, gradients and moments live once; a checkpoint serializes parameters and moments.
  const parameterBytes = parameters * width * (2 + moments) + parameters * width * (1 + moments) + 2 * runningStatistics * width;
  return { parameters, largestArray, bytes: parameterBytes + rows * cacheColumns * width };
}
