// The public parity fixtures (test/fixtures/parity/*.json), loaded once per test file.
import { fileURLToPath } from 'node:url';
import { loadFixtures, type Fixture } from '../parity/fixture.ts';

export const PARITY_DIR = fileURLToPath(new URL('../fixtures/parity', import.meta.url));

let cache: { file: string; fixture: Fixture }[] | null = null;

/** Every public fixture except index.json, in file-name order. Treat as read-only: it is shared. */
export function publicFixtures(): { file: string; fixture: Fixture }[] {
  cache ??= loadFixtures(PARITY_DIR);
  return cache;
}
