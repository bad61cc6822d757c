// One progress bar per run, or one for a whole experiment (a sweep of 30 runs would not fit a
// screen). On a terminal the bars redraw in place; in a log (CI, a pipe) each bar prints a line at
// every tenth of its epochs, so logs stay short for long runs.
import type { LabEvent } from '../service/lab-service.ts';

interface Bar {
  label: string;
  epoch: number;
  total: number;
  loss: number | null;
  status: string;
  startedAt: number;
  lastDecile: number;
}

const WIDTH = 24;

export class ProgressBars {
  private readonly bars = new Map<number, Bar>();
  private drawn = 0;
  private readonly whole: Bar | undefined;

  /** With `experiment`, one bar labelled so sums every run's epochs. */
  constructor(private readonly out: NodeJS.WriteStream, experiment?: string) {
    this.whole = experiment === undefined ? undefined : { label: experiment, epoch: 0, total: 0, loss: null, status: 'queued', startedAt: Date.now(), lastDecile: -1 };
  }

  add(runId: number, label: string, epochsDone: number, total: number): void {
    this.bars.set(runId, { label, epoch: epochsDone, total, loss: null, status: 'queued', startedAt: Date.now(), lastDecile: -1 });
    this.sumWhole();
    this.draw();
  }

  update(event: LabEvent): void {
    if (event.kind === 'menu' || event.kind === 'stateProgress') return;
    const bar = this.bars.get(event.runId);
    if (!bar) return;
    if (event.kind === 'epoch') {
      bar.epoch = event.epoch;
      bar.loss = event.metrics.validationLoss ?? event.metrics.trainLoss;
    } else {
      bar.status = event.status;
    }
    if (this.whole) return this.updateWhole(event);
    if (this.out.isTTY) return this.draw();
    const decile = Math.floor((10 * bar.epoch) / bar.total);
    if (event.kind === 'epoch' && decile > bar.lastDecile) {
      bar.lastDecile = decile;
      this.out.write(`${line(bar)}\n`);
    } else if (event.kind === 'status' && !['queued', 'running'].includes(event.status)) {
      this.out.write(`${line(bar)}\n`);
    }
  }

  /** The experiment's bar: epochs summed over runs, how many runs ended, no single run's loss. */
  private updateWhole(event: LabEvent): void {
    const whole = this.whole!;
    const allEnded = this.sumWhole();
    if (this.out.isTTY) return this.draw();
    const decile = Math.floor((10 * whole.epoch) / whole.total);
    if ((event.kind === 'epoch' && decile > whole.lastDecile) || (event.kind === 'status' && allEnded)) {
      whole.lastDecile = decile;
      this.out.write(`${line(whole)}\n`);
    }
  }

  /** Sums the runs into the experiment's bar; true once every run has ended. */
  private sumWhole(): boolean {
    if (!this.whole) return false;
    const bars = [...this.bars.values()];
    const ended = bars.filter((b) => !['queued', 'running', 'paused'].includes(b.status)).length;
    this.whole.epoch = bars.reduce((sum, b) => sum + b.epoch, 0);
    this.whole.total = bars.reduce((sum, b) => sum + b.total, 0);
    this.whole.status = `${ended}/${bars.length} runs ended`;
    return ended === bars.length;
  }

  private draw(): void {
    if (!this.out.isTTY) return;
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A`);
    const shown = this.whole ? [this.whole] : [...this.bars.values()];
    for (const bar of shown) this.out.write(`\x1b[2K${line(bar)}\n`);
    this.drawn = shown.length;
  }
}

/** `[#####.....]`: `done` of `total` as a bar of `width` cells, the one drawing of progress in bnlab. */
export function progressBar(done: number, total: number, width = WIDTH): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function line(bar: Bar): string {
  const loss = bar.loss === null ? '' : `  loss ${bar.loss.toPrecision(4)}`;
  const elapsed = (Date.now() - bar.startedAt) / 1000;
  const eta = bar.epoch > 0 && bar.epoch < bar.total ? `  eta ${Math.ceil((elapsed / bar.epoch) * (bar.total - bar.epoch))}s` : '';
  return `${bar.label.padEnd(28).slice(0, 28)} ${progressBar(bar.epoch, bar.total)} ${String(bar.epoch).padStart(String(bar.total).length)}/${bar.total} ${bar.status}${loss}${eta}`;
}
