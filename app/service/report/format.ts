// How numbers read in the report. Metrics are measurements, shown to 4 significant digits (the page
// keeps the exact value in a data-value attribute); spec values are settings a person typed, shown
// exactly as stored.

export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

export function formatSetting(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
