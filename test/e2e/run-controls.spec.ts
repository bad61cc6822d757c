// Compare's and the Library's controls of one run in Chromium: a paused run steps one epoch at a
// time, and a done run (or all done runs at once) continues for more epochs as the same run, its
// curves growing longer.
import { experiment, moonsRun } from '../helpers/experiments.ts';
import { expect, test } from './fixtures.ts';
import { chartData, ComparePage, LibraryPage } from './pages.ts';

test('Step one epoch trains a paused run exactly one epoch and leaves it paused', async ({ page, lab, server }) => {
  // Paused before its first step is done, so the page finds it paused whatever the machine's speed.
  const { runIds: [id] } = await server.call<{ runIds: number[] }>('createExperiment', experiment('e2e: step', [moonsRun('stepped', { epochs: 150, samples: 4000 })]));
  await server.call('startRun', id);
  await server.call('pauseRun', id);
  await lab.open('Compare');
  const compare = new ComparePage(page);
  const row = compare.row('stepped');
  await expect(row.getByRole('cell', { name: 'Paused' })).toBeVisible();
  const pausedAt = Number((await compare.progress('stepped').getAttribute('aria-valuetext'))!.match(/^epoch (\d+) of 150$/)![1]);

  for (const epoch of [pausedAt + 1, pausedAt + 2]) {
    await row.getByRole('button', { name: 'Step stepped one epoch' }).click();
    await expect(compare.progress('stepped')).toHaveAttribute('aria-valuetext', `epoch ${epoch} of 150`);
    await expect(row.getByRole('cell', { name: 'Paused' })).toBeVisible();
  }
  // Paused again after the step: nothing moves until asked.
  await page.waitForTimeout(500);
  await expect(compare.progress('stepped')).toHaveAttribute('aria-valuetext', `epoch ${pausedAt + 2} of 150`);
  await row.getByRole('button', { name: 'Stop stepped' }).click();
  await expect(row.getByRole('cell', { name: 'Interrupted' })).toBeVisible();
  expect(lab.problems).toEqual([]);
});

test('Continue for N more epochs trains a done run on as the same run, from Compare and from the Library', async ({ page, lab, server }) => {
  await server.train(experiment('e2e: continue', [moonsRun('short', { epochs: 4 })]));
  await lab.open('Compare');
  const compare = new ComparePage(page);
  const row = compare.row('short');
  await expect(row.getByRole('cell', { name: 'Done' })).toBeVisible();

  await row.getByRole('spinbutton', { name: 'More epochs for short' }).fill('3');
  await row.getByRole('button', { name: 'Continue short for 3 more epochs' }).click();
  await expect(compare.progress('short')).toHaveAttribute('aria-valuetext', 'epoch 7 of 7');
  await expect(row.getByRole('cell', { name: 'Done' })).toBeVisible();
  // The same run's curve, now seven epochs long: training loss and validation loss.
  await expect.poll(async () => Object.values((await chartData(compare.chart('Loss per epoch'))).traces)).toEqual([7, 7]);

  await lab.show('Library');
  const runs = new LibraryPage(page).runs('e2e: continue');
  await expect(runs).toContainText('7/7');
  await runs.getByRole('spinbutton', { name: 'More epochs for short' }).fill('2');
  await runs.getByRole('button', { name: 'Continue short for 2 more epochs' }).click();
  await expect(page.getByRole('status')).toContainText('“short” trains 2 more epochs');
  await expect(runs).toContainText('9/9');
  await expect(runs.getByRole('cell', { name: 'Done' })).toBeVisible();
  // Still the one run: nothing was copied.
  await expect(runs.getByRole('row')).toHaveCount(2);
  expect(lab.problems).toEqual([]);
});

test('Continue all done runs trains every run of the experiment on by the same number of epochs', async ({ page, lab, server }) => {
  await server.train(experiment('e2e: continue all', [moonsRun('first', { epochs: 3 }), moonsRun('second', { epochs: 5 })]));
  await lab.open('Compare');
  const compare = new ComparePage(page);
  await expect(compare.row('second').getByRole('cell', { name: 'Done' })).toBeVisible();

  await page.getByRole('spinbutton', { name: 'More epochs for all 2 done runs' }).fill('2');
  await page.getByRole('button', { name: 'Continue all 2 done runs for 2 more epochs' }).click();
  await expect(compare.progress('first')).toHaveAttribute('aria-valuetext', 'epoch 5 of 5');
  await expect(compare.progress('second')).toHaveAttribute('aria-valuetext', 'epoch 7 of 7');
  await expect(compare.row('first').getByRole('cell', { name: 'Done' })).toBeVisible();
  await expect(compare.row('second').getByRole('cell', { name: 'Done' })).toBeVisible();
  expect(lab.problems).toEqual([]);
});
