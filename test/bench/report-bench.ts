// `npm run bench:report`: how big the HTML report of the bundled moons example (BN vs no BN) is and
// how long Debian's Chromium takes to open it: to the first chart drawn and to every chart drawn
// (the page marks itself data-report-ready). Each round opens it in a browser just started (cold)
// and then again in a new tab of that browser (warm, as when a browser is already open); the
// medians and the spread are printed, not asserted, since the machine may be shared.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROUNDS = 3;
const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

const dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-report-bench-'));
const db = path.join(dir, 'lab.db');
const report = path.join(dir, 'report.html');
const bnlab = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'app/cli/bnlab.ts'), ...args, '--db', db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

bnlab('run', path.join(ROOT, 'app/examples/moons-bn-vs-nobn.json'));
const runIds = (JSON.parse(bnlab('list', '--json')) as { id: number }[]).map((r) => String(r.id));
bnlab('export', ...runIds, '--format', 'html', '--out', report);
console.log(`report of ${runIds.length} runs: ${(statSync(report).size / 1e6).toFixed(2)} MB`);

const timings = { cold: { first: [] as number[], all: [] as number[] }, warm: { first: [] as number[], all: [] as number[] } };
for (let round = 0; round < ROUNDS; round++) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  for (const start of ['cold', 'warm'] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const started = performance.now();
    await page.goto(pathToFileURL(report).href, { waitUntil: 'commit' });
    await page.locator('.chart .main-svg').first().waitFor({ timeout: 120_000 });
    timings[start].first.push(performance.now() - started);
    const charts = await page.locator('html[data-report-ready]').getAttribute('data-report-ready', { timeout: 120_000 });
    timings[start].all.push(performance.now() - started);
    if (round === 0 && start === 'cold') console.log(`charts: ${charts}`);
    await page.close();
  }
  await browser.close();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const line = (name: string, values: number[]) => `${name}: median ${Math.round(median(values))} ms (rounds ${values.map(Math.round).join(', ')} ms)`;
for (const start of ['cold', 'warm'] as const) {
  console.log(line(`${start}: first chart drawn`, timings[start].first));
  console.log(line(`${start}: every chart drawn`, timings[start].all));
}
console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
