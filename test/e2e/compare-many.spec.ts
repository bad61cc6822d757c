// Sixteen runs in Compare in a laptop's window: 4 optimizers × BN on/off at two learning rates.
// One legend picks the runs shown, a chart per learning rate keeps the curves apart, no chart is
// squeezed under 240 px, and hiding a group takes its curves off every chart at once.
import { experiment, moonsRun } from '../helpers/experiments.ts';
import { expect, test } from './fixtures.ts';
import { chartData, ComparePage } from './pages.ts';

const OPTIMIZERS = [['GD', 'gd'], ['Momentum', 'momentum'], ['RMSprop', 'rmsprop'], ['Adam', 'adam']] as const;
const RATES = [0.01, 0.1];
const name = (optimizer: string, lr: number, bn: boolean) => `${optimizer}, lr ${lr}, ${bn ? 'BN' : 'no BN'}`;

test('16 runs: one legend, a chart per learning rate, no plot under 240 px, and a working group toggle', async ({ page, lab, server }) => {
  // Arrange: the grid, trained through the lab's API (building it in the designer is another test's job).
  const runs = RATES.flatMap((lr) => OPTIMIZERS.flatMap(([label, kind]) => [true, false].map((bn) => moonsRun(name(label, lr, bn), { batchNorm: bn, epochs: 4, samples: 200, optimizer: { kind, lr } }))));
  await server.train(experiment('e2e: 16 runs', runs));
  await page.setViewportSize({ width: 1280, height: 800 });
  await lab.open();
  const compare = new ComparePage(page);

  // Act
  await lab.show('Compare');

  // Assert: loss, accuracy and gradient norm each in a row of two charts (lr 0.01, lr 0.1), and a band chart per run.
  const loss = compare.chart('Loss per epoch: lr 0.01');
  await expect(loss).toBeVisible();
  // Plotly's own SVGs inside each chart are pictures without names.
  const charts = page.getByRole('main').getByRole('img', { name: /\S/ });
  await expect(charts).toHaveCount(3 * 2 + 16);
  const heights = await charts.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(240);
  const curves = async () => Object.keys((await chartData(loss)).traces);
  expect(await curves()).toContain(`${name('Adam', 0.01, true)} (validation)`);
  // Plotly's PNG export, one button per chart.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download Loss per epoch: lr 0.01 as PNG' }).click();
  expect((await download).suggestedFilename()).toBe('Loss-per-epoch-lr-0.01.png');
  await lab.screens('compare-16-runs', 3);

  // Hiding the Adam group takes its 4 runs off every chart and out of the band charts, and ticks off each run.
  const adam = page.getByRole('checkbox', { name: 'Show Adam (4 runs)' });
  await expect(adam).toBeChecked();
  await adam.uncheck();
  await expect.poll(curves).not.toContain(`${name('Adam', 0.01, true)} (validation)`);
  expect(await curves()).toContain(`${name('GD', 0.01, true)} (validation)`);
  await expect(page.getByRole('main').getByRole('img', { name: /^Layer \d of / })).toHaveCount(12);
  await expect(page.getByRole('checkbox', { name: name('Adam', 0.1, false), exact: true })).not.toBeChecked();

  // One Adam run back leaves its group part-shown; a part-shown group's box shows all its runs, then hides them.
  await page.getByRole('checkbox', { name: name('Adam', 0.1, false), exact: true }).check();
  await expect(adam).not.toBeChecked();
  await expect(page.getByRole('main').getByRole('img', { name: /^Layer \d of / })).toHaveCount(13);
  const noBn = page.getByRole('checkbox', { name: 'Show no BN (8 runs)' });
  await noBn.check();
  await expect(page.getByRole('main').getByRole('img', { name: /^Layer \d of / })).toHaveCount(14);
  await noBn.uncheck();
  await expect(page.getByRole('main').getByRole('img', { name: /^Layer \d of / })).toHaveCount(6);
  await expect.poll(curves).toEqual(OPTIMIZERS.filter(([label]) => label !== 'Adam').flatMap(([label]) => [`${name(label, 0.01, true)} (train)`, `${name(label, 0.01, true)} (validation)`]));
  await lab.screens('compare-16-runs-no-bn-no-adam', 1);
  expect(lab.problems).toEqual([]);
});
