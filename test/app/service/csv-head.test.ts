// The import preview reads the head of a CSV file, not all of it (files may be up to 256 MB).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { csvHead } from '../../../app/service/csv-imports.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const cells = (n: number) => Array.from({ length: n }, (_, i) => [String(i), String((i * 7) % 13), `class, ${i % 3}`]);
const rows = (n: number) => cells(n).map(([x1, x2, label]) => `${x1},${x2},"${label}"`);

test('should preview the header and first rows of a 3 MB file from its head: a broken row far below does not stop it', () => {
  const file = path.join(tempDir(), 'big.csv');
  writeFileSync(file, ['x1,x2,label', ...rows(150_000), '1,2,"unterminated'].join('\n'));
  const head = csvHead(file);
  expect(head.columns).toEqual(['x1', 'x2', 'label']);
  expect(head.rows).toEqual(cells(8));
});

test('should read a file whose quoted field runs past the head whole, and say what is wrong with it', () => {
  const file = path.join(tempDir(), 'long-field.csv');
  writeFileSync(file, `x,label\n1,"${'line\n'.repeat(300_000)}"\n2,"open`);
  expect(() => csvHead(file)).toThrow(/unterminated|quote/i);
});

test('should preview a small file as it is, its last line without a line end included', () => {
  const file = path.join(tempDir(), 'small.csv');
  writeFileSync(file, 'a,b\n1,2\n3,4');
  expect(csvHead(file)).toEqual({ columns: ['a', 'b'], rows: [['1', '2'], ['3', '4']] });
});
