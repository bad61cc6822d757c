// docs/conventions.md is the app's Conventions page as Markdown; both come from one table, and this
// test fails when the file falls behind it (`npx vitest run test/docs -u` writes it again).
import { expect, test } from 'vitest';
import { CONVENTIONS, conventionsMarkdown } from '../../app/contract/conventions.ts';

test('docs/conventions.md should be the conventions table as it is now', async () => {
  await expect(conventionsMarkdown()).toMatchFileSnapshot('../../docs/conventions.md');
});

test('should state the conventions the issue found unstated, with their numbers', () => {
  const page = conventionsMarkdown();
  expect(new Set(CONVENTIONS.map((c) => c.id)).size).toBe(CONVENTIONS.length);
  expect(page).toContain('SGD(lr·(1 − β), momentum=β)');
  expect(page).toContain('default β₂ 0.999');
  expect(page).toContain('its default is 0.99');
  expect(page).toContain('under BN a final batch of one row is merged into the one before');
  expect(page).toContain('m·σ²·n/(n − 1)   (the unbiased batch variance)');
  expect(page).toContain('the first 256 of the validation split');
  expect(page).toContain('takes steps 10× larger');
});
