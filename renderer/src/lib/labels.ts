// Words for the settings and states the lab stores as identifiers: what a person reads in tables,
// legends and the run picker ("leaky ReLU", "Done"), never the raw value ("leaky_relu", "done").
import { OPTIMIZER_SETTINGS, type Activation, type OptimizerKind } from '../../../engine/fields.ts';
import type { RunStatus } from '../../../app/contract/lab-api.ts';

const ACTIVATION_LABELS: Record<Activation, string> = { relu: 'ReLU', leaky_relu: 'leaky ReLU', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear' };

const STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued', running: 'Running', paused: 'Paused', done: 'Done', failed: 'Failed', diverged: 'Diverged', interrupted: 'Interrupted',
};

/** Every status a run can have, in the order a run meets them. */
export const RUN_STATUSES = Object.keys(STATUS_LABELS) as RunStatus[];

export function activationLabel(activation: Activation): string {
  return ACTIVATION_LABELS[activation];
}

export function statusLabel(status: RunStatus): string {
  return STATUS_LABELS[status];
}

/** "GD" rather than "Gradient descent" where space is short: legends, table cells, run names. */
export function optimizerLabel(kind: OptimizerKind): string {
  return kind === 'gd' ? 'GD' : OPTIMIZER_SETTINGS[kind].label;
}

/** "12 done, 4 running": how a group of runs stands, most common status first. */
export function statusCounts(statuses: readonly RunStatus[]): string {
  const counts = new Map<RunStatus, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([status, n]) => `${n} ${statusLabel(status).toLowerCase()}`).join(', ');
}
