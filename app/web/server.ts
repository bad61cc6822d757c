// Browser mode: the renderer's files and the LabApi over HTTP on 127.0.0.1, for the browser that
// opened the one-time launch link and so holds the per-launch token in a cookie. Requests from
// other origins or hosts (a web page trying to reach the lab, DNS rebinding) are refused before
// any handler runs.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { HTTP_API_PREFIX, HTTP_EVENTS_PATH, HTTP_LAUNCH_PATH, TOKEN_HEADER, tokenCookie, type LabApi, type LabErrorCode, type LabEvent, type LabResult } from '../contract/lab-api.ts';
import { callHandler } from '../api/lab-handlers.ts';
import { LabError } from '../service/lab-error.ts';
import { rendererFile } from '../renderer-files.ts';

export interface WebServerOptions {
  api: LabApi;
  /** Subscribes to lab events; returns the unsubscribe function. */
  subscribe: (listener: (event: LabEvent) => void) => () => void;
  /** The built renderer (dist-renderer). */
  root: string;
  token: string;
  /** 0 picks a free port. */
  port: number;
}

/** Large enough for an imported CSV, small enough that a runaway client cannot exhaust memory. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;
export const HEALTH_PATH = '/healthz';

export async function startWebServer(options: WebServerOptions): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const streams = new Set<ServerResponse>();
  let origin = '';
  let port = 0;
  /** The printed address's one-time code; null once used. */
  let launchCode: string | null = randomBytes(16).toString('hex');
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  // The server never closes an idle connection; the client does, when it no longer wants it. With
  // Node's default (close after 5 s idle), a thread busy for longer (eight runs' epochs to store)
  // closed the connection on timing out just as the client's next request, sent meanwhile, waited
  // unread: the close reset it and the client's call failed with ECONNRESET (bench:ui, 3 runs in 4).
  // On 127.0.0.1 for one browser, idle connections cost nothing worth a timeout.
  server.keepAliveTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (`http://${host}` !== origin && `http://${host}` !== origin.replace('127.0.0.1', 'localhost')) {
      return send(res, 403, 'text/plain; charset=utf-8', 'BN Lab answers only requests addressed to 127.0.0.1');
    }
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== `http://${host}`) {
      return send(res, 403, 'text/plain; charset=utf-8', 'BN Lab refuses requests from other origins');
    }
    const url = new URL(req.url ?? '/', origin);
    // For whoever waits for the server to come up (the browser tests); it tells nothing else.
    if (url.pathname === HEALTH_PATH) return send(res, 200, 'text/plain; charset=utf-8', 'ok');
    if (url.pathname === HTTP_LAUNCH_PATH) return launch(req, res, url);
    if (url.pathname === HTTP_EVENTS_PATH) {
      if (!authorized(req)) return send(res, 401, 'text/plain; charset=utf-8', 'missing or wrong token');
      return openEventStream(res);
    }
    if (url.pathname.startsWith(HTTP_API_PREFIX)) {
      if (!authorized(req)) return send(res, 401, 'application/json', refusalJson('invalid_state', 'missing or wrong token: open the address that BN Lab printed'));
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'use POST');
      const body = await readBody(req);
      if (body === null) {
        // The unread rest of the upload dies with the connection once the answer is out.
        res.setHeader('connection', 'close');
        res.once('finish', () => req.destroy());
        return send(res, 413, 'application/json', refusalJson('invalid_spec', `the request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; import a smaller file`));
      }
      let args: unknown;
      try {
        args = (JSON.parse(body) as { args?: unknown }).args ?? [];
      } catch {
        return send(res, 400, 'application/json', refusalJson('invalid_spec', 'the request body is not JSON'));
      }
      const result = await callHandler(options.api, url.pathname.slice(HTTP_API_PREFIX.length), args);
      return send(res, 200, 'application/json', JSON.stringify(result));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'use GET');
    return serveFile(req, res, url.pathname);
  }

  /** The page's cookie, or a client's header, holds this launch's token. */
  function authorized(req: IncomingMessage): boolean {
    return req.headers[TOKEN_HEADER] === options.token || cookieValue(req, tokenCookie(port)) === options.token;
  }

  /**
   * The printed address: its code works once, turning into the token's cookie and a redirect to
   * the lab, so what stays in the browser's history is a spent code, never the token.
   */
  function launch(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const fresh = launchCode !== null && url.searchParams.get('code') === launchCode;
    if (!fresh && !authorized(req)) {
      return send(res, 403, 'text/plain; charset=utf-8', 'This launch link has been used already. Go on in the browser that opened it first, or stop BN Lab and start it again for a new link.');
    }
    if (fresh) launchCode = null;
    res.writeHead(303, {
      location: '/',
      'set-cookie': `${tokenCookie(port)}=${options.token}; HttpOnly; SameSite=Strict; Path=/`,
      'cache-control': 'no-store',
    });
    res.end();
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const found = rendererFile(options.root, pathname);
    if (!found.found) return send(res, found.status, 'text/plain; charset=utf-8', found.message);
    res.writeHead(200, found.headers);
    if (req.method === 'HEAD') return void res.end();
    // A file that vanishes or a tab closed mid-transfer ends this response only, never the server.
    await pipeline(createReadStream(found.file), res).catch(() => res.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  port = address.port;
  origin = `http://127.0.0.1:${port}`;
  return {
    server,
    url: `${origin}${HTTP_LAUNCH_PATH}?code=${launchCode}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.end();
        server.close(() => resolve());
        // Idle keep-alive connections would otherwise hold close() open for seconds.
        server.closeAllConnections();
      }),
  };
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/**
 * The body as text, or null as soon as it is over MAX_BODY_BYTES (by its declared length, or by
 * what has arrived): the rest is never read, so a runaway upload costs neither time nor memory.
 */
function readBody(req: IncomingMessage): Promise<string | null> {
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A refusal the server makes before the lab sees the call, in the shape of the lab's own. */
function refusalJson(code: LabErrorCode, message: string): string {
  return JSON.stringify({ ok: false, error: new LabError(code, message).toData() } satisfies LabResult<never>);
}
