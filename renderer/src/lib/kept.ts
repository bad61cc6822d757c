// What the UI keeps in the browser's storage so that a reload loses nothing: text or JSON under a
// key. Storage may refuse (a privacy setting, a full quota); then nothing is kept and nothing breaks.
export type KeptStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The text kept under `key`, or null when there is none or storage refuses. */
export function readText(storage: KeptStorage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeText(storage: KeptStorage | undefined, key: string, text: string): void {
  try {
    storage?.setItem(key, text);
  } catch {
    // Only the convenience is lost; what is on screen stays.
  }
}

/** The value kept under `key`, or null when there is none, it is not JSON, or storage refuses. */
export function readJson(storage: KeptStorage | undefined, key: string): unknown {
  try {
    return JSON.parse(readText(storage, key) ?? 'null');
  } catch {
    return null;
  }
}

export function writeJson(storage: KeptStorage | undefined, key: string, value: unknown): void {
  writeText(storage, key, JSON.stringify(value));
}
