// The per-layer statistics of an epoch come in the run's precision: a float32 run's gradient norms
// and percentile bands are float32 (so the store keeps them in 4 bytes, losslessly), a float64
// run's are left as computed.
import { expect, test } from 'vitest';
import { Trainer, type Dtype, type LayerEpochStats } from '../../engine/index.ts';
import { twoBlobs } from '../helpers/data.ts';
import { modelSpec } from '../helpers/networks.ts';

function firstEpochStats(dtype: Dtype): LayerEpochStats[] {
  const spec = modelSpec(
    { inputSize: 2, layers: [{ units: 8, activation: 'relu', batchNorm: true }, { units: 6, activation: 'tanh', batchNorm: false }], output: { units: 2, loss: 'softmax_ce' } },
    { dtype },
  );
  const outcome = new Trainer(spec, { epochs: 1, batchSize: 16, seed: 3, init: 'he' }, { train: twoBlobs(100, 1), validation: twoBlobs(40, 2) }).runEpoch();
  if (outcome.kind !== 'epoch') throw new Error(`the epoch ended ${outcome.kind}`);
  return outcome.metrics.layers;
}

/** Every number of the statistics: norms, bands and the BN batch arrays. */
function numbers(layers: LayerEpochStats[]): number[] {
  return layers.flatMap((l) => [
    ...Object.values(l.gradNorm).filter((v) => v !== null),
    ...Object.values(l.percentiles ?? {}).flatMap((band) => (band ? [band.p15, band.p50, band.p85] : [])),
    ...(l.bn ? [...l.bn.batchMean, ...l.bn.batchVar] : []),
  ]);
}

const isFloat32 = (v: number) => Object.is(Math.fround(v), v);

test('should give a float32 run every statistic as a float32, and a float64 run its own', () => {
  const single = numbers(firstEpochStats('float32'));
  const double = numbers(firstEpochStats('float64'));
  expect(single.length).toBe(double.length);
  expect(single.filter((v) => !isFloat32(v))).toEqual([]);
  // Not vacuous: computed in float64, most of them are not float32 values.
  expect(double.filter((v) => !isFloat32(v)).length).toBeGreaterThan(double.length / 2);
});
