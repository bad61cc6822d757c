// `npm run bench:report`: how big the HTML report of the bundled moons example (BN vs no BN) is and
// how long Debian's Chromium takes to open it: to the first chart drawn and to every chart drawn
// (the page marks itself data-report-ready), from the start of the navigation. Each round opens it
// in a browser just started (cold) and then again in a new tab of that browser (warm, as when a
// browser is already open); the medians and the spread are printed, not asserted, since the machine
// may be shared. `npm run bench:report -- FILE` times an existing report instead.
//
// Chromium is driven over the DevTools protocol directly, not through Playwright, to time what a
// reader's browser does. Playwright enables the Runtime domain on every page, and with it V8 records
// where every exception is thrown, caught ones too; Plotly throws and catches six while it loads
// (feature tests in the polyfills it bundles), and finding those positions in its 1.5 MB of code took
// 0.7-0.9 s of the 1.7 s to the first chart measured that way. Here no domain that watches scripts
// is enabled: a script added to the page notes the times, and the bench reads them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROUNDS = 3;
const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--remote-debugging-port=0'];
const VIEWPORT = { width: 1280, height: 800 };
/** How often the bench asks the page whether every chart is drawn. */
const POLL_MS = 100;
const TIMEOUT_MS = 120_000;

/** Runs in the page before its own scripts (before <html> exists): notes when the first chart's SVG appears and when the page marks itself ready. */
const WATCHER = `(() => {
  const times = {};
  const first = new MutationObserver(() => {
    if (document.querySelector('.chart .main-svg')) { times.first = performance.now(); first.disconnect(); }
  });
  first.observe(document, { childList: true, subtree: true });
  new MutationObserver((_, ready) => {
    times.all = performance.now();
    times.charts = document.documentElement.getAttribute('data-report-ready');
    ready.disconnect();
  }).observe(document, { subtree: true, attributeFilter: ['data-report-ready'] });
  window.reportBenchTimes = times;
})();`;

function exportMoonsReport(): string {
  const db = path.join(dir, 'lab.db');
  const out = path.join(dir, 'report.html');
  const bnlab = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'app/cli/bnlab.ts'), ...args, '--db', db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
  bnlab('run', path.join(ROOT, 'app/examples/moons-bn-vs-nobn.json'));
  const runIds = (JSON.parse(bnlab('list', '--json')) as { id: number }[]).map((r) => String(r.id));
  bnlab('export', ...runIds, '--format', 'html', '--out', out);
  console.log(`exported ${runIds.length} runs`);
  return out;
}

interface Times { first: number; all: number; charts: string }

/** A headless Chromium and the few DevTools commands the bench needs. */
class Browser {
  #next = 0;
  readonly #pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();

  private constructor(private readonly chromium: ChildProcess, private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      const call = message.id === undefined ? undefined : this.#pending.get(message.id);
      if (!call) return;
      this.#pending.delete(message.id!);
      if (message.error) call.reject(new Error(message.error.message));
      else call.resolve(message.result ?? {});
    });
  }

  static async launch(profile: string): Promise<Browser> {
    // Detached, so closing ends the whole process group: /usr/bin/chromium is a shell script.
    const child = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /DevTools listening on (ws:\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`Chromium exited (${code}) before it listened: ${stderr}`)));
    });
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve);
      socket.addEventListener('error', reject);
    });
    return new Browser(child, socket);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.#next;
    this.socket.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  /** Opens the page in a new tab, waits until every chart is drawn, closes the tab. */
  async open(url: string): Promise<Times> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
    await this.send('Page.enable', {}, sessionId);
    await this.send('Page.addScriptToEvaluateOnNewDocument', { source: WATCHER }, sessionId);
    await this.send('Emulation.setDeviceMetricsOverride', { ...VIEWPORT, deviceScaleFactor: 1, mobile: false }, sessionId);
    await this.send('Page.navigate', { url }, sessionId);
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const { result } = await this.send('Runtime.evaluate', { expression: 'window.reportBenchTimes?.all === undefined ? null : window.reportBenchTimes', returnByValue: true }, sessionId) as { result: { value: Times | null } };
      if (result.value) {
        await this.send('Target.closeTarget', { targetId });
        return result.value;
      }
      if (Date.now() > deadline) throw new Error(`the report did not draw every chart within ${TIMEOUT_MS / 1000} s`);
    }
  }

  async close(): Promise<void> {
    this.socket.close();
    const exited = new Promise((resolve) => this.chromium.once('exit', resolve));
    process.kill(-this.chromium.pid!);
    await exited;
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-report-bench-'));
const report = process.argv[2] ? path.resolve(process.argv[2]) : exportMoonsReport();
console.log(`report: ${(statSync(report).size / 1e6).toFixed(2)} MB`);

const timings = { cold: { first: [] as number[], all: [] as number[] }, warm: { first: [] as number[], all: [] as number[] } };
for (let round = 0; round < ROUNDS; round++) {
  const browser = await Browser.launch(path.join(dir, `profile-${round}`));
  try {
    for (const start of ['cold', 'warm'] as const) {
      const times = await browser.open(pathToFileURL(report).href);
      timings[start].first.push(times.first);
      timings[start].all.push(times.all);
      if (round === 0 && start === 'cold') console.log(`charts: ${times.charts}`);
    }
  } finally {
    await browser.close();
  }
}
rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const line = (name: string, values: number[]) => `${name}: median ${Math.round(median(values))} ms (rounds ${values.map(Math.round).join(', ')} ms)`;
for (const start of ['cold', 'warm'] as const) {
  console.log(line(`${start}: first chart drawn`, timings[start].first));
  console.log(line(`${start}: every chart drawn`, timings[start].all));
}
console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
