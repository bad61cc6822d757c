// The designer as a base run and the factors that vary around it: the 4 optimizers × BN grid in a
// handful of actions, every run with the same learning rate. Roles and labels only.
import { expect, test } from './fixtures.ts';
import { DesignerPage } from './pages.ts';
import { moonsRun } from '../helpers/experiments.ts';

const GRID = ['Gradient descent, BN', 'Gradient descent, no BN', 'Momentum, BN', 'Momentum, no BN', 'RMSprop, BN', 'RMSprop, no BN', 'Adam, BN', 'Adam, no BN'];

test('the 4 optimizers × BN grid takes 5 actions, and every run keeps the base learning rate', async ({ page, lab, server }) => {
  const design = new DesignerPage(page);
  await lab.open();
  await design.readyToTrain();

  // Actions 1–4: BN on and off, and the three optimizers the example's Adam does not have.
  const factors = page.getByRole('region', { name: 'Factors to vary around “Adam + BN”' });
  await factors.getByRole('checkbox', { name: 'Batch norm on and off' }).check();
  for (const optimizer of ['Gradient descent', 'Momentum', 'RMSprop']) await factors.getByRole('checkbox', { name: optimizer }).check();
  await expect(factors.getByRole('list', { name: 'Runs of the experiment' }).getByRole('listitem')).toHaveText(GRID);
  await expect(factors.getByRole('checkbox', { name: 'Adam' })).toBeChecked();
  await lab.shot('design-grid');

  // Action 5: train.
  await design.readyToTrain();
  await expect(design.trainButton()).toHaveText('Train 8 runs');
  await design.trainButton().click();
  await expect(lab.tab('Compare')).toHaveAttribute('aria-selected', 'true');

  const runs = await server.call<{ name: string; optKind: string; optLr: number; groupId: number; id: number }[]>('listRuns');
  expect(runs.map((r) => r.name)).toEqual(GRID);
  expect(runs.map((r) => r.optKind)).toEqual(['gd', 'gd', 'momentum', 'momentum', 'rmsprop', 'rmsprop', 'adam', 'adam']);
  expect(new Set(runs.map((r) => r.optLr))).toEqual(new Set([0.01]));
  const [experiment] = await server.call<{ design: { vary: Record<string, unknown[]> } }[]>('listExperiments');
  expect(experiment!.design.vary).toEqual({ 'optimizer.kind': ['gd', 'momentum', 'rmsprop', 'adam'], 'network.batchNorm': [true, false] });
  for (const run of runs) await server.call('stopRun', run.id).catch(() => undefined);
  expect(lab.problems).toEqual([]);
});

test('Open in Design, change, train again: a new experiment, the original kept as it was', async ({ page, lab, server }) => {
  const design = new DesignerPage(page);
  const { name: _name, ...base } = moonsRun('base', { epochs: 2, samples: 200 });
  await server.train({ name: 'original sweep', base, vary: { 'optimizer.lr': [0.01, 0.1] }, repeats: 2 });
  // The spec file's lab may hold the grid of the test before: only this experiment's runs count.
  const before = (await server.call<{ id: number; name: string; optLr: number; experimentName: string }[]>('listRuns')).filter((r) => r.experimentName === 'original sweep');
  await lab.open();
  await lab.show('Library');
  await page.getByRole('button', { name: 'Open original sweep in Design' }).click();
  await expect(lab.tab('Design')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Opened “original sweep”' })).toBeVisible();
  await expect(design.field('Experiment name')).toHaveValue('original sweep (changed)');
  const runs = page.getByRole('list', { name: 'Runs of the experiment' }).getByRole('listitem');
  await expect(runs).toHaveText(['lr 0.01, seed 1', 'lr 0.01, seed 2', 'lr 0.1, seed 1', 'lr 0.1, seed 2']);

  // The change: a third learning rate.
  await design.field('Learning rates').fill('0.01, 0.1, 0.3');
  await expect(runs).toHaveCount(6);
  await design.readyToTrain();
  await design.trainButton().click();
  await expect(lab.tab('Compare')).toHaveAttribute('aria-selected', 'true');

  const experiments = (await server.call<{ id: number; name: string }[]>('listExperiments')).filter((e) => e.name.startsWith('original sweep'));
  expect(experiments.map((e) => e.name)).toEqual(['original sweep', 'original sweep (changed)']);
  const after = await server.call<{ id: number; name: string; optLr: number; status: string; experimentId: number }[]>('listRuns');
  expect(after.filter((r) => r.experimentId === experiments[0]!.id)).toEqual(before.map((r) => expect.objectContaining({ id: r.id, name: r.name, optLr: r.optLr, status: 'done' })));
  expect(after.filter((r) => r.experimentId === experiments[1]!.id).map((r) => r.optLr)).toEqual([0.01, 0.01, 0.1, 0.1, 0.3, 0.3]);
  for (const run of after) await server.call('stopRun', run.id).catch(() => undefined);
  expect(lab.problems).toEqual([]);
});
