// The desktop app's log: what the CLI would print on stderr (failed runs, errors, crashes) is
// invisible in a window, so it goes to a file in the user-data folder that Help › Open log file
// shows. One line per entry with its UTC time; past MAX_BYTES the file moves to .1 and starts anew.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

const MAX_BYTES = 1024 * 1024;

export class LogFile {
  constructor(readonly file: string) {}

  write(level: 'info' | 'error', message: string): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      if (statSize(this.file) > MAX_BYTES) renameSync(this.file, `${this.file}.1`);
      // One entry is one line, so a message's own line breaks are folded.
      appendFileSync(this.file, `${new Date().toISOString()} ${level} ${message.replace(/\r?\n/g, ' ⏎ ')}\n`);
    } catch {
      // A log that cannot be written must never take the app down with it.
    }
  }
}

function statSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
