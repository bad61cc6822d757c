// Sizes as people read them: bnlab and the Library both say how big the lab file is.

export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** An experiment's stored states and metrics, and their share of the whole file. */
export function storageShare(bytes: number, fileBytes: number): string {
  const percent = fileBytes > 0 ? Math.round((100 * bytes) / fileBytes) : 0;
  return `${fileSize(bytes)} stored (${percent}% of the file)`;
}
