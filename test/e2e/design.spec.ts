// The designer as a base run and the factors that vary around it: the 4 optimizers × BN grid in a
// handful of actions, every run with the same learning rate. Roles and labels only.
import { expect, test } from './fixtures.ts';
import { DesignerPage } from './pages.ts';

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
