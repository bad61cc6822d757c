// `npm run soak [-- --minutes 10 --runs 8]`: runs train through the lab service for a while as a
// person would leave them, while a reader lists runs and shows one every 200 ms, as `bnlab list`
// and `bnlab show` do. Prints bytes of lab file per trained epoch and the readers' latency (from
// when the call was due, so time waiting behind the event loop counts) as one JSON line.
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { LabService } from '../../app/service/lab-service.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, runs: { type: 'string', default: '8' } } });
const minutes = Number(values.minutes);
const runCount = Number(values.runs);
if (!(minutes > 0) || !Number.isInteger(runCount) || runCount < 1) {
  console.error('soak: --minutes must be a number > 0 and --runs an integer >= 1');
  process.exit(2);
}

/** A 2×32 BN network on moons, long enough to train for the whole soak. */
function run(i: number) {
  return {
    name: `soak ${i}`,
    dataset: { kind: 'moons', samples: 1000, noise: 0.2, seed: 1 + i, validation: 0.2 },
    network: { layers: [{ units: 32, activation: 'relu', batchNorm: true }, { units: 32, activation: 'relu', batchNorm: true }], output: { loss: 'softmax_ce' } },
    optimizer: { kind: 'adam', lr: 0.001 },
    training: { epochs: 100_000, batchSize: 32, seed: 7 + i },
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'bnlab-soak-'));
const dbFile = path.join(dir, 'lab.db');
const fileBytes = () => statSync(dbFile).size + (() => { try { return statSync(`${dbFile}-wal`).size; } catch { return 0; } })();
const lab = new LabService({ dbFile, poolSize: runCount });
const { runIds } = lab.createExperiment({ name: 'soak', runs: Array.from({ length: runCount }, (_, i) => run(i)) });
const startBytes = fileBytes();
for (const id of runIds) lab.start(id);

const latency = { list: [] as number[], show: [] as number[] };
const INTERVAL_MS = 200;
let turn = 0;
let reading = true;
// Each call is due INTERVAL_MS after the previous one ended; its latency runs from then to its answer.
function readAfterInterval(): void {
  const due = performance.now() + INTERVAL_MS;
  setTimeout(() => {
    if (!reading) return;
    const which = turn++ % 2 === 0 ? 'list' : 'show';
    if (which === 'list') lab.listRuns();
    else {
      const id = runIds[turn % runIds.length]!;
      const detail = lab.getRun(id);
      lab.epochs(id, { from: detail.epochsDone, to: detail.epochsDone });
    }
    latency[which].push(performance.now() - due);
    readAfterInterval();
  }, INTERVAL_MS);
}
readAfterInterval();

await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
reading = false;
for (const id of runIds) lab.stop(id);
await Promise.all(runIds.map((id) => lab.waitFor(id)));
const epochs = lab.listRuns().reduce((sum, r) => sum + r.epochsDone, 0);
lab.db.pragma('wal_checkpoint(TRUNCATE)');
const grown = fileBytes() - startBytes;
const checkpointBytes = (lab.db.prepare('SELECT sum(length(state)) AS n FROM checkpoints').get() as { n: number }).n;
await lab.close();
rmSync(dir, { recursive: true, force: true });

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const ms = (x: number) => Math.round(x * 10) / 10;
const summary = (xs: number[]) => ({ p50: ms(percentile(xs, 0.5)), p90: ms(percentile(xs, 0.9)), max: ms(Math.max(...xs)), calls: xs.length });
console.log(JSON.stringify({
  minutes, runs: runCount, epochs,
  bytesPerEpoch: Math.round(grown / epochs),
  checkpointBytesPerEpoch: Math.round(checkpointBytes / epochs),
  listMs: summary(latency.list),
  showMs: summary(latency.show),
}));
