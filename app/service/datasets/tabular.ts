// The real tables shipped in ./data (attribution and licence in data/README.md). They are read with
// the CSV loader, with the class order fixed by the catalogue rather than sorted.
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RealKind } from '../../contract/datasets.ts';
import { catalogueEntry } from './catalogue.ts';
import { readCsvDataset } from './csv.ts';
import type { RawDataset } from './types.ts';

// Literal `new URL('./…', import.meta.url)` expressions, one per file, so that bundlers can see and copy them.
const SHIPPED: Record<RealKind, URL> = {
  digits: new URL('./data/digits.csv', import.meta.url),
  iris: new URL('./data/iris.csv', import.meta.url),
  wine: new URL('./data/wine.csv', import.meta.url),
  breast_cancer: new URL('./data/breast_cancer.csv', import.meta.url),
};

/** The path the table is read from: next to this module, or in `dataDir` when a packaged app moved them. */
function realDatasetPath(kind: RealKind, dataDir?: string): string {
  const shipped = fileURLToPath(SHIPPED[kind]);
  return dataDir === undefined ? shipped : join(dataDir, basename(shipped));
}

export function readRealDataset(kind: RealKind, minRows: number, dataDir?: string): RawDataset {
  return readCsvDataset(realDatasetPath(kind, dataDir), { target: 'target', minRows, fixedClasses: catalogueEntry(kind).classes });
}
