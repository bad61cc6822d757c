// CSV files imported through the page: each is copied into the lab's `imports` folder next to the
// database, and the page may name only those copies. A page (or anyone holding browser mode's
// token) must not make the lab read any file on the disk; the CLI reads what its user names.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CsvImport } from '../contract/lab-api.ts';
import { parseCsv } from './datasets/csv-parse.ts';
import { LabError } from './lab-error.ts';

const HEAD_ROWS = 8;

export class CsvImports {
  private readonly dir: string;

  constructor(dbFile: string) {
    this.dir = path.join(path.dirname(dbFile), 'imports');
  }

  /** Saves the page's file under a safe name prefixed with the time, and previews its first rows. */
  save(fileName: string, text: string): CsvImport {
    if (text.length === 0) throw new LabError('invalid_dataset', `${fileName} is empty`);
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
      throw new LabError('invalid_dataset', `${at}.path: the lab reads only CSV files imported through the page (Import CSV), not ${file}`, `${at}.path`);
    }
  }

  /** requireImported for every run of an experiment file's `runs` (whatever else is wrong with them is the service's to say). */
  requireImportedIn(runs: unknown): void {
    if (Array.isArray(runs)) runs.forEach((run, i) => this.requireImported((run as { dataset?: unknown } | null)?.dataset, `runs[${i}].dataset`));
  }
}

/** The header and first rows of a CSV file as text, for the import preview. */
export function csvHead(file: string): { columns: string[]; rows: string[][] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LabError('invalid_dataset', `cannot read ${file}: ${(error as Error).message}`);
  }
  const records = parseCsv(text, (row, column, problem) => {
    throw new LabError('invalid_dataset', `${path.basename(file)}, row ${row}, column ${column}: ${problem}`);
  });
  const [header, ...rest] = records;
  return { columns: header?.cells ?? [], rows: rest.slice(0, HEAD_ROWS).map((r) => r.cells) };
}
