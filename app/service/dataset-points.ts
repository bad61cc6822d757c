// A dataset's samples as the page plots them: a preview of a dataset spec before any run, and the
// points of a run's own dataset (cached, so scrubbing a replay does not regenerate them).
import type { DatasetPreview } from '../contract/lab-api.ts';
import { csvHead } from './csv-imports.ts';
import { loadDataset, resolveDatasetSpec, type PreparedDataset, type Split } from './datasets/index.ts';
import type { LabRecords } from './lab-records.ts';

const PREVIEW_POINTS = 2000;
/** Datasets of recently replayed runs, so scrubbing does not regenerate them. */
const DATASET_CACHE = 8;

export type ScatterPoints = NonNullable<DatasetPreview['points']>;

/** What a dataset spec gives: its sizes, its points (2-D data) and, for a CSV file, its first rows. */
export function previewDataset(raw: unknown): DatasetPreview {
  const spec = resolveDatasetSpec(raw);
  const data = loadDataset(spec);
  const d = data.description;
  return {
    name: d.name,
    task: d.task,
    samples: d.samples,
    features: d.features,
    featureNames: d.featureNames,
    classes: d.classes,
    trainRows: data.train.n,
    validationRows: data.validation?.n ?? 0,
    points: data.points && scatter(data.points),
    head: spec.kind === 'csv' ? csvHead(spec.path) : null,
  };
}

/** The datasets of the runs last asked about, each reloaded exactly as its run trained on it. */
export class RunDatasets {
  private readonly cache = new Map<number, PreparedDataset>();

  constructor(private readonly records: LabRecords) {}

  get(runId: number): PreparedDataset {
    let data = this.cache.get(runId);
    if (!data) {
      data = this.records.loadRunDataset(runId);
      this.cache.set(runId, data);
      if (this.cache.size > DATASET_CACHE) this.cache.delete(this.cache.keys().next().value!);
    }
    return data;
  }

  forget(runId: number): void {
    this.cache.delete(runId);
  }

  /** Training and validation samples of a run on 2-D data together; null for other data. */
  samples(runId: number): Split | null {
    const data = this.get(runId);
    return data.inputSize === 2 ? trainAndValidation(data) : null;
  }

  /** The run's samples for a Plotly scatter; null unless its data is 2-D. */
  points(runId: number): ScatterPoints | null {
    const samples = this.samples(runId);
    return samples && scatter(samples);
  }
}

/** At most PREVIEW_POINTS rows, evenly taken, as columns for a Plotly scatter. */
function scatter(points: Split): ScatterPoints {
  const step = Math.max(1, Math.ceil(points.n / PREVIEW_POINTS));
  const x: number[] = [];
  const y: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < points.n; i += step) {
    x.push(points.X[i * 2]!);
    y.push(points.X[i * 2 + 1]!);
    label.push(points.y[i]!);
  }
  return { x, y, label };
}

function trainAndValidation(data: PreparedDataset): Split {
  const parts = data.validation ? [data.train, data.validation] : [data.train];
  const n = parts.reduce((sum, p) => sum + p.n, 0);
  const X = new Float64Array(n * data.inputSize);
  const y = data.train.y instanceof Int32Array ? new Int32Array(n) : new Float64Array(n);
  let row = 0;
  for (const part of parts) {
    X.set(part.X, row * data.inputSize);
    y.set(part.y, row);
    row += part.n;
  }
  return { X, y, n };
}
