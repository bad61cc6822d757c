// A fresh folder per test for real SQLite files, removed when the test that made it has finished
// (after its afterEach hooks, which close whatever was open in it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bnlab-test-'));
  // Per folder, not a module-level afterEach: in a project without isolation (engine) this module
  // is evaluated once, so such a hook would clean up after the first file that imports it only.
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
