// `npm run web`: the lab in a browser tab. Serves the built renderer and the LabApi on 127.0.0.1,
// prints a one-time launch link that lets one browser in, and on Ctrl-C, SIGTERM or SIGHUP stops
// every run at its last checkpoint.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLabHandlers } from '../api/lab-handlers.ts';
import { toLabError } from '../service/lab-error.ts';
import { STOPPING_SIGNALS } from '../stopping-signals.ts';
import { LabService } from '../service/lab-service.ts';
import { resolveDbPath } from '../store/db.ts';
import { startWebServer } from './server.ts';

const RENDERER_ROOT = fileURLToPath(new URL('../../dist-renderer', import.meta.url));

async function serve(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { db: { type: 'string' }, port: { type: 'string' }, workers: { type: 'string' } } });
  const portText = values.port ?? process.env.BNLAB_PORT ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`the port must be a whole number from 0 to 65535, got "${portText}"`);
  const lab = new LabService({ dbFile: resolveDbPath({ flag: values.db }), poolSize: values.workers === undefined ? undefined : Number(values.workers) });
  const web = await startWebServer({
    api: createLabHandlers(lab),
    subscribe: (listener) => {
      lab.events.on('event', listener);
      return () => lab.events.off('event', listener);
    },
    root: RENDERER_ROOT,
    // A fixed token is for the browser tests only; a person's launch always draws a new one.
    token: process.env.BNLAB_TOKEN || randomBytes(16).toString('hex'),
    port,
  });
  // Runs training stop at their last stored epoch (interrupted, resumable) before the file closes.
  let stopping = false;
  for (const { signal, exitCode } of STOPPING_SIGNALS) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\n${signal}: stopping; runs keep their last checkpoint and can be resumed\n`);
      void web.close().then(() => lab.close()).finally(() => process.exit(exitCode));
    });
  }
  // Said only once the signals are handled, so a stop right after it is a clean one.
  process.stdout.write(`BN Lab is running. Open this address in your browser (it works once, for one browser):\n\n  ${web.url}\n\nDatabase: ${lab.dbFile}\nPress Ctrl-C to stop (training runs keep their last checkpoint).\n`);
}

serve(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bnlab web: ${toLabError(error).message}\n`);
  process.exit(2);
});
