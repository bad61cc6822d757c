// Compare's research tools in Chromium: Santurkar's probes drawn on request, the test split's own
// table, and a run exported as a PyTorch script from the export menu.
import { readFileSync } from 'node:fs';
import { experiment, moonsRun } from '../helpers/experiments.ts';
import { expect, test } from './fixtures.ts';
import { chartData } from './pages.ts';

const withTest = (run: ReturnType<typeof moonsRun>) => ({ ...run, dataset: { ...run.dataset, test: 0.2 } });

test('Compare draws the probes on request, reports the test split apart and exports a PyTorch script', async ({ page, lab, server }) => {
  await server.train(experiment('e2e: probes', [withTest(moonsRun('Adam + BN', { epochs: 4 })), withTest(moonsRun('Adam, no BN', { epochs: 4, batchNorm: false }))]));
  await lab.open();
  await lab.show('Compare');

  // The test split has its own table, apart from the final metrics: 20 % of 400 moons.
  const tests = page.getByRole('table', { name: 'Test split' });
  await expect(tests.getByRole('row')).toHaveCount(3);
  await expect(tests.getByRole('row', { name: /Adam \+ BN/ })).toContainText(/^Adam \+ BN4[\d.]+[\d.]+80$/);

  // Probes: nothing is measured until asked; then three charts, two traces (a band) per run, a point per checkpoint.
  await page.getByRole('button', { name: 'Measure (2 finished runs)' }).click();
  const landscape = page.getByRole('img', { name: 'Loss landscape: L(θ − ηg)' });
  await expect(landscape).toBeVisible();
  await expect(page.getByRole('img', { name: 'Effective β-smoothness' })).toBeVisible();
  await expect.poll(async () => (await chartData(landscape)).traces).toEqual({
    'Adam + BN min': 5, 'Adam + BN (min–max over η)': 5, 'Adam, no BN min': 5, 'Adam, no BN (min–max over η)': 5,
  });
  await lab.shot('21-compare-probes');

  // One run as a PyTorch script, downloaded in browser mode.
  await page.getByRole('combobox', { name: 'Export format' }).selectOption({ label: 'PyTorch script (one run)' });
  await page.getByRole('combobox', { name: 'Run to reproduce' }).selectOption({ label: 'Adam, no BN' });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export report…' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^bn-lab-runs-\d+\.py$/);
  const script = readFileSync((await file.path())!, 'utf8');
  expect(script).toContain('"Adam, no BN"');
  expect(script).toContain('nn.Linear(2, 16, bias=True)');
  expect(script).not.toContain('nn.BatchNorm1d(');
  expect(lab.problems).toEqual([]);
});
