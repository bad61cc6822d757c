// A training thread never runs more than MAX_UNSTORED_EPOCHS ahead of the store: epochs the
// service cannot store yet are not trained, so they cannot pile up in memory; on Linux it runs at
// a lower priority than the thread that answers the page. Real threads.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { loadDataset } from '../../../app/service/datasets/index.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { WorkerPool, type RunEvent } from '../../../app/service/worker-pool.ts';
import { MAX_UNSTORED_EPOCHS } from '../../../app/service/worker-protocol.ts';
import { TRAINING_NICE } from '../../../app/service/thread-priority.ts';
import { threadName } from '../../../app/service/trainer-thread-entry.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

/** A 30-epoch moons run, its spec resolved by a lab, trained on a bare pool of one thread; its epochs as they are reported. */
function trainOnBarePool(name: string) {
  const lab = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 1 });
  closing.push(() => lab.close());
  const { runIds } = lab.createExperiment(experiment(name, [moonsRun('r', { epochs: 30 })]));
  const { spec } = lab.getRun(runIds[0]!);
  const data = loadDataset(spec.dataset, { batchSize: spec.training.batchSize });
  const pool = new WorkerPool(1);
  closing.push(() => pool.close());
  const epochs: number[] = [];
  const handle = pool.submit({ runId: 1, spec, train: data.train, validation: data.validation, state: null, newOptimizer: false }, (event: RunEvent) => {
    if (event.type === 'epoch') epochs.push(event.metrics.epoch);
  });
  return { epochs, handle };
}

/** Waits until `epochs` reaches `count`, then a while longer, in which a thread that did not wait would go on. */
async function reported(epochs: number[], count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (epochs.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 500));
}

test('should train no further than MAX_UNSTORED_EPOCHS past the last epoch the store took, and on once it takes more', async () => {
  // Arrange: a resolved spec from the lab, trained by a bare pool whose store never answers on its own.
  const { epochs, handle } = trainOnBarePool('window');

  // Act + Assert: it waits with MAX_UNSTORED_EPOCHS epochs reported, then goes as far as each acknowledgement allows.
  await reported(epochs, MAX_UNSTORED_EPOCHS);
  expect(epochs).toEqual(Array.from({ length: MAX_UNSTORED_EPOCHS }, (_, i) => i + 1));
  handle.stored(2);
  await reported(epochs, 2 + MAX_UNSTORED_EPOCHS);
  expect(epochs.at(-1)).toBe(2 + MAX_UNSTORED_EPOCHS);

  // A stop reaches a thread that waits for the store.
  handle.stop();
  expect(await handle.finished).toEqual({ kind: 'stopped', epochs: 2 + MAX_UNSTORED_EPOCHS });
}, 60_000);

/** This process's threads by name (as the kernel shows them) with their nice values, read from /proc. */
function threadNices(): { name: string; nice: number }[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the parenthesised name: state is field 3, nice field 19.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(), nice: Number(fields[16]) };
  });
}

test.skipIf(process.platform !== 'linux')('should train at a lower priority than the thread that started it, on Linux', async () => {
  // Arrange: one run on a pool of one thread.
  const { epochs, handle } = trainOnBarePool('nice');

  // Act: it has trained an epoch, so its thread is running.
  await reported(epochs, 1);

  // Assert: the training thread is lowered; every other thread keeps the priority the process started with.
  const threads = threadNices();
  const training = threadName('training');
  expect(threads.filter((t) => t.name === training)).toEqual([{ name: training, nice: TRAINING_NICE }]);
  expect(new Set(threads.filter((t) => t.name !== training).map((t) => t.nice)).size).toBe(1);
  handle.stop();
  await handle.finished;
}, 60_000);
