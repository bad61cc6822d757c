// The signals that stop training at the last stored epoch, in the CLI and in browser mode, with the
// exit code a shell expects for each (128 + its number). SIGHUP (a closed terminal) exists only
// where the OS has it.
export const STOPPING_SIGNALS: readonly { signal: NodeJS.Signals; exitCode: number }[] = [
  { signal: 'SIGINT', exitCode: 130 },
  { signal: 'SIGTERM', exitCode: 143 },
  ...(process.platform === 'win32' ? [] : [{ signal: 'SIGHUP' as const, exitCode: 129 }]),
];
