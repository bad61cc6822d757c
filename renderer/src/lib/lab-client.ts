// The renderer's one way to the lab: LabApi over Electron's preload bridge in the desktop app, or
// over HTTP and server-sent events in browser mode. Errors arrive as data and become LabClientError.
import {
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  LAB_METHODS,
  type LabApi,
  type LabErrorData,
  type LabEvent,
  type LabMethod,
  type LabResult,
  type Problem,
} from '../../../app/contract/lab-api.ts';

/** A refusal as the lab sent it: an argument the contract does not allow (invalid_argument) like any other. */
export class LabClientError extends Error {
  readonly code: LabErrorData['code'];
  readonly field: string | undefined;
  /** invalid_argument: which argument of the call (1-based). */
  readonly argument: number | undefined;
  /** Every problem of the input as data, for the screen to say in its words. */
  readonly problems: readonly Problem[];

  constructor(error: LabErrorData) {
    super(error.message);
    this.name = 'LabClientError';
    this.code = error.code;
    this.field = error.field;
    this.argument = error.argument;
    this.problems = error.problems;
  }
}

export type EventListener = (event: LabEvent) => void;

export interface LabClient {
  api: LabApi;
  /** Returns the function that unsubscribes. */
  onEvent(listener: EventListener): () => void;
  /**
   * Called when the event stream comes back after a break: events may have been missed, so the
   * listener should read the lab's state again. Returns the function that unsubscribes.
   */
  onResync(listener: () => void): () => void;
  /**
   * Told what is wrong with the way to the lab (null once it is back), so the page can say so
   * rather than show runs that stopped moving. Returns the function that unsubscribes.
   */
  onConnection(listener: (problem: string | null) => void): () => void;
  transport: 'electron' | 'http';
}

/** What the desktop app's preload puts on window. */
export interface Bridge {
  api: Record<LabMethod, (...args: unknown[]) => Promise<LabResult<unknown>>>;
  onEvent(listener: EventListener): () => void;
}

/** The parts of the page the client uses; a test passes its own. */
export interface ClientEnvironment {
  bnlab?: Bridge;
  fetch: typeof fetch;
  EventSource: new (url: string) => Pick<EventSource, 'onmessage' | 'onerror' | 'onopen' | 'close' | 'readyState'>;
}


function unwrap<T>(result: LabResult<T>): T {
  if (!result.ok) throw new LabClientError(result.error);
  return result.value;
}

/** The LabApi over a transport that answers LabResults: a refusal is thrown as a LabClientError. */
export function labApiOver(call: (method: LabMethod, args: unknown[]) => Promise<LabResult<unknown>>): LabApi {
  return Object.fromEntries(LAB_METHODS.map((method) => [method, async (...args: unknown[]) => unwrap(await call(method, args))])) as unknown as LabApi;
}

const failure = (code: LabErrorData['code'], message: string): LabResult<never> => ({ ok: false, error: { code, message, problems: [] } });

/**
 * One POST per call; whatever goes wrong on the way comes back as a LabResult too. The token
 * travels in the cookie the launch link set (the page cannot read it: HttpOnly).
 */
async function postCall(env: ClientEnvironment, method: LabMethod, args: unknown[]): Promise<LabResult<unknown>> {
  let response: Response;
  try {
    response = await env.fetch(`${HTTP_API_PREFIX}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ args }),
    });
  } catch {
    return failure('io_error', 'the lab is not answering: is `npm run web` still running?');
  }
  if (response.status === 401) return failure('invalid_state', 'this page is not let in: open the address that BN Lab printed when it started');
  try {
    return (await response.json()) as LabResult<unknown>;
  } catch {
    return failure('io_error', `the lab answered ${method} with HTTP ${response.status} and no result`);
  }
}

function httpClient(env: ClientEnvironment): LabClient {
  const listeners = new Set<EventListener>();
  const resyncs = new Set<() => void>();
  const watchers = new Set<(problem: string | null) => void>();
  const tell = (problem: string | null) => {
    for (const w of watchers) w(problem);
  };
  let source: InstanceType<ClientEnvironment['EventSource']> | null = null;
  let broken = false;

  function open() {
    source = new env.EventSource(HTTP_EVENTS_PATH);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data as string) as LabEvent;
      for (const l of listeners) l(event);
    };
    // EventSource reconnects by itself; what happened meanwhile must be read again. It gives up
    // (CLOSED) only when the server refuses it: a new launch of the lab has a new token.
    const CLOSED = 2;
    source.onerror = () => {
      broken = true;
      tell(
        source?.readyState === CLOSED
          ? 'The lab no longer accepts this page (it was restarted, with a new token): open the address it printed when it started.'
          : 'Lost the connection to the lab; trying again. Is `npm run web` still running?',
      );
    };
    source.onopen = () => {
      if (!broken) return;
      broken = false;
      tell(null);
      for (const r of resyncs) r();
    };
  }

  return {
    api: labApiOver((method, args) => postCall(env, method, args)),
    onEvent(listener) {
      listeners.add(listener);
      if (!source) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
    onResync(listener) {
      resyncs.add(listener);
      return () => resyncs.delete(listener);
    },
    onConnection(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    transport: 'http',
  };
}

export function connectLab(env: ClientEnvironment = window as unknown as ClientEnvironment): LabClient {
  const bridge = env.bnlab;
  if (!bridge) return httpClient(env);
  return {
    api: labApiOver((method, args) => bridge.api[method](...args)),
    onEvent: (listener) => bridge.onEvent(listener),
    // IPC has no connection to lose.
    onResync: () => () => {},
    onConnection: () => () => {},
    transport: 'electron',
  };
}
