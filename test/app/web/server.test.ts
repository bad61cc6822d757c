// Browser mode over real HTTP on 127.0.0.1 with a real lab behind it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import { createLabHandlers } from '../../../app/api/lab-handlers.ts';
import type { ExportedFile, LabEvent, ReplayFrame } from '../../../app/contract/lab-api.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { startWebServer } from '../../../app/web/server.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const TOKEN = 'test-token';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start() {
  const dir = tempDir();
  const root = path.join(dir, 'renderer');
  mkdirSync(root);
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>BN Lab</title>');
  const lab = new LabService({ dbFile: path.join(dir, 'lab.db'), poolSize: 1 });
  cleanups.push(() => lab.close());
  const web = await startWebServer({
    api: createLabHandlers(lab),
    subscribe: (listener) => {
      lab.events.on('event', listener);
      return () => lab.events.off('event', listener);
    },
    root,
    token: TOKEN,
    port: 0,
  });
  cleanups.push(web.close);
  return { lab, web, base: new URL(web.url).origin };
}

function call(base: string, method: string, args: unknown[], headers: Record<string, string> = { 'x-bnlab-token': TOKEN }) {
  return fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ args }) });
}

/** A raw request, because fetch does not let a test set Host. */
function rawGet(base: string, pathname: string, host: string): Promise<number> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode server', () => {
  test('should print a one-time launch link that sets the token as an HttpOnly, SameSite=Strict cookie', async () => {
    const { web, base } = await start();
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/launch\?code=[0-9a-f]{32}$/);
    expect(web.url).not.toContain(TOKEN);

    const launched = await fetch(web.url, { redirect: 'manual' });
    expect(launched.status).toBe(303);
    expect(launched.headers.get('location')).toBe('/');
    const port = new URL(base).port;
    expect(launched.headers.get('set-cookie')).toBe(`bnlab-token-${port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
    const cookie = `bnlab-token-${port}=${TOKEN}`;
    // The browser that opened it goes on; the link from its history lets nobody else in.
    expect((await call(base, 'version', [], { cookie })).status).toBe(200);
    expect((await fetch(web.url, { redirect: 'manual', headers: { cookie } })).status).toBe(303);
    expect((await fetch(web.url, { redirect: 'manual' })).status).toBe(403);
    expect((await call(base, 'version', [], { cookie: `bnlab-token-${port}=guess` })).status).toBe(401);
  });

  test('should serve the renderer with a CSP', async () => {
    const { base } = await start();
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>BN Lab</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  test('should answer API calls as data, errors included, only with the token', async () => {
    const { base } = await start();
    expect(await (await call(base, 'version', [])).json()).toEqual({ ok: true, value: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(await (await call(base, 'getRun', [9])).json()).toEqual({ ok: false, error: { code: 'not_found', message: 'there is no run 9', problems: [] } });
    expect(await (await call(base, 'dropTables', [])).json()).toEqual({ ok: false, error: { code: 'not_found', message: 'the lab has no method "dropTables"', problems: [] } });
    const bad = await (await call(base, 'validateRuns', [[{ ...moonsRun('r'), optimizer: { kind: 'adam', lr: 0 } }]])).json();
    expect(bad).toEqual({ ok: false, error: {
      code: 'invalid_optimizer', message: 'runs[0].optimizer.lr must be a finite number > 0, got 0', field: 'runs[0].optimizer.lr',
      problems: [{ field: 'runs[0].optimizer.lr', expected: 'must be a finite number > 0', got: '0' }],
    } });
    expect((await call(base, 'version', [], {})).status).toBe(401);
    expect((await call(base, 'version', [], { 'x-bnlab-token': 'guess' })).status).toBe(401);
  });

  test('should refuse other origins and other Host names', async () => {
    const { base } = await start();
    expect((await call(base, 'version', [], { 'x-bnlab-token': TOKEN, origin: 'https://evil.example' })).status).toBe(403);
    expect(await rawGet(base, '/', 'evil.example')).toBe(403);
    expect(await rawGet(base, '/../../etc/passwd', new URL(base).host)).toBe(404);
    expect(await rawGet(base, '/%E0%A4%A', new URL(base).host)).toBe(400);
  });

  test('should answer a request body over 64 MB with 413 and a message, and keep serving', async () => {
    const { base } = await start();
    const huge = await fetch(`${base}/api/importCsv`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bnlab-token': TOKEN }, body: 'x'.repeat(64 * 1024 * 1024 + 1) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ ok: false, error: { code: 'invalid_spec', message: 'the request is larger than 64 MB; import a smaller file', problems: [] } });
    expect((await call(base, 'version', [])).status).toBe(200);
  });

  test('should stream training progress as server-sent events', async () => {
    const { base } = await start();
    const created = (await (await call(base, 'createExperiment', [experiment('sse', [moonsRun('r', { epochs: 3 })])])).json()) as { value: { runIds: number[] } };
    const runId = created.value.runIds[0];
    const events: LabEvent[] = [];
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events`, { signal: controller.signal, headers: { cookie: `bnlab-token-${new URL(base).port}=${TOKEN}` } });
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
    // The token in the address no longer lets a stream in.
    expect((await fetch(`${base}/api/events?token=${TOKEN}`)).status).toBe(401);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect(await (await call(base, 'startRun', [runId])).json()).toEqual({ ok: true, value: null });
    let buffer = '';
    while (!events.some((e) => e.kind === 'status' && e.status === 'done')) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks) if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)) as LabEvent);
    }
    controller.abort();
    expect(events.filter((e) => e.kind === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([1, 2, 3]);
    const frame = (await (await call(base, 'replayFrame', [runId, 3, { bnMode: 'eval', resolution: 10 }])).json()) as { value: ReplayFrame };
    expect(frame.value.epoch).toBe(3);
    expect(frame.value.boundary!.z).toHaveLength(10);
    expect(frame.value.layers.map((l) => l.layer)).toEqual([0, 1]);

    // Browser mode hands exports back for the browser to download.
    const csv = (await (await call(base, 'exportReport', [[runId], 'csv'])).json()) as { value: ExportedFile };
    expect(csv.value).toMatchObject({ fileName: `bn-lab-runs-${runId}.csv`, mimeType: 'text/csv', savedTo: null, encoding: 'utf8' });
    expect(csv.value.data!.split('\r\n')).toHaveLength(1 + 3 + 1);
    const wrong = await (await call(base, 'exportReport', [[runId], 'docx'])).json();
    expect(wrong).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'exportReport: argument 2 (format) must be one of json, csv, html, pdf, pytorch, got "docx"', field: 'format', argument: 2, problems: [] } });
  });
});

describe('a kept-alive connection', () => {
  /** Longer than Node's default wait before it closes an idle connection (its timeout and the margin it adds). */
  const defaults = createServer();
  const BUSY_MS = defaults.keepAliveTimeout + (defaults.keepAliveTimeoutBuffer ?? 0) + 1000;

  test('should answer a request sent on it while the server\'s thread was busy for longer than Node closes idle connections after', async () => {
    // Arrange: a client on a thread of its own, which goes on while this one is busy: one call, a
    // pause, then the next call on the same connection.
    const { base } = await start();
    const client = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
      const get = () => fetch(workerData + '/healthz').then((r) => r.text());
      parentPort.once('message', async () => {
        await get();
        parentPort.postMessage('first');
        await new Promise((resolve) => setTimeout(resolve, 300));
        parentPort.postMessage(await get().then(() => 'answered', (e) => String(e.cause?.code ?? e)));
      });`,
      { eval: true, workerData: base },
    );
    cleanups.push(() => client.terminate().then(() => undefined));
    const second = new Promise<string>((resolve) => client.on('message', (m: string) => m !== 'first' && resolve(m)));
    const first = new Promise<void>((resolve) => client.once('message', () => resolve()));

    // Act: this thread (the lab's and the server's) is busy from just after the first answer, past the idle timeout.
    client.postMessage('go');
    await first;
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const until = Date.now() + BUSY_MS;
        while (Date.now() < until);
        resolve();
      }),
    );

    // Assert: the second call is answered, not reset (ECONNRESET) by a server closing the connection under it.
    expect(await second).toBe('answered');
  }, 30_000);
});

describe('an upload over the limit', () => {
  test('should be answered 413 as soon as the limit is passed, before the rest is sent', async () => {
    const { base } = await start();
    const { hostname, port } = new URL(base);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    let sentWhenAnswered = 0;
    const status = await new Promise<number>((resolve, reject) => {
      // No content-length: the server cannot know the size until the bytes arrive.
      const req = request({ hostname, port, method: 'POST', path: '/api/importCsv', headers: { 'content-type': 'application/json', 'x-bnlab-token': TOKEN, 'transfer-encoding': 'chunked' } });
      req.on('response', (res) => {
        sentWhenAnswered = sent;
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error) => (sent > 64 * 1024 * 1024 ? undefined : reject(error)));
      const pump = () => {
        // Up to 512 MB, but the answer should come after about 64.
        while (sent < 512 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });

    expect(status).toBe(413);
    expect(sentWhenAnswered).toBeLessThan(160 * 1024 * 1024);
    expect((await call(base, 'version', [])).status).toBe(200);
  }, 60_000);
});
