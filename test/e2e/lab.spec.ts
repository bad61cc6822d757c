// A newcomer's session in browser mode, in Debian's Chromium: design BN and no-BN twins on moons,
// train both and watch the curves grow, replay them and scrub, and import a bad CSV. Elements are
// found by role and label only; each view is saved as a screenshot in test-results/screenshots/.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config.ts';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Points drawn in a chart's first trace: Plotly's own record of what it drew. */
async function traceLength(page: Page, chartName: string): Promise<number> {
  return page.getByRole('img', { name: chartName }).evaluate((el) => {
    const data = (el as unknown as { data?: { x: unknown[] }[] }).data ?? [];
    return Math.max(0, ...data.map((t) => t.x.length));
  });
}

test('design, train and compare BN vs no BN, then replay and scrub', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`/?token=${E2E_TOKEN}`);

  // Design: the example is there; make it a longer run so training can be watched.
  await expect(page.getByRole('tab', { name: 'Design' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'Adam + BN', exact: true })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Batch norm in layer 1' })).toBeChecked();
  await expect(page.getByRole('table', { name: 'Parameters' })).toContainText('Total parameters386');
  // Enough data that training takes a few seconds and can be watched.
  await page.getByLabel('Samples').fill('20000');
  await page.getByLabel('Epochs').fill('80');
  await page.getByLabel('Experiment name').fill('e2e: moons BN vs no BN');
  await page.getByRole('button', { name: 'Adam, no BN', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Batch norm in layer 1' })).not.toBeChecked();
  await page.getByLabel('Samples').fill('20000');
  await page.getByLabel('Epochs').fill('80');
  await expect(page.getByRole('table', { name: 'Parameters' })).toContainText('b');
  // A bad value is caught before anything runs, next to its field.
  await page.getByLabel('Learning rate').fill('-1');
  await expect(page.getByRole('alert')).toContainText('runs[1].optimizer.lr must be a finite number > 0, got -1');
  await expect(page.getByRole('button', { name: /^Train 2 runs/ })).toBeDisabled();
  await page.getByLabel('Learning rate').fill('0.01');
  await expect(page.getByText('ready to train')).toBeVisible();
  await shot(page, '1-design');

  await page.getByRole('button', { name: /^Train 2 runs/ }).click();
  await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  const bnProgress = page.getByRole('progressbar', { name: 'Progress of Adam + BN' });
  const plainProgress = page.getByRole('progressbar', { name: 'Progress of Adam, no BN' });
  await expect(bnProgress).toBeVisible();
  await expect(plainProgress).toBeVisible();

  // The curves grow while training: the loss chart gains points between two looks.
  const lossChart = 'Loss per epoch (dashed: training, solid: validation)';
  await expect.poll(() => traceLength(page, lossChart)).toBeGreaterThanOrEqual(3);
  const early = await traceLength(page, lossChart);
  await shot(page, '2-compare-training');
  await expect.poll(() => traceLength(page, lossChart)).toBeGreaterThan(early);
  await expect(page.getByRole('cell', { name: 'done', exact: true })).toHaveCount(2, { timeout: 60_000 });
  await expect(bnProgress).toHaveAttribute('value', '80');
  await expect(page.getByRole('table', { name: 'Final metrics' })).toContainText('Adam + BN');
  await shot(page, '3-compare-done');

  // Replay: both finished runs, one slider; the boundary changes as the epoch does.
  await page.getByRole('tab', { name: 'Replay' }).click();
  await expect(page.getByRole('checkbox', { name: /Adam \+ BN/ })).toBeChecked();
  const slider = page.getByRole('slider', { name: 'Epoch' });
  const boundary = page.getByRole('img', { name: /Decision boundary \(eval mode\), epoch/ }).first();
  await slider.fill('1');
  await expect(page.getByRole('img', { name: 'Decision boundary (eval mode), epoch 1' })).toHaveCount(2);
  const atOne = await boundary.evaluate((el) => JSON.stringify((el as unknown as { data: { z?: unknown }[] }).data[0]!.z));
  await shot(page, '4-replay-epoch-1');
  await slider.fill('80');
  await expect(page.getByRole('img', { name: 'Decision boundary (eval mode), epoch 80' })).toHaveCount(2);
  const atLast = await boundary.evaluate((el) => JSON.stringify((el as unknown as { data: { z?: unknown }[] }).data[0]!.z));
  expect(atLast).not.toBe(atOne);
  await page.getByRole('radio', { name: /Train mode/ }).check();
  await expect(page.getByRole('img', { name: 'Decision boundary (train mode), epoch 80' })).toHaveCount(2);
  await shot(page, '5-replay-epoch-80');

  // Library: the runs are stored and listed.
  await page.getByRole('tab', { name: 'Library' }).click();
  await expect(page.getByRole('table', { name: 'Runs of e2e: moons BN vs no BN' })).toContainText('80/80');
  await shot(page, '6-library');
  expect(problems).toEqual([]);
});

test('a bad CSV shows its first rows and an error that names the row and column', async ({ page }, testInfo) => {
  const file = testInfo.outputPath('bad.csv');
  writeFileSync(file, 'x1,x2,target\n0.1,0.2,a\n0.3,oops,b\n0.5,0.6,a\n');
  await page.goto(`/?token=${E2E_TOKEN}`);
  await page.getByLabel('Dataset').selectOption('csv');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
  await expect(page.getByRole('table', { name: 'First rows of the CSV file' })).toContainText('oops');
  await expect(page.getByRole('alert').first()).toContainText(/row 3.*x2|x2.*row 3/);
  await expect(page.getByRole('button', { name: /^Train/ })).toBeDisabled();
  await shot(page, '7-bad-csv');
});
