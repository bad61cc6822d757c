/** The name a person gave an imported CSV file, from the lab's copy of it, `…/imports/<time>-<name>`. */
export function importedFileName(storedPath: string): string {
  const base = storedPath.split(/[\\/]/).pop() ?? storedPath;
  return base.replace(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-/, '');
}
