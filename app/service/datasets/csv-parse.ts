// RFC 4180 tokenizer: commas, double-quoted cells with "" for a quote, cells that span lines inside
// quotes, CRLF or LF. It numbers records as a spreadsheet numbers rows (header = row 1), so a quoted
// line break does not shift the row numbers that error messages show.

export interface CsvRecord {
  row: number; // 1-based spreadsheet row
  cells: string[];
}

/** `header` is the first record's cells when the problem lies after it, so the message can name the column. */
export type CsvFail = (row: number, column: number, problem: string, header: string[] | undefined) => never;

/**
 * Most records and cells in one record a caller takes: `refuse` is called (and must throw) as soon
 * as one more is read, so a file far over a limit is not parsed whole before it is refused.
 */
export interface CsvBounds {
  records: number;
  cells: number;
  refuse: (what: 'records' | 'cells', row: number) => never;
}

/** Records in file order; rows with no content (blank lines, `,,,`) are dropped but still counted. */
export function parseCsv(text: string, failAt: CsvFail, bounds?: CsvBounds): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let row = 1;
  let i = 0;
  const fail: (problem: string) => never = (problem) => failAt(row, cells.length + 1, problem, records[0]?.cells);
  const endCell = () => {
    cells.push(cell);
    cell = '';
    if (bounds && cells.length > bounds.cells) bounds.refuse('cells', row);
  };
  const endRecord = () => {
    endCell();
    if (cells.some((c) => c.trim() !== '')) records.push({ row, cells });
    if (bounds && records.length > bounds.records) bounds.refuse('records', row);
    cells = [];
    row++;
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && cell.trim() === '') {
      const quoted = readQuoted(text, i + 1);
      if (quoted === null) fail('a quoted cell is never closed');
      [cell, i] = quoted;
      const next = text[i];
      if (i < text.length && next !== ',' && next !== '\r' && next !== '\n') {
        fail('text follows the closing quote of a quoted cell');
      }
    } else if (ch === '"') {
      fail('a quote inside an unquoted cell; quote the whole cell and double the quote ("")');
    } else if (ch === ',') {
      endCell();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || cells.length > 0) endRecord(); // the last line had no newline
  return records;
}

/** A quoted cell's content, read from just after its opening quote, and the index after its closing quote. */
function readQuoted(text: string, start: number): [string, number] | null {
  let value = '';
  let i = start;
  while (true) {
    const close = text.indexOf('"', i);
    if (close < 0) return null;
    value += text.slice(i, close);
    if (text[close + 1] !== '"') return [value, close + 1];
    value += '"';
    i = close + 2;
  }
}
