// The HTTP client against the real browser-mode server (service, SQLite file, handlers); only
// EventSource, which Node lacks, is a small stand-in that the test drives by hand.
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { LabEvent, LabResult } from '../../../app/contract/lab-api.ts';
import { createLabHandlers } from '../../../app/api/lab-handlers.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { startWebServer } from '../../../app/web/server.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { connectLab, LabClientError, type Bridge, type ClientEnvironment } from './lab-client.ts';

const TOKEN = 'unit-token';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

class FakeEventSource {
  static last: FakeEventSource | null = null;
  onmessage: ((m: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  onopen: (() => void) | null = null;
  /** 0 reconnecting, 1 open, 2 given up (what a real EventSource does when the server refuses it). */
  readyState = 0;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  close() {
    this.closed = true;
  }
  emit(event: LabEvent) {
    this.onmessage?.({ data: JSON.stringify(event) } as MessageEvent);
  }
}

/**
 * A page of browser mode as a browser holds it: `launched` follows the printed launch link first
 * and keeps the cookie it sets, as the browser's cookie jar would; otherwise the page has none.
 */
async function browserModeLab(launched: boolean): Promise<{ env: ClientEnvironment }> {
  const service = new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 1 });
  const web = await startWebServer({ api: createLabHandlers(service), subscribe: () => () => {}, root: tempDir(), token: TOKEN, port: 0 });
  cleanups.push(() => service.close(), () => web.close());
  const origin = new URL(web.url).origin;
  const cookie = launched ? (await fetch(web.url, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]! : '';
  const env: ClientEnvironment = {
    fetch: (url, init) => fetch(`${origin}${String(url)}`, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
    EventSource: FakeEventSource as unknown as ClientEnvironment['EventSource'],
  };
  return { env };
}

describe('the lab client over HTTP', () => {
  test('should throw the lab\'s error with the engine\'s code, its field and every problem as data', async () => {
    const { env } = await browserModeLab(true);
    const client = connectLab(env);
    const bad = { name: 'x', dataset: { kind: 'moons' }, network: { layers: [{ units: 0 }] } };
    const error = await client.api.validateRuns([bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabClientError);
    expect(error).toMatchObject({
      code: 'invalid_network',
      field: 'runs[0].network.layers[0].units',
      problems: [{ field: 'runs[0].network.layers[0].units', expected: 'must be an integer from 1 to 65536', got: '0' }],
    });
    await expect(client.api.getRun(99)).rejects.toMatchObject({ code: 'not_found' });
  });

  test('should throw an argument the contract does not allow as invalid_argument, saying which', async () => {
    const { env } = await browserModeLab(true);
    const client = connectLab(env);
    const exportAs = client.api.exportReport as (runIds: unknown, format: unknown) => Promise<unknown>;
    const error = await exportAs([1], 'docx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabClientError);
    expect(error).toMatchObject({ code: 'invalid_argument', field: 'format', argument: 2, message: 'exportReport: argument 2 (format) must be one of json, csv, html, pdf, pytorch, got "docx"' });
  });

  test('should leave an optional argument out when it is undefined, which JSON sends as null', async () => {
    const { env } = await browserModeLab(true);
    expect(await connectLab(env).api.listRuns(undefined)).toEqual([]);
  });

  test('should explain a missing token and a lab that is gone', async () => {
    const { env } = await browserModeLab(false);
    await expect(connectLab(env).api.version()).rejects.toThrow(/not let in: open the address/);
    const gone = connectLab({ ...env, fetch: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(gone.api.version()).rejects.toMatchObject({ code: 'io_error' });
  });

  test('should share one event stream among listeners and ask for a resync after a break', async () => {
    const { env } = await browserModeLab(true);
    const client = connectLab(env);
    const seen: LabEvent[] = [];
    let resyncs = 0;
    client.onResync(() => resyncs++);
    const stopA = client.onEvent((e) => seen.push(e));
    const stopB = client.onEvent((e) => seen.push(e));
    const source = FakeEventSource.last!;
    // The stream is let in by the cookie: no token in its address.
    expect(source.url).toBe('/api/events');
    source.onopen?.();
    source.emit({ kind: 'status', runId: 1, status: 'running', error: null });
    expect(seen).toHaveLength(2);
    expect(resyncs).toBe(0);
    const problems: (string | null)[] = [];
    client.onConnection((p) => problems.push(p));
    source.onerror?.();
    source.onopen?.();
    expect(resyncs).toBe(1);
    source.readyState = 2;
    source.onerror?.();
    expect(problems).toEqual([
      'Lost the connection to the lab; trying again. Is `npm run web` still running?',
      null,
      'The lab no longer accepts this page (it was restarted, with a new token): open the address it printed when it started.',
    ]);
    stopA();
    expect(source.closed).toBe(false);
    stopB();
    expect(source.closed).toBe(true);
  });
});

describe('the lab client in the desktop app', () => {
  test('should call the preload bridge and unwrap its results', async () => {
    const listeners: ((e: LabEvent) => void)[] = [];
    const api = {
      version: async (): Promise<LabResult<string>> => ({ ok: true, value: '1.2.3' }),
      getRun: async (): Promise<LabResult<never>> => ({ ok: false, error: { code: 'not_found', message: 'run 5 does not exist', problems: [] } }),
    } as unknown as Bridge['api'];
    const bridge: Bridge = { api, onEvent: (l) => (listeners.push(l), () => listeners.splice(0)) };
    const client = connectLab({ bnlab: bridge } as ClientEnvironment);
    expect(client.transport).toBe('electron');
    expect(await client.api.version()).toBe('1.2.3');
    await expect(client.api.getRun(5)).rejects.toMatchObject({ code: 'not_found', message: 'run 5 does not exist' });
    const seen: LabEvent[] = [];
    client.onEvent((e) => seen.push(e));
    listeners[0]!({ kind: 'menu', command: 'export-report' });
    expect(seen).toEqual([{ kind: 'menu', command: 'export-report' }]);
  });
});
