// Reading a JSON file a person gave (an experiment file, an export to import): a UTF-8 byte-order
// mark, as Windows Notepad writes one, is dropped, and each failure names the file.
import { readFileSync } from 'node:fs';
import { LabError } from './lab-error.ts';

export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LabError('invalid_spec', `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text.startsWith('\ufeff') ? text.slice(1) : text);
  } catch (error) {
    throw new LabError('invalid_spec', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}
