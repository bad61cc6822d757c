// Each spec file gets a browser-mode lab of its own: app/web/serve.ts on port 0 with a fresh
// temporary lab.db, started when the file's first test asks for it and stopped when the worker
// moves on to another file (or ends). No spec sees another's runs, port or order.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { HTTP_API_PREFIX, TOKEN_HEADER, tokenCookie } from '../../app/contract/lab-api.ts';
import { Lab } from './pages.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STARTUP_MS = 60_000;

/** One running browser-mode lab, as a person would reach it from the URL it prints. */
export class LabServer {
  /** Whether a page has followed the one-time launch link yet. */
  launched = false;

  private constructor(
    /** The one-time launch link, as printed: opening it lets that browser in (a cookie) and opens the lab. */
    readonly url: string,
    /** This launch's token, which the test chose, for its own API calls and for the cookie of later pages. */
    readonly token: string,
    readonly dbFile: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<LabServer> {
    const dir = mkdtempSync(path.join(tmpdir(), 'bnlab-e2e-'));
    const dbFile = path.join(dir, 'lab.db');
    const token = randomBytes(16).toString('hex');
    const env = { ...process.env, BNLAB_TOKEN: token };
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/web/serve.ts', '--port', '0', '--workers', '2', '--db', dbFile], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      return new LabServer(await printedUrl(child), token, dbFile, child, dir);
    } catch (error) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get origin(): string {
    return new URL(this.url).origin;
  }

  /** Calls a LabApi method over HTTP, as the page does, and returns its value or throws its error. */
  async call<T>(method: string, ...args: unknown[]): Promise<T> {
    const response = await fetch(`${this.origin}${HTTP_API_PREFIX}${method}`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: this.token, 'content-type': 'application/json' },
      body: JSON.stringify({ args }),
    });
    const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value;
  }

  /** Trains an experiment file (test/helpers/experiments.ts) to the end, for a spec that needs finished runs. */
  async train(experiment: object): Promise<void> {
    const { runIds } = await this.call<{ runIds: number[] }>('createExperiment', experiment);
    for (const id of runIds) await this.call('startRun', id);
    const deadline = Date.now() + STARTUP_MS;
    for (;;) {
      const runs = await this.call<{ id: number; status: string }[]>('listRuns');
      const mine = runs.filter((run) => runIds.includes(run.id));
      if (mine.every((run) => run.status === 'done')) return;
      if (Date.now() > deadline) throw new Error(`runs not done in time: ${JSON.stringify(mine)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Stops it as Ctrl-C would (runs keep their last checkpoint), then removes its database. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The URL serve.ts prints once it listens, or the reason it never did. */
function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`browser mode printed no URL in ${STARTUP_MS / 1000} s: ${stdout}${stderr}`)), STARTUP_MS);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\/launch\?code=\w+/.exec(stdout)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code} before printing its URL: ${stderr}`));
    });
  });
}

/** The worker's current spec file and its server: a new file stops the last one's server first. */
class ServerPerFile {
  private current: { file: string; server: Promise<LabServer> } | null = null;

  async forFile(file: string): Promise<LabServer> {
    if (this.current?.file !== file) {
      await this.stop();
      this.current = { file, server: LabServer.start() };
    }
    return this.current.server;
  }

  async stop(): Promise<void> {
    const last = this.current;
    this.current = null;
    if (last) await (await last.server.catch(() => null))?.stop();
  }
}

export const test = base.extend<{ server: LabServer; lab: Lab }, { servers: ServerPerFile }>({
  servers: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern.
    async ({}, use) => {
      const servers = new ServerPerFile();
      await use(servers);
      await servers.stop();
    },
    { scope: 'worker' },
  ],
  server: async ({ servers }, use, testInfo) => use(await servers.forFile(testInfo.file)),
  baseURL: async ({ server }, use) => use(server.origin),
  // A spec file's first page opens the printed launch link, as a person does; the link works once,
  // so later pages (new browser contexts) get the cookie it sets directly.
  lab: async ({ page, server }, use) => {
    if (!server.launched) {
      server.launched = true;
      return use(new Lab(page, server.url));
    }
    await page.context().addCookies([{ name: tokenCookie(new URL(server.origin).port), value: server.token, url: server.origin, httpOnly: true, sameSite: 'Strict' }]);
    return use(new Lab(page, `${server.origin}/`));
  },
});

export { expect } from '@playwright/test';
