// The layer table in eslint.config.js bites: a file that imports across a forbidden edge fails lint,
// with a message that names both layers. The files are linted from memory at paths inside the layers.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('layer table', () => {
  test.each([
    ['app/contract/lint-probe.ts', "import type { LabService } from '../service/lab-service.ts';", 'app/contract may not import app/service'],
    ['app/contract/lint-probe.ts', "import type { RawDataset } from '../../app/service/datasets/types.ts';", 'app/contract may not import app/service'],
    ['app/contract/lint-probe.ts', "import type { TrainingRun } from '../../engine/index.ts';", 'app/contract may not import engine except'],
    ['renderer/src/lib/lint-probe.ts', "import type { LabService } from '../../../app/service/lab-service.ts';", 'renderer may not import app/service'],
    ['renderer/src/lib/lint-probe.ts', "import { readFileSync } from 'node:fs';", 'renderer may not import node:*'],
    ['renderer/src/components/LintProbe.svelte', "<script lang=\"ts\">\n  import type { LabService } from '../../../app/service/lab-service.ts';\n</script>", 'renderer may not import app/service'],
    ['engine/lint-probe.ts', "import type { RunSpec } from '../app/contract/records.ts';", 'engine may not import app/contract'],
    ['engine/lint-probe.ts', "import { APP_VERSION } from '../app/version.ts';", 'engine may not import app/*'],
    ['app/web/lint-probe.ts', "import { readCommandLine } from '../cli/command-line.ts';", 'app/web may not import app/cli'],
  ])('should refuse in %s: %s', async (filePath, code, message) => {
    // Act
    const messages = await lintImports(filePath, code);

    // Assert
    expect(messages).toContainEqual({ ruleId: 'no-restricted-imports', message: expect.stringContaining(message) });
  });

  test.each([
    ['app/contract/lint-probe.ts', "import type { ModelSpec } from '../../engine/spec.ts';"],
    ['app/service/lint-probe.ts', "import type { RunSpec } from '../contract/records.ts';"],
    ['renderer/src/lib/lint-probe.ts', "import type { RunSpec } from '../../../app/contract/lab-api.ts';"],
  ])('should allow in %s: %s', async (filePath, code) => {
    // Act
    const messages = await lintImports(filePath, code);

    // Assert: the rule is on for the file, and quiet.
    const config = await eslint.calculateConfigForFile(`${root}${filePath}`) as { rules: Record<string, unknown> };
    expect(config.rules['no-restricted-imports']).toBeDefined();
    expect(messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});

// Helpers

// The repository's config as it is, less type information: TypeScript's project service knows only
// files on disk, and the import rules read nothing but the import's text.
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

/** Lints `code` as if it were the file at `filePath` (relative to the repository), which need not exist. */
async function lintImports(filePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: `${root}${filePath}` });
  const fatal = result!.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filePath} could not be linted: ${fatal.message}`);
  return result!.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}
