// The renderer's one way to the lab: LabApi over Electron's preload bridge in the desktop app, or
// over HTTP and server-sent events in browser mode. Errors arrive as data and become LabClientError.
import {
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  LAB_METHODS,
  TOKEN_HEADER,
  type LabApi,
  type LabErrorData,
  type LabEvent,
  type LabMethod,
  type LabResult,
} from '../../../app/contract/lab-api.ts';

export class LabClientError extends Error {
  readonly code: LabErrorData['code'];
  readonly field: string | undefined;

  constructor(error: LabErrorData) {
    super(error.message);
    this.name = 'LabClientError';
    this.code = error.code;
    this.field = error.field;
  }
}

export interface LabClient {
  api: LabApi;
  /** Returns the function that unsubscribes. */
  onEvent(listener: (event: LabEvent) => void): () => void;
  transport: 'electron' | 'http';
}

/** What the desktop app's preload puts on window. */
interface Bridge {
  api: Record<LabMethod, (...args: unknown[]) => Promise<LabResult<unknown>>>;
  onEvent(listener: (event: LabEvent) => void): () => void;
}

const TOKEN_KEY = 'bnlab-token';

function unwrap<T>(result: LabResult<T>): T {
  if (!result.ok) throw new LabClientError(result.error);
  return result.value;
}

function buildApi(call: (method: LabMethod, args: unknown[]) => Promise<LabResult<unknown>>): LabApi {
  return Object.fromEntries(LAB_METHODS.map((method) => [method, async (...args: unknown[]) => unwrap(await call(method, args))])) as unknown as LabApi;
}

/** The token from the URL the server printed, kept for reloads of this tab. */
export function readToken(location: Location, storage: Storage): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) storage.setItem(TOKEN_KEY, fromUrl);
  return fromUrl ?? storage.getItem(TOKEN_KEY);
}

export function connectLab(win: Window & { bnlab?: Bridge } = window): LabClient {
  const bridge = win.bnlab;
  if (bridge) {
    return { api: buildApi((method, args) => bridge.api[method](...args)), onEvent: (listener) => bridge.onEvent(listener), transport: 'electron' };
  }
  const token = readToken(win.location, win.sessionStorage) ?? '';
  const api = buildApi(async (method, args) => {
    let response: Response;
    try {
      response = await fetch(`${HTTP_API_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify({ args }),
      });
    } catch {
      return { ok: false, error: { code: 'io_error', message: 'the lab is not answering: is `npm run web` still running?' } };
    }
    if (response.status === 401) return { ok: false, error: { code: 'invalid_state', message: 'this page has no valid token: open the address that BN Lab printed when it started' } };
    return (await response.json()) as LabResult<unknown>;
  });
  const listeners = new Set<(event: LabEvent) => void>();
  let source: EventSource | null = null;
  return {
    api,
    onEvent(listener) {
      listeners.add(listener);
      if (!source) {
        source = new EventSource(`${HTTP_EVENTS_PATH}?token=${encodeURIComponent(token)}`);
        source.onmessage = (message) => {
          const event = JSON.parse(message.data as string) as LabEvent;
          for (const l of listeners) l(event);
        };
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
    transport: 'http',
  };
}
