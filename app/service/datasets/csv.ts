// A CSV file as a dataset: header row, numeric feature columns, one target column. Each way a file
// can be wrong gets one error that names the file, the row (as a spreadsheet numbers it) and the
// column, so the user can go straight to the cell.
import { readFileSync, statSync } from 'node:fs';
import { SHAPE_LIMITS } from '../../../engine/index.ts';
import { parseCsv } from './csv-parse.ts';
import { cellNumber, readTarget, type TargetCell } from './csv-values.ts';
import { DatasetError } from './errors.ts';
import type { RawDataset } from './types.ts';

export interface CsvOptions {
  target: string; // name of the target column
  minRows: number; // the batch size: a file with fewer data rows cannot fill one batch
  fixedClasses?: readonly string[]; // class order of a shipped table; otherwise the labels sorted
  fields?: { path: string; target: string }; // spec fields to blame, when the user chose the file
}

export function readCsvDataset(file: string, options: CsvOptions): RawDataset {
  const { target, minRows, fixedClasses, fields } = options;
  const fail: (at: string, problem: string, field?: string) => never = (at, problem, field = fields?.path) => {
    throw DatasetError.about({ field: field ?? '', file, expected: problem, ...(at === '' ? {} : { at }) });
  };
  const { text, utf8 } = readText(file, fail);
  // The row and column limits stop the parse where they are passed, not after the whole file.
  const records = parseCsv(text, (row, column, problem, header) => fail(place(`row ${row}`, column, header?.map((c) => c.trim()) ?? []), problem), {
    records: CSV_LIMITS.rows + 1,
    cells: CSV_LIMITS.columns,
    refuse: (what, row) =>
      what === 'cells'
        ? fail(`row ${row}`, `the row has more than the ${count(CSV_LIMITS.columns)} columns BN Lab reads (one target and at most ${count(CSV_LIMITS.columns - 1)} features)`)
        : fail(`row ${row}`, `the file has more than the ${count(CSV_LIMITS.rows)} data rows BN Lab reads`),
  });
  const [header, ...data] = records;
  if (header === undefined) fail('row 1', 'the file is empty; it needs a header row naming the columns, then data rows');

  const names = header.cells.map((c) => c.trim());
  const at = (row: number, column: number) => place(`row ${row}`, column, names);
  if (!utf8) {
    // The decoder put U+FFFD where the bytes were not UTF-8; the first such cell is the one to fix.
    const bad = records.find((r) => r.cells.some((c) => c.includes('\uFFFD'))) ?? header;
    const column = Math.max(0, bad.cells.findIndex((c) => c.includes('\uFFFD'))) + 1;
    fail(at(bad.row, column), 'the cell is not UTF-8 text; save the file as "CSV UTF-8"');
  }
  names.forEach((name, c) => {
    if (name === '') fail(at(header.row, c + 1), 'the header cell is empty; every column needs a name');
    const first = names.indexOf(name);
    if (first < c) fail(at(header.row, c + 1), `the column name "${name}" is already used by column ${first + 1}`);
  });
  const t = names.indexOf(target);
  if (t < 0) {
    const hint = names.some((n) => cellNumber(n) !== undefined) ? '; the first row holds numbers: is the header row missing?' : separatorHint(names);
    fail(`row ${header.row}`, `no column is named "${target}" (the columns are ${names.map((n) => `"${n}"`).join(', ')})${hint}`, fields?.target);
  }
  if (names.length < 2) fail(`row ${header.row}`, `there is no feature column besides the target "${target}"${separatorHint(names)}`);
  if (data.length === 0) fail(`row ${header.row + 1}`, 'there are no data rows after the header row');

  const width = names.length;
  const d = width - 1;
  if (data.length * d > CSV_LIMITS.cells) fail('', `the file has ${count(data.length * d)} feature cells (${count(data.length)} rows × ${count(d)} features), more than the ${count(CSV_LIMITS.cells)} BN Lab reads`);
  const X = new Float64Array(data.length * d); // (n, d) row-major
  const targets: TargetCell[] = [];
  data.forEach(({ row, cells }, i) => {
    if (cells.length !== width) {
      fail(at(row, Math.min(cells.length, width) + 1), `the row has ${cells.length} cells but the header has ${width} columns`);
    }
    let j = 0;
    cells.forEach((raw, c) => {
      const text = raw.trim();
      if (c === t) {
        if (text === '') fail(at(row, c + 1), 'the target cell is empty');
        targets.push({ row, text });
        return;
      }
      const value = cellNumber(text);
      if (text === '') fail(at(row, c + 1), 'the cell is empty; every feature cell needs a number');
      if (value === undefined) fail(at(row, c + 1), `"${text}" is not a number`);
      if (!Number.isFinite(value)) fail(at(row, c + 1), `"${text}" is not a finite number`);
      X[i * d + j++] = value;
    });
  });

  const dataRows = `rows ${data[0]?.row} to ${data.at(-1)?.row}`;
  const { task, y, classes } = readTarget(
    targets,
    (row, problem) => fail(row === null ? place(dataRows, t + 1, names) : at(row, t + 1), problem, fields?.target),
    fixedClasses,
  );
  if (data.length < minRows) fail(dataRows, `${data.length} data rows are fewer than the batch size ${minRows}`, 'training.batchSize');
  return { X, y, n: data.length, featureNames: names.filter((_, c) => c !== t), task, classes };
}

/** `row 5, column 2 ("b")`: where a problem is, as a spreadsheet shows it; a column past the header has no name. */
function place(rows: string, column: number, names: readonly string[]): string {
  const name = names[column - 1];
  return `${rows}, column ${column}${name ? ` ("${name}")` : ''}`;
}

/**
 * What BN Lab reads of one CSV, each checked before memory is taken for it: the file's size (its
 * numbers then take at most about four times as much), its data rows, its columns (the features
 * become the network's inputs, so no more than a layer may have, plus the target) and its feature
 * cells (rows × features, held as float64).
 */
export const CSV_LIMITS = { bytes: 256 * 1024 * 1024, rows: 2_000_000, columns: SHAPE_LIMITS.max + 1, cells: 32 * 1024 * 1024 } as const;

/** The file as text, byte-order mark dropped (Excel's "CSV UTF-8" writes one); `utf8` false if bytes were replaced. */
function readText(file: string, fail: (at: string, problem: string) => never): { text: string; utf8: boolean } {
  let bytes: Buffer;
  try {
    // Checked before reading: /dev/zero or a pipe would be read until memory runs out.
    const stat = statSync(file);
    if (stat.isDirectory()) fail('', 'this is a folder, not a CSV file');
    if (!stat.isFile()) fail('', 'this is not a regular file (a device, pipe or socket); name a CSV file');
    if (stat.size > CSV_LIMITS.bytes) fail('', `the file has ${megabytes(stat.size)}, more than the ${megabytes(CSV_LIMITS.bytes)} BN Lab reads`);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail('', 'the file does not exist');
    if (code === 'EISDIR') fail('', 'this is a folder, not a CSV file');
    if (code === 'EACCES' || code === 'EPERM') fail('', 'the file cannot be read (permission denied)');
    fail('', `the file cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), utf8: true };
  } catch {
    return { text: new TextDecoder('utf-8').decode(bytes), utf8: false };
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Spreadsheets in many locales save with semicolons (or tabs); read as commas the header is one column. */
function separatorHint(names: readonly string[]): string {
  if (names.length !== 1) return '';
  const separator = names[0]!.includes(';') ? 'semicolons' : names[0]!.includes('\t') ? 'tabs' : null;
  return separator ? `; the columns are separated by ${separator}: save the file with commas between them` : '';
}
