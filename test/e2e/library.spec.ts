// The library by keyboard alone: switch views with the arrow keys, train a short experiment,
// scrub its replay, rename a run, branch one from a checkpoint, and delete the experiment after a
// confirmation. Screenshots in light and dark themes.
import { experiment, moonsRun } from '../helpers/experiments.ts';
import { expect, test } from './fixtures.ts';
import { ComparePage, DesignerPage, LibraryPage, ReplayPage, unnamedControls } from './pages.ts';

const EXPERIMENT = 'e2e: keyboard';

test('the whole flow works from the keyboard, and the library renames, branches and deletes', async ({ page, lab }) => {
  const design = new DesignerPage(page);
  const compare = new ComparePage(page);
  const replay = new ReplayPage(page);
  const library = new LibraryPage(page);
  await lab.open();

  // The tab list: Tab reaches the selected tab, the arrows move between views.
  await lab.tabTo(lab.tab('Design'));
  await page.keyboard.press('ArrowRight');
  await expect(lab.tab('Compare')).toBeFocused();
  await expect(lab.tab('Compare')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(lab.tab('Lessons')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(lab.tab('Design')).toHaveAttribute('aria-selected', 'true');

  // Design and train by keyboard: a short run of the example.
  await lab.tabTo(design.field('Experiment name'));
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(EXPERIMENT);
  for (const run of ['Adam + BN', 'Adam, no BN']) {
    await lab.tabTo(design.run(run));
    await page.keyboard.press('Enter');
    await lab.tabTo(design.field('Epochs'));
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('6');
  }
  await design.readyToTrain();
  await lab.tabTo(design.trainButton(), 200);
  await page.keyboard.press('Enter');
  await expect(lab.tab('Compare')).toBeFocused();
  await expect(compare.row('Adam, no BN').getByRole('cell', { name: 'done' })).toBeVisible({ timeout: 30_000 });
  await expect(compare.row('Adam + BN').getByRole('cell', { name: 'done' })).toBeVisible({ timeout: 30_000 });

  // Replay by keyboard: the slider moves with the arrow keys.
  await page.keyboard.press('ArrowRight');
  await expect(lab.tab('Replay')).toHaveAttribute('aria-selected', 'true');
  await lab.tabTo(replay.slider());
  await expect(replay.slider()).toHaveValue('6');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(replay.slider()).toHaveValue('4');
  await expect(replay.boundary('Adam + BN')).toHaveAccessibleName('Decision boundary (eval mode), epoch 4');

  // Library: rename a run (Enter saves).
  await lab.show('Library');
  const runs = library.runs(EXPERIMENT);
  await expect(runs).toContainText('6/6');
  await lab.tabTo(runs.getByRole('button', { name: 'Rename Adam, no BN' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'New name of run Adam, no BN' })).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  // An emptied name is not saved: the field stays, says why, and keeps what is typed next.
  await page.keyboard.press('Enter');
  const newName = page.getByRole('textbox', { name: 'New name of run Adam, no BN' });
  await expect(newName).toBeFocused();
  await expect(newName).toHaveAccessibleDescription('A run needs a name');
  await page.keyboard.type('plain Adam');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Renamed the run to “plain Adam”');
  await expect(runs.getByRole('cell', { name: 'plain Adam', exact: true })).toBeVisible();
  await expect(runs.getByRole('button', { name: 'Rename plain Adam' })).toBeFocused();

  // Branch the BN run from epoch 3 with a smaller learning rate; it trains to the end.
  await lab.tabTo(runs.getByRole('button', { name: 'Branch from Adam + BN' }));
  await page.keyboard.press('Enter');
  const branch = page.getByRole('region', { name: 'Branch a new run from “Adam + BN”' });
  await expect(branch.getByLabel('From epoch')).toBeFocused();
  await branch.getByLabel('From epoch').fill('3');
  // Any trained epoch can be a branch point; one whose state was not kept is trained again first.
  await expect(branch).toContainText('any epoch from 0 to 5; the state at epoch 3 was not kept: the lab first trains 3 epochs again from epoch 0');
  // Another optimizer brings its own settings, from its defaults; the lab checks what is typed there.
  await branch.getByLabel('Optimizer').selectOption({ label: 'Momentum' });
  await expect(branch.getByLabel('Momentum β')).toHaveValue('0.9');
  await expect(branch.getByLabel('Adam β₁')).toHaveCount(0);
  await branch.getByLabel('Learning rate').fill('0.01');
  await branch.getByLabel('Momentum β').fill('1.5');
  await branch.getByRole('button', { name: 'Branch and train' }).click();
  await expect(branch.getByRole('alert')).toContainText('optimizer.beta');
  await branch.getByLabel('Momentum β').fill('0.8');
  await lab.shot('8-library-branch');
  await branch.getByRole('button', { name: 'Branch and train' }).click();
  await expect(page.getByRole('status')).toContainText('Branched “Adam + BN” at epoch 3');
  await expect(runs).toContainText('Adam + BN @3, Momentum, lr 0.01');
  // The optimizer cell names it in words, not by its identifier (momentum).
  await expect(runs.getByRole('row').filter({ hasText: '@3' }).getByRole('cell', { name: 'Momentum, lr 0.01', exact: true })).toBeVisible();
  await expect(runs).toContainText('branch of #');
  await expect(runs.getByRole('row').filter({ hasText: '@3' }).getByRole('cell', { name: 'done' })).toBeVisible({ timeout: 30_000 });
  await lab.shot('9-library');

  // Delete the experiment: Escape cancels the confirmation, the Delete button in it confirms.
  const remove = library.experiment(EXPERIMENT).getByRole('button', { name: `Delete experiment ${EXPERIMENT}` });
  await lab.tabTo(remove, 120);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Delete experiment “${EXPERIMENT}”?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(library.experiment(EXPERIMENT)).toBeVisible();
  await remove.click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status')).toContainText(`Deleted experiment “${EXPERIMENT}”`);
  await expect(library.experiment(EXPERIMENT)).toHaveCount(0);
  expect(lab.problems).toEqual([]);
});

test('every view follows the dark colour scheme and names every control', async ({ page, lab, server }) => {
  // Finished runs of its own, so that Compare, Replay and Library have their controls to name.
  await server.train(experiment('e2e: dark', [moonsRun('Adam + BN', { epochs: 4 }), moonsRun('Adam, no BN', { epochs: 4, batchNorm: false })]));
  await page.emulateMedia({ colorScheme: 'dark' });
  await lab.open();
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(22, 23, 27)');
  await new DesignerPage(page).readyToTrain();
  await expect(page.getByRole('img', { name: 'Dataset preview' })).toBeVisible();
  await lab.shot('10-dark-design');
  expect(await unnamedControls(page.getByRole('tabpanel', { name: 'Design' }))).toEqual([]);
  for (const view of ['Compare', 'Replay', 'Library', 'Conventions'] as const) {
    await lab.show(view);
    await expect(page.getByRole('tabpanel', { name: view }).getByRole('heading', { level: 2 })).toBeVisible();
    await page.waitForTimeout(1000); // Plotly finishes drawing: for the screenshot only
    await lab.shot(`11-dark-${view.toLowerCase()}`);
    expect(await unnamedControls(page.getByRole('tabpanel', { name: view }))).toEqual([]);
  }
  expect(await unnamedControls(page.getByRole('banner'))).toEqual([]);
  expect(lab.problems).toEqual([]);
});
