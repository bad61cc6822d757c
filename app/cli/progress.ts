// One progress bar per run. On a terminal the bars redraw in place; in a log (CI, a pipe) each run
// prints a line at every tenth of its epochs, so logs stay short for long runs.
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

  constructor(private readonly out: NodeJS.WriteStream) {}

  add(runId: number, label: string, epochsDone: number, total: number): void {
    this.bars.set(runId, { label, epoch: epochsDone, total, loss: null, status: 'queued', startedAt: Date.now(), lastDecile: -1 });
    this.draw();
  }

  update(event: LabEvent): void {
    if (event.kind === 'menu') return;
    const bar = this.bars.get(event.runId);
    if (!bar) return;
    if (event.kind === 'epoch') {
      bar.epoch = event.epoch;
      bar.loss = event.metrics.validationLoss ?? event.metrics.trainLoss;
    } else {
      bar.status = event.status;
    }
    if (this.out.isTTY) return this.draw();
    const decile = Math.floor((10 * bar.epoch) / bar.total);
    if (event.kind === 'epoch' && decile > bar.lastDecile) {
      bar.lastDecile = decile;
      this.out.write(`${line(bar)}\n`);
    } else if (event.kind === 'status' && !['queued', 'running'].includes(event.status)) {
      this.out.write(`${line(bar)}\n`);
    }
  }

  private draw(): void {
    if (!this.out.isTTY) return;
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A`);
    for (const bar of this.bars.values()) this.out.write(`\x1b[2K${line(bar)}\n`);
    this.drawn = this.bars.size;
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
