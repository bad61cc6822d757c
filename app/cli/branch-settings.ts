// `bnlab branch … --set optimizer.lr=0.001`: the CLI's spelling of what a branch changes, turned
// into the contract's BranchOverrides and checked with the same schema the API checks it with.
import { BRANCH_OVERRIDES, type BranchOverrides } from '../contract/branch-overrides.ts';
import { LabError } from '../service/lab-error.ts';

export function parseBranchSettings(settings: readonly string[]): BranchOverrides {
  const overrides: Record<string, Record<string, unknown>> = {};
  for (const text of settings) {
    const match = /^(\w+)\.(\w+)=(.*)$/.exec(text);
    if (!match) throw new LabError('invalid_spec', `--set must look like optimizer.lr=0.001, got ${JSON.stringify(text)}`, '--set');
    const [, section, field, value] = match as unknown as [string, string, string, string];
    // Later settings of the same field win, as later options do.
    overrides[section] = { ...overrides[section], [field]: parseValue(value) };
  }
  const mismatch = BRANCH_OVERRIDES.check(overrides);
  if (mismatch) {
    const field = mismatch.path.slice(1);
    const why = mismatch.problem.startsWith('is not a known field') ? ': a branch continues the same network and data' : '';
    throw new LabError('invalid_spec', `--set ${field} ${mismatch.problem}${why}`, field);
  }
  return overrides as BranchOverrides;
}

/** A number when the text is one, else the text, which the schema then names in its refusal. */
function parseValue(text: string): unknown {
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}
