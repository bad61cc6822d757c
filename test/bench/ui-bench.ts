// `npm run bench:ui`: how the page holds up under heavy training, in Debian's Chromium against
// browser mode. It trains 8 digits runs (2×256, 4 optimizers × BN on/off, 30 epochs) with Compare
// open and prints the long tasks (the longest block of the main thread) and the frame delays seen
// by requestAnimationFrame, and how long the lab took to answer; then how soon Replay of the 8 runs
// is usable (a first frame, the slider moved to an epoch whose state was not kept and its frames)
// and how many of its frames are loaded after 2 s and when all are; then what the live decision boundary costs training (a 2-D lesson trained with Compare
// open, against the same with the Lessons page open). Figures are printed, not asserted: the machine
// may be shared.
import { chromium, type Page } from '@playwright/test';
import { performance } from 'node:perf_hooks';
import { LabServer } from '../e2e/fixtures.ts';
import { parseArgs } from 'node:util';
import { DRAW_MEASURE } from '../../renderer/src/lib/draw-queue.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OPTIMIZERS = ['gd', 'momentum', 'rmsprop', 'adam'] as const;

/** Two moons runs long enough (some seconds each) that the live boundary's cost is above the noise. */
const moonsPair = {
  name: 'ui bench: live boundary',
  runs: [true, false].map((batchNorm) => ({
    name: batchNorm ? 'BN' : 'no BN',
    dataset: { kind: 'moons', samples: 4000, noise: 0.2, seed: 1, validation: 0.2 },
    network: { layers: [32, 32].map((units) => ({ units, activation: 'relu', batchNorm })) },
    optimizer: { kind: 'adam', lr: 0.01 },
    training: { epochs: 40, batchSize: 32, seed: 7 },
  })),
};

const digitsRun = (kind: string, batchNorm: boolean) => ({
  name: `${kind}${batchNorm ? ', BN' : ', no BN'}`,
  dataset: { kind: 'digits' },
  network: { layers: [256, 256].map((units) => ({ units, activation: 'relu', batchNorm })) },
  optimizer: { kind, lr: 0.01 },
  training: { epochs: 30, batchSize: 32, seed: 1 },
});

// In-page code as text: this file is checked without the DOM's types (the root tsconfig is Node's).
/** Long tasks, chart draws and rAF intervals from now on, in window.bench. */
const START_WATCH = `(() => {
  const bench = (window.bench = { longTasks: [], draws: [], drawn: [], frames: [], stop: false });
  new PerformanceObserver((list) => list.getEntries().forEach((e) => bench.longTasks.push(e.duration))).observe({ type: 'longtask' });
  new PerformanceObserver((list) => list.getEntries().forEach((e) => e.name === ${JSON.stringify(DRAW_MEASURE)} && bench.draws.push(e.duration) && bench.drawn.push({ ms: e.duration, ...e.detail }))).observe({ type: 'measure' });
  let last = performance.now();
  const frame = (now) => { bench.frames.push(now - last); last = now; if (!bench.stop) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})()`;
const READ_WATCH = '(() => { window.bench.stop = true; return window.bench; })()';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (value: number) => `${Math.round(value)} ms`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function trainAndWait(server: LabServer, file: object, answers: number[] = []): Promise<number[]> {
  const { runIds } = await server.call<{ runIds: number[] }>('createExperiment', file);
  for (const id of runIds) await server.call('startRun', id);
  return untilEnded(server, runIds, answers);
}

/** Polls the runs until they end; `answers` gets how long each poll took the lab to answer. */
async function untilEnded(server: LabServer, runIds: number[], answers: number[] = []): Promise<number[]> {
  for (;;) {
    const asked = performance.now();
    const runs = await server.call<{ id: number; status: string }[]>('listRuns');
    answers.push(performance.now() - asked);
    if (runs.filter((r) => runIds.includes(r.id)).every((r) => !['queued', 'running'].includes(r.status))) return runIds;
    await sleep(250);
  }
}

/** Polls `done` (a page query) until it holds; the time it took, or NaN after `timeoutMs`. */
async function until(done: () => Promise<boolean>, since: number, timeoutMs = 60_000): Promise<number> {
  while (!(await done())) {
    if (performance.now() - since > timeoutMs) return NaN;
    await sleep(20);
  }
  return performance.now() - since;
}

/** Training time as the threads measured it (the sum of every epoch's wall time), which excludes waiting for a thread. */
async function trainingMs(server: LabServer, runIds: number[]): Promise<number> {
  let total = 0;
  for (const id of runIds) for (const row of await server.call<{ wallMs: number }[]>('epochs', id)) total += row.wallMs;
  return total;
}

async function openOn(page: Page, server: LabServer, tab: string): Promise<void> {
  await page.goto(server.launched ? server.origin : server.url);
  server.launched = true;
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

const { values } = parseArgs({ options: { parts: { type: 'string', default: 'train,live' } } });
const parts = new Set(values.parts.split(','));
const server = await LabServer.start();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  if (parts.has('train')) await heavyTraining(page);
  if (parts.has('live')) await liveBoundaryCost(page);
} finally {
  await browser.close();
  await server.stop();
}

async function heavyTraining(page: Page): Promise<void> {
  await openOn(page, server, 'Compare');
  await page.evaluate(START_WATCH);
  const began = performance.now();
  const answers: number[] = [];
  const runIds = await trainAndWait(server, { name: 'ui bench: 8 digits runs', runs: OPTIMIZERS.flatMap((kind) => [digitsRun(kind, true), digitsRun(kind, false)]) }, answers);
  const trainedIn = performance.now() - began;
  console.log(`8 digits runs (2×256, 30 epochs, 2 threads) trained in ${ms(trainedIn)} with Compare open`);
  await printWatch(page);
  console.log(`  the lab answered listRuns in median ${ms(percentile(answers, 50))}, max ${ms(Math.max(...answers))} over ${answers.length} calls`);
  await replay(page, runIds.length);
}

/** Long tasks, chart draws and frame delays since START_WATCH. */
async function printWatch(page: Page): Promise<void> {
  const { longTasks, draws, drawn, frames } = await page.evaluate<{ longTasks: number[]; draws: number[]; drawn: { ms: number; title: string; first: boolean }[]; frames: number[] }>(READ_WATCH);
  console.log(`  long tasks: ${longTasks.length}, longest ${ms(Math.max(0, ...longTasks))}, p95 ${ms(percentile(longTasks, 95))}`);
  console.log(`  chart draws: ${draws.length}, median ${ms(percentile(draws, 50))}, p95 ${ms(percentile(draws, 95))}, longest ${ms(Math.max(0, ...draws))}`);
  const slowest = [...drawn].sort((a, b) => b.ms - a.ms).slice(0, 3);
  if (slowest.length > 0) console.log(`  slowest draws: ${slowest.map((d) => `${ms(d.ms)} “${d.title}”${d.first ? ' (its first)' : ''}`).join(', ')}`);
  console.log(`  frame interval: median ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}, max ${ms(Math.max(...frames))} over ${frames.length} frames`);
}

/**
 * Replay of the runs just trained, which opens on their last epoch (a kept state): when the first
 * panel and every panel show their frame; then the slider is moved to an epoch whose state was not
 * kept (it is trained again) and answers (its label), shows the nearest frames meanwhile and then
 * that epoch's own; how many frames are loaded 2 s after opening; when all are.
 */
async function replay(page: Page, runs: number): Promise<void> {
  const epochs = digitsRun('adam', false).training.epochs;
  const moveTo = Math.round(epochs / 2);
  // A panel's note names the epoch its frame is of: "epoch 15" exactly once it is that epoch's.
  const exactFrames = (epoch: number) => page.getByText(new RegExp(`^\\s*epoch ${epoch}\\s*$`));
  const shownFrames = page.getByText(/^\s*(epoch \d+|showing epoch \d+ while epoch \d+ loads…)\s*$/);
  // The count of checkpoints still loading shows while the prefetch runs, and goes when it is done.
  const loading = page.getByText(/checkpoints loaded$/);

  await page.evaluate(START_WATCH);
  await page.getByRole('tab', { name: 'Replay', exact: true }).click();
  const opened = performance.now();
  const atTwoSeconds = sleep(2000).then(async () => ((await loading.count()) > 0 ? ((await loading.textContent()) ?? '').replace(/ checkpoints loaded$/, '') : 'all'));
  const firstFrame = await until(async () => (await exactFrames(epochs).count()) > 0, opened);
  const everyPanel = await until(async () => (await exactFrames(epochs).count()) === runs, opened);

  const slider = page.getByRole('slider', { name: 'Epoch' });
  const moved = performance.now();
  await slider.fill(String(moveTo));
  const answered = await until(async () => (await page.getByText(`epoch ${moveTo} / ${epochs}`, { exact: true }).count()) > 0, moved);
  const nearestShown = await until(async () => (await shownFrames.count()) === runs, moved);
  const ownShown = await until(async () => (await exactFrames(moveTo).count()) === runs, moved);
  console.log(`Replay of ${runs} runs × ${epochs} epochs: the first frame after ${ms(firstFrame)}, every panel's after ${ms(everyPanel)}`);
  console.log(`  the slider moved to epoch ${moveTo} (its state not kept) at ${ms(moved - opened)}: its label answered in ${ms(answered)}, every panel showed a frame in ${ms(nearestShown)}, epoch ${moveTo}'s own in ${ms(ownShown)}`);
  console.log(`  frames loaded 2 s after opening: ${await atTwoSeconds}`);
  await loading.waitFor({ timeout: 5000 }).catch(() => undefined);
  const allLoaded = await loading.waitFor({ state: 'detached', timeout: 300_000 }).then(() => true, () => false);
  const loaded = allLoaded ? 'every frame' : `${await loading.textContent()} (not all after 300 s)`;
  console.log(`  ${loaded} loaded after ${ms(performance.now() - opened)}; the page while Replay loaded:`);
  await printWatch(page);
}

/**
 * The same 2-D pair trained six times with Compare open, alternately with the boundary redrawn live
 * and not ("Redraw while training" off), so only the live boundary differs; and on Lessons, where
 * nothing is drawn at all, for the cost of Compare's charts as a whole.
 */
async function liveBoundaryCost(page: Page): Promise<void> {
  const totals = { live: 0, still: 0, nothing: 0 };
  for (let round = 0; round < 2; round++) {
    for (const mode of ['nothing', 'still', 'live'] as const) {
      await openOn(page, server, mode === 'nothing' ? 'Lessons' : 'Compare');
      const { runIds } = await server.call<{ runIds: number[] }>('createExperiment', moonsPair);
      for (const id of runIds) await server.call('startRun', id);
      // The switch shows with the first picture: one is drawn either way.
      if (mode === 'still') await page.getByRole('checkbox', { name: 'Redraw while training' }).uncheck();
      totals[mode] += await trainingMs(server, await untilEnded(server, runIds));
    }
  }
  const percent = (a: number, b: number) => `${(((a - b) / b) * 100).toFixed(1)} %`;
  console.log(`Live decision boundary (2 × 2 moons runs of 40 epochs each): training time ${ms(totals.live)} redrawn live, ${ms(totals.still)} not redrawn (${percent(totals.live, totals.still)}), ${ms(totals.nothing)} with no charts open (Compare as a whole: ${percent(totals.live, totals.nothing)})`);
  // What one live picture costs the lab's main thread, the part that does not depend on the machine's other load as much.
  const [runId] = (await server.call<{ id: number }[]>('listRuns')).map((r) => r.id).slice(-1);
  const began = performance.now();
  for (let i = 0; i < 20; i++) await server.call('replayFrame', runId, 40, { bnMode: 'eval', resolution: 40 });
  const perFrame = (performance.now() - began) / 20;
  console.log(`  one live boundary (40×40 grid) takes ${perFrame.toFixed(1)} ms to answer; at 2 per second per run that is ${((perFrame * 2) / 10).toFixed(1)} % of a core per training run`);
}
