// What the desktop app does when a lab file will not open (damaged, a folder in the way, a place it
// cannot write), at start-up or from File › Open database…: it asks whether to recover what is
// readable into a new file, open another file, or give up (at start-up: quit; from the menu: go on
// with the lab that is open); and File › Recover… does the recovery on demand. The dialogs are
// Electron's, given as `LabOpeningDialogs`, so the flow runs (and is tested) without Electron.
import { statSync } from 'node:fs';
import path from 'node:path';
import { toLabError } from '../service/lab-error.ts';
import type { LabService } from '../service/lab-service.ts';
import { recoverDbFile } from '../store/recover.ts';

/** `giveUp`: open nothing; at start-up the app quits, from the menu the open lab stays. */
export type OpeningChoice = 'recover' | 'other' | 'giveUp';

export interface LabOpeningDialogs {
  /** `file` did not open, for `message`; recovering is offered only when there is a file to read. */
  askWhatToDo(file: string, message: string, canRecover: boolean): Promise<OpeningChoice>;
  /** Another lab file to open, or null when the person cancels. */
  chooseLabFile(): Promise<string | null>;
  /** Where to write what is readable of `damaged`, or null when the person cancels. */
  chooseRecoveryFile(damaged: string): Promise<string | null>;
  /** What recovery copied, table by table, and where to. */
  showRecovered(file: string, summary: string): Promise<void>;
  showError(title: string, message: string): void;
}

/**
 * Opens `file`, or, when it does not open, whatever the person chooses instead: a recovered copy,
 * another file, or nothing (null: quit). The file that failed is never written to.
 */
export async function openLabOrChoose(file: string, open: (file: string) => LabService, dialogs: LabOpeningDialogs): Promise<LabService | null> {
  for (let next: string | null = file; next !== null; ) {
    const tried: string = next;
    let message: string;
    try {
      return open(tried);
    } catch (error) {
      message = toLabError(error).message;
    }
    const choice = await dialogs.askWhatToDo(tried, message, isFile(tried));
    if (choice === 'giveUp') return null;
    next = choice === 'recover' ? await recoverInto(tried, dialogs) : await dialogs.chooseLabFile();
    // Cancelled: ask again about the same file.
    next ??= tried;
  }
  return null;
}

/**
 * File › Open database…: the lab to go on with instead of `current`, opened from `file` or from
 * what the person chooses when it does not open; null keeps `current` (given up, or the same file).
 */
export async function switchLabOrChoose(current: LabService, file: string, open: (file: string) => LabService, dialogs: LabOpeningDialogs): Promise<LabService | null> {
  const isCurrent = (candidate: string) => path.resolve(candidate) === path.resolve(current.dbFile);
  if (isCurrent(file)) return null;
  // The file that is open is not opened a second time, whichever way it was chosen.
  const next = await openLabOrChoose(file, (chosen) => (isCurrent(chosen) ? current : open(chosen)), dialogs);
  return next === current ? null : next;
}

/** File › Recover…: what is readable of `damaged` into a new file; returns it, or null if none was written. */
export async function recoverInto(damaged: string, dialogs: LabOpeningDialogs): Promise<string | null> {
  const out = await dialogs.chooseRecoveryFile(damaged);
  if (out === null) return null;
  try {
    const tables = recoverDbFile(damaged, out);
    await dialogs.showRecovered(out, tables.map((t) => `${t.table}: ${t.copied} copied${t.unreadable + t.refused > 0 ? `, ${t.unreadable + t.refused} lost` : ''}`).join('\n'));
    return out;
  } catch (error) {
    dialogs.showError('Cannot recover this database', `${toLabError(error).message}\n\n${damaged} was not changed.`);
    return null;
  }
}

/** A file that exists can be read for recovery, whatever kept it from opening as a lab. */
function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
