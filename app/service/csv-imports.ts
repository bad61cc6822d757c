// CSV files imported through the page: each is copied into the lab's `imports` folder next to the
// database, and the page may name only those copies. A page (or anyone holding browser mode's
// token) must not make the lab read any file on the disk; the CLI reads what its user names.
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CsvImport } from '../contract/lab-api.ts';
import { parseCsv } from './datasets/csv-parse.ts';
import { valueProblem } from '../../engine/index.ts';
import { LabError } from './lab-error.ts';

const HEAD_ROWS = 8;

export class CsvImports {
  private readonly dir: string;

  constructor(dbFile: string) {
    this.dir = path.join(path.dirname(dbFile), 'imports');
  }

  /** Saves the page's file under a safe name prefixed with the time, and previews its first rows. */
  save(fileName: string, text: string): CsvImport {
    if (text.length === 0) throw LabError.about('invalid_dataset', { field: '', file: fileName, expected: 'the file is empty' });
    mkdirSync(this.dir, { recursive: true });
    const safe = path.basename(fileName).replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'data.csv';
    // Of a long name the end (its extension) is kept, so that with the time in front it is still a name file systems take.
    const target = path.join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safe.slice(-200)}`);
    writeFileSync(target, text);
    const head = csvHead(target);
    return { path: target, columns: head.columns, rows: head.rows };
  }

  /** Refuses a CSV dataset (at spec path `at`) that is not one of this lab's imported copies. */
  requireImported(dataset: unknown, at: string): void {
    const { kind, path: file } = (typeof dataset === 'object' && dataset !== null ? dataset : {}) as { kind?: unknown; path?: unknown };
    if (kind !== 'csv' || typeof file !== 'string') return;
    const inside = path.relative(this.dir, path.resolve(file));
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw LabError.about('invalid_dataset', valueProblem(`${at}.path`, 'must be a CSV file imported through the page (Import CSV)', file));
    }
  }

  /** requireImported for every run of an experiment file's `runs` (whatever else is wrong with them is the service's to say). */
  requireImportedIn(runs: unknown): void {
    if (Array.isArray(runs)) runs.forEach((run, i) => this.requireImported((run as { dataset?: unknown } | null)?.dataset, `runs[${i}].dataset`));
  }
}

/** The bytes a preview reads at first: the header and HEAD_ROWS rows of any sensible table fit. */
const HEAD_BYTES = 1 << 20;

/**
 * The header and first rows of a CSV file as text, for the import preview. Reads the first MiB up
 * to its last line end, not the whole file (up to 256 MB); a head that does not parse alone (a
 * quoted field running past it) is read again whole, so the error is the file's own.
 */
export function csvHead(file: string): { columns: string[]; rows: string[][] } {
  const refuse = (at: string | undefined, expected: string): never => {
    throw LabError.about('invalid_dataset', { field: '', file, ...(at === undefined ? {} : { at }), expected });
  };
  const parse = (text: string, partial: boolean) => {
    try {
      return parseCsv(text, (row, column, problem) => refuse(`row ${row}, column ${column}`, problem));
    } catch (error) {
      if (partial) return null;
      throw error;
    }
  };
  let head: { text: string; partial: boolean };
  try {
    head = readHead(file);
  } catch (error) {
    return refuse(undefined, `the file cannot be read: ${(error as Error).message}`);
  }
  const records = parse(head.text, head.partial) ?? parse(readFileSync(file, 'utf8'), false)!;
  const [header, ...rest] = records;
  return { columns: header?.cells ?? [], rows: rest.slice(0, HEAD_ROWS).map((r) => r.cells) };
}

/** The file's first HEAD_BYTES cut after the last line end in them, or all of a shorter file. */
function readHead(file: string): { text: string; partial: boolean } {
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(HEAD_BYTES);
    const read = readSync(fd, bytes, 0, HEAD_BYTES, 0);
    if (read < HEAD_BYTES) return { text: bytes.toString('utf8', 0, read), partial: false };
    // A line end is one byte that is never part of a longer UTF-8 character, so the cut splits none.
    const end = bytes.lastIndexOf(0x0a);
    return { text: bytes.toString('utf8', 0, end < 0 ? read : end + 1), partial: true };
  } finally {
    closeSync(fd);
  }
}
