// Dataset specs: what a run stores to say which data it trained on. `resolveDatasetSpec` checks a raw
// object and fills in the defaults, so the stored spec reproduces the data without the catalogue.
import { REAL_KINDS, TOY_KINDS, type CsvSpec, type DatasetKind, type DatasetSpec, type ParameterInfo } from '../../contract/datasets.ts';
import { catalogueEntry, SPLIT_PARAMETERS } from './catalogue.ts';
import { valueProblem } from '../../../engine/index.ts';
import { DatasetError } from './errors.ts';

export const DATASET_KINDS: readonly DatasetKind[] = [...TOY_KINDS, ...REAL_KINDS, 'csv'];

/** The shipped tables call their label column `target`, so a CSV laid out the same way needs no setting. */
const CSV_TARGET_DEFAULT = 'target';

export function resolveDatasetSpec(raw: unknown, path = 'dataset'): DatasetSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(path, 'must be an object', raw);
  const obj = raw as Record<string, unknown>;
  const kind = obj.kind;
  if (typeof kind !== 'string' || !(DATASET_KINDS as readonly string[]).includes(kind)) {
    fail(`${path}.kind`, `must be one of ${DATASET_KINDS.map((k) => `"${k}"`).join(', ')}`, kind);
  }
  if (kind === 'csv') {
    knownKeys(obj, path, ['kind', 'path', 'target', ...SPLIT_PARAMETERS.map((p) => p.name)]);
    return {
      kind,
      path: nonEmptyString(obj.path, `${path}.path`),
      target: nonEmptyString(obj.target ?? CSV_TARGET_DEFAULT, `${path}.target`),
      ...numbers(obj, path, SPLIT_PARAMETERS),
    } as CsvSpec;
  }
  const params = catalogueEntry(kind as Exclude<DatasetKind, 'csv'>).parameters;
  knownKeys(obj, path, ['kind', ...params.map((p) => p.name)]);
  // The catalogue lists exactly the fields of the kind's interface (a test holds the two together).
  return { kind, ...numbers(obj, path, params) } as DatasetSpec;
}

function numbers(obj: Record<string, unknown>, path: string, params: readonly ParameterInfo[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of params) {
    // Left out, a field takes its default; given as null (an emptied form field) it is an error.
    const value = obj[p.name] === undefined ? p.default : obj[p.name];
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= p.min && value <= p.max && (!p.integer || Number.isInteger(value));
    if (!ok) fail(`${path}.${p.name}`, `must be ${p.integer ? 'an integer' : 'a number'} from ${p.min} to ${p.max}`, value);
    if (p.optional && value === p.default) continue;
    out[p.name] = value as number;
  }
  return out;
}

function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(field, 'must be a non-empty string', value);
  return value as string;
}

/** A typo such as `sampels` must not silently fall back to the default. */
function knownKeys(obj: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw DatasetError.about({ field: `${path}.${key}`, expected: `is not a known field for kind "${String(obj.kind)}" (known: ${allowed.join(', ')})` });
    }
  }
}

function fail(field: string, expectation: string, value: unknown): never {
  throw DatasetError.about(valueProblem(field, expectation, value));
}
