import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvFail } from '../../../../app/service/datasets/csv-parse.ts';

const failWith: CsvFail = (row, column, problem) => {
  throw new Error(`row ${row}, column ${column}: ${problem}`);
};

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks as one spreadsheet row each', () => {
    const records = parseCsv('a,b\n"x, y","say ""hi"""\n"two\r\nlines",z\n', failWith);
    expect(records).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x, y', 'say "hi"'] },
      { row: 3, cells: ['two\r\nlines', 'z'] },
    ]);
  });

  it('takes LF, CRLF and bare CR line ends, with or without a final one', () => {
    const expected = [{ row: 1, cells: ['a', 'b'] }, { row: 2, cells: ['1', '2'] }];
    for (const text of ['a,b\n1,2', 'a,b\r\n1,2\r\n', 'a,b\r1,2\r', 'a,b\n1,2\n\n\n']) expect(parseCsv(text, failWith), JSON.stringify(text)).toEqual(expected);
  });

  it('drops rows without content but counts them, as a spreadsheet shows them', () => {
    expect(parseCsv('a,b\n\n,\n1,2\n', failWith)).toEqual([{ row: 1, cells: ['a', 'b'] }, { row: 4, cells: ['1', '2'] }]);
  });

  it('keeps empty cells, so a short row is seen as short', () => {
    expect(parseCsv('a,b,c\n1,,\n', failWith)).toEqual([{ row: 1, cells: ['a', 'b', 'c'] }, { row: 2, cells: ['1', '', ''] }]);
  });

  it('blames the row where an unclosed quote opens, not the end of the file', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n4,5\n', failWith)).toThrow('row 2, column 2: a quoted cell is never closed');
  });

  it('passes the header cells on, so the caller can name the column', () => {
    let header: string[] | undefined;
    expect(() => parseCsv('a,b\n1,2"\n', (row, column, problem, h) => {
      header = h;
      return failWith(row, column, problem, h);
    })).toThrow(/^row 2, column 2: a quote inside an unquoted cell/);
    expect(header).toEqual(['a', 'b']);
  });
});
