// `npm run parity -- DIR`: every fixture in DIR through the float64 engine, one line each,
// then `N passed, M failed`; exits non-zero when any fails.
import { loadFixtures } from './fixture.ts';
import { runFixture } from './run-fixture.ts';
import { FLOAT64_TOLERANCE } from './tolerances.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run parity -- DIR   (a folder of parity fixture *.json files)');
  process.exit(2);
}
let passed = 0;
let failed = 0;
for (const { file, fixture } of loadFixtures(dir)) {
  let problem: string | null;
  try {
    problem = runFixture(fixture, 'float64', FLOAT64_TOLERANCE)?.message ?? null;
  } catch (error) {
    problem = `engine threw ${error instanceof Error ? error.message : String(error)}`;
  }
  if (problem === null) {
    passed++;
    console.log(`ok    ${fixture.name ?? file}`);
  } else {
    failed++;
    console.log(`FAIL  ${problem.startsWith(fixture.name) ? problem : `${fixture.name ?? file}: ${problem}`}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
