// Small experiment files for service and CLI tests: quick to train, big enough to overlap in time.
/** More epochs than any test waits for: a run the test always stops, pauses or kills itself. */
export const UNENDING_EPOCHS = 100_000;

export function moonsRun(name: string, overrides: { batchNorm?: boolean; epochs?: number; optimizer?: object; samples?: number; checkpointEvery?: number } = {}) {
  const batchNorm = overrides.batchNorm ?? true;
  return {
    name,
    dataset: { kind: 'moons', samples: overrides.samples ?? 400, noise: 0.2, seed: 1, validation: 0.2 },
    network: { layers: [{ units: 16, activation: 'relu', batchNorm }, { units: 16, activation: 'relu', batchNorm }], output: { loss: 'softmax_ce' } },
    optimizer: overrides.optimizer ?? { kind: 'adam', lr: 0.01 },
    training: { epochs: overrides.epochs ?? 8, batchSize: 32, seed: 7, dtype: 'float32', checkpointEvery: overrides.checkpointEvery ?? 1 },
  };
}

export function experiment(name: string, runs: object[]) {
  return { name, runs };
}

/** Every stored metric except the wall-clock ones, which no two runs share. */
export function comparableEpochs<T extends { wallMs: number; recordedAt: string }>(rows: T[]): Omit<T, 'wallMs' | 'recordedAt'>[] {
  return rows.map(({ wallMs: _w, recordedAt: _r, ...rest }) => rest);
}
