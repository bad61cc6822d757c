// The start page's lessons in Chromium: one click trains a lesson's experiment and opens its
// result, with the explanation beside it; a 2-D run's decision boundary is redrawn while it trains;
// the formulas panel is reachable from every view. Screenshots at 1280×800 go to test-results/screenshots.
import { expect, test } from './fixtures.ts';
import { chartData } from './pages.ts';

test.use({ viewport: { width: 1280, height: 800 } });

test('a lesson trains in one click and shows its explanation, result and live boundary', async ({ page, lab }) => {
  await lab.open('Lessons');
  const lesson = page.getByRole('article', { name: 'Train vs eval mode at test time' });
  await expect(lesson).toContainText('With tiny batches the two differ');
  await expect(lesson.getByRole('listitem').first()).toContainText('BN statistics');

  // Formulas beside the page, as MathML, not code text.
  const formulas = page.getByRole('complementary', { name: 'Formulas' });
  await expect(formulas).toBeVisible();
  expect(await formulas.locator('math').count()).toBeGreaterThan(8);

  await lesson.getByRole('button', { name: 'Train lesson: Train vs eval mode at test time' }).click();
  await expect(lab.tab('Replay')).toHaveAttribute('aria-selected', 'true');
  // Its runs are the lesson's, training as one experiment under one progress bar.
  await lab.show('Compare');
  await expect(page.getByRole('table', { name: 'Training progress' }).getByRole('row')).toHaveCount(3);
  const live = page.getByRole('img', { name: /^Live decision boundary of batch 4, BN, epoch \d+$/ });
  await expect(live).toBeVisible();
  // The live chart follows training to its last epoch (30), with a picture. Where training is fast
  // it may be over before the chart first draws, so only the end is certain to be seen.
  await expect.poll(async () => Number((await live.getAttribute('aria-label'))!.match(/epoch (\d+)$/)![1]), { timeout: 60_000 }).toBe(30);
  // Charts draw once scrolled near, as a person would look at it.
  await live.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await chartData(live)).image).toMatch(/^data:image\/png/);
  await expect(formulas).toBeVisible();

  const progress = page.getByRole('table', { name: 'Training progress' });
  for (const run of ['batch 4, BN', 'batch 128, BN']) await expect(progress.getByRole('row', { name: run })).toContainText('Done', { timeout: 60_000 });
  await expect(page.getByRole('progressbar', { name: 'Progress of the experiment' })).toHaveCount(0);

  // The presenter view: one chart per screen, stepped by the keyboard, closed by Escape.
  await page.getByRole('button', { name: 'Present' }).click();
  const presenter = page.getByRole('dialog', { name: 'Presenter view' });
  await expect(presenter.getByRole('img', { name: /^Loss per epoch/ })).toBeVisible();
  await expect(presenter).toContainText('Chart 1 of 5');
  await page.keyboard.press('ArrowRight');
  await expect(presenter.getByRole('img', { name: /^Accuracy per epoch/ })).toBeVisible();
  await page.keyboard.press('End');
  await expect(presenter.getByRole('img', { name: 'Layer 2: z̃ after BN (runs with BN)' })).toBeVisible();
  expect(Object.keys((await chartData(presenter.getByRole('img', { name: 'Layer 2: z̃ after BN (runs with BN)' }))).traces)).toContain('batch 4, BN (15/50/85th)');
  await page.screenshot({ path: 'test-results/screenshots/presenter.png' });
  await page.keyboard.press('Escape');
  await expect(presenter).toHaveCount(0);
  expect(lab.problems).toEqual([]);
});

const SHOTS: [lesson: string, file: string][] = [
  ["What BN does to a layer's inputs", 'lesson-1-bn-inputs'],
  ['BN allows a higher learning rate', 'lesson-2-higher-learning-rate'],
  ['Optimizers: GD, momentum, RMSprop, Adam, with and without BN', 'lesson-3-optimizers'],
  ["Batch size and BN's noise", 'lesson-4-batch-size'],
  ['Train vs eval mode at test time', 'lesson-5-train-vs-eval'],
];

test('each lesson trains to the end; its result at 1280×800', async ({ page, lab }) => {
  test.setTimeout(600_000);
  await lab.open('Lessons');
  for (const [lesson, file] of SHOTS) {
    await lab.show('Lessons');
    await page.getByRole('button', { name: `Train lesson: ${lesson}` }).click();
    await expect(lab.tab('Lessons')).toHaveAttribute('aria-selected', 'false');
    await lab.show('Compare');
    const progress = page.getByRole('table', { name: 'Training progress' });
    await expect(progress.getByRole('row').nth(1)).toBeVisible();
    // Status words are capitalized ("Running"): a lower-case pattern would find none at once and not wait.
    await expect(progress.getByRole('cell', { name: /^(Running|Queued)$/ })).toHaveCount(0, { timeout: 240_000 });
    await expect(progress.getByText('Done', { exact: true }).first()).toBeVisible();
    if (file === 'lesson-1-bn-inputs') await page.getByRole('combobox', { name: 'Layer for the percentile bands' }).selectOption({ label: 'layer 3' });
    await page.waitForTimeout(1500);
    await page.evaluate('window.scrollTo(0, 0)');
    await lab.chartsInViewDrawn();
    await page.screenshot({ path: `test-results/screenshots/${file}.png` });
    await page.getByRole('heading', { name: 'Distribution of a layer\'s inputs over training' }).scrollIntoViewIfNeeded();
    await lab.chartsInViewDrawn();
    await page.screenshot({ path: `test-results/screenshots/${file}-bands.png` });
  }
  // The last lesson is read in Replay: its boundaries in eval mode, then with the last batch's statistics.
  await lab.show('Replay');
  await expect(page.getByRole('heading', { name: 'batch 4, BN', exact: true })).toBeVisible();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'test-results/screenshots/lesson-5-train-vs-eval-replay-eval.png' });
  await page.getByRole('radio', { name: /Train mode/ }).check();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'test-results/screenshots/lesson-5-train-vs-eval-replay-train.png' });
  expect(lab.problems).toEqual([]);
});
