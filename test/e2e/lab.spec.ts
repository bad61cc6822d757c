// A newcomer's session in browser mode, in Debian's Chromium: design BN and no-BN twins on moons,
// train both and watch the curves grow, replay them and scrub. Elements are found by role and
// label only; each view is saved as a screenshot in test-results/screenshots/.
import { expect, test } from './fixtures.ts';
import { chartData, ComparePage, DesignerPage, ReplayPage } from './pages.ts';

/** Unique, so the test can run again on the same database. */
const EXPERIMENT = `e2e: moons BN vs no BN ${Date.now().toString(36)}`;
const BN = 'Adam + BN';
const PLAIN = 'Adam, no BN';
// Enough that a run trains for seconds after its first epochs are shown (the test pauses and stops
// the runs then), and few enough that a busy machine finishes them within the timeouts below.
const EPOCHS = 250;
const SAMPLES = '50000';

test('design, train and compare BN vs no BN, then replay and scrub', async ({ page, lab }) => {
  // It trains two runs to their end, which the shared test machines make last from 20 s to a minute.
  test.setTimeout(420_000);
  const design = new DesignerPage(page);
  const compare = new ComparePage(page);
  const replay = new ReplayPage(page);
  await lab.open();

  // Design: the example is ready, a BN net and its no-BN twin on moons.
  await expect(design.run(BN)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('checkbox', { name: 'Batch norm in layer 1' })).toBeChecked();
  await expect(page.getByText('W·a → BN (γ, β) → relu').first()).toBeVisible();
  await expect(design.parameters()).toContainText('γ16 × 1');
  await expect(design.parameters()).toContainText('Total parameters386');
  await expect(design.parameters()).toContainText('BN shift β (takes the role of b)');
  await expect(design.field('Adam β₁')).toHaveValue('0.9');
  await expect(design.field('Adam β₂')).toHaveValue('0.999');
  await expect(page.getByRole('img', { name: 'Dataset preview' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Network diagram: input \(2\), layer 1 \(16\) with batch norm/ })).toBeVisible();
  await design.readyToTrain();
  await lab.shot('1-design-example');

  // Enough data that training takes a few seconds and can be watched.
  await design.field('Experiment name').fill(EXPERIMENT);
  await design.setForRun(BN, { Samples: SAMPLES, Epochs: String(EPOCHS) });
  // Changing one twin alone makes the comparison unfair, and the designer says so until they match.
  await expect(page.getByRole('status').filter({ hasText: 'Not a matched comparison' })).toContainText(`“${PLAIN}” differs from “${BN}” in data, epochs`);
  await page.getByRole('button', { name: `Use the data and training of “${BN}” in every run` }).click();
  await expect(page.getByText('Not a matched comparison')).toHaveCount(0);
  await design.run(PLAIN).click();
  await expect(design.field('Samples')).toHaveValue(SAMPLES);
  await expect(page.getByRole('checkbox', { name: 'Batch norm in layer 1' })).not.toBeChecked();
  await expect(design.parameters()).toContainText('b16 × 1');
  await expect(design.parameters()).not.toContainText('γ');
  await expect(design.parameters()).toContainText('Total parameters354');

  // "Duplicate as…" makes a matched twin with another optimizer; it is removed again.
  await page.getByLabel('Duplicate as…').selectOption({ label: 'the same with Momentum' });
  await expect(design.run('Momentum')).toHaveCount(0);
  await page.getByRole('button', { name: `Add twin of “${PLAIN}”` }).click();
  await expect(design.run('Momentum')).toHaveAttribute('aria-pressed', 'true');
  await expect(design.field('Momentum β')).toHaveValue('0.9');
  await expect(design.field('Training seed')).toHaveValue('7');
  await page.getByRole('button', { name: 'Remove run “Momentum”' }).click();
  await expect(design.run(PLAIN)).toBeFocused();

  // A reload (or a crash of the tab) loses nothing drawn up: the design comes back as it was.
  await page.reload();
  await expect(design.field('Experiment name')).toHaveValue(EXPERIMENT);
  await expect(design.run(PLAIN)).toHaveAttribute('aria-pressed', 'true');
  await expect(design.field('Samples')).toHaveValue(SAMPLES);
  await expect(design.run('Momentum')).toHaveCount(0);

  // A bad value is caught before anything runs, next to its field, and blocks training.
  await design.run(PLAIN).click();
  await design.field('Learning rate').fill('-1');
  await expect(page.getByRole('alert')).toContainText(`${PLAIN}: Learning rate must be a finite number > 0, got -1`);
  await expect(design.field('Learning rate')).toHaveAttribute('aria-invalid', 'true');
  await expect(design.trainButton()).toBeDisabled();
  await lab.shot('2-design-invalid');
  await design.field('Learning rate').fill('0.01');
  await design.readyToTrain();
  // Half a unit, or an emptied Epochs field, is an error too, never a crash or a hidden default.
  await design.field('Units of layer 1').fill('2.5');
  await expect(page.getByRole('alert')).toContainText('Units of layer 1 must be an integer');
  await expect(page.getByText('The diagram and the parameter table come back when layer 1 has a whole number of units')).toBeVisible();
  await expect(design.trainButton()).toBeDisabled();
  await design.field('Units of layer 1').fill('16');
  await design.field('Epochs').fill('');
  await expect(page.getByRole('alert')).toContainText('Epochs must be an integer from 1 to 100000, and it is empty');
  await expect(design.trainButton()).toBeDisabled();
  await design.field('Epochs').fill(String(EPOCHS));
  await design.readyToTrain();
  await expect(design.parameters()).toContainText('Total parameters354');

  // Train: both runs start; their progress bars and curves grow (in a laptop's window).
  await page.setViewportSize({ width: 1280, height: 800 });
  await design.trainButton().click();
  await expect(lab.tab('Compare')).toHaveAttribute('aria-selected', 'true');
  await expect(compare.progress(BN)).toBeVisible();
  await expect(compare.progress(PLAIN)).toBeVisible();
  const loss = compare.chart('Loss per epoch');
  const points = async () => {
    const { traces } = await chartData(loss);
    return Math.min(traces[`${BN} (train)`] ?? 0, traces[`${PLAIN} (train)`] ?? 0);
  };
  await expect.poll(points, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await expect(compare.row(BN)).toContainText(/epoch|running|left/);

  // Pause and resume one run; stop the other, which the Library then resumes from its checkpoint.
  // From the keyboard: the button keeps the focus as it turns from Pause into Resume.
  await page.getByRole('button', { name: `Pause ${BN}` }).focus();
  await page.keyboard.press('Enter');
  await expect(compare.row(BN).getByRole('cell', { name: 'paused' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Resume ${BN}` })).toBeFocused();
  await page.getByRole('button', { name: `Stop ${PLAIN}` }).click();
  await expect(compare.row(PLAIN).getByRole('cell', { name: 'interrupted' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Resume ${PLAIN}` })).toBeFocused();
  await lab.shot('3-compare-training');
  const early = await points();
  await page.getByRole('button', { name: `Resume ${BN}` }).focus();
  await page.keyboard.press('Enter');
  await expect(compare.row(BN).getByRole('cell', { name: 'paused' })).toHaveCount(0);
  await lab.show('Library');
  await page.getByRole('table', { name: `Runs of ${EXPERIMENT}` }).getByRole('button', { name: `Resume ${PLAIN}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Resumed “${PLAIN}”` })).toBeVisible();
  await lab.show('Compare');
  // Both curves grow again from where they were.
  await expect.poll(points, { timeout: 120_000 }).toBeGreaterThan(early);

  await expect(compare.row(BN).getByRole('cell', { name: 'done' })).toBeVisible({ timeout: 240_000 });
  await expect(compare.row(PLAIN).getByRole('cell', { name: 'done' })).toBeVisible({ timeout: 240_000 });
  await expect(compare.progress(BN)).toHaveAttribute('value', String(EPOCHS));
  await expect.poll(points).toBe(EPOCHS);
  await expect(compare.chart(/^Layer \d of Adam \+ BN: z and z̃/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Final metrics' })).toContainText(BN);
  await lab.shot('4-compare-done');
  // A reload comes back to the same view and experiment.
  await page.reload();
  await expect(lab.tab('Compare')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('table', { name: 'Final metrics' })).toContainText(PLAIN);
  // The accuracy chart is there from the runs' settings: every chart still fits the window.
  await expect(compare.chart('Accuracy per epoch')).toBeVisible();
  await expect.poll(() => page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);

  // Replay: both finished runs side by side on one slider; the boundary changes with the epoch.
  await lab.show('Replay');
  await expect(page.getByRole('checkbox', { name: new RegExp(`^${BN.replace('+', '\\+')} \\(#\\d+, ${EXPERIMENT},`) })).toBeChecked();
  await replay.showEpoch(1, [BN, PLAIN]);
  const atOne = (await chartData(replay.boundary(BN))).image;
  expect(atOne).toMatch(/^data:image\/png;base64,/);
  await lab.shot('5-replay-epoch-1');
  await replay.showEpoch(EPOCHS, [BN, PLAIN]);
  const atLast = (await chartData(replay.boundary(BN))).image;
  expect(atLast).not.toBe(atOne);

  // Train-mode BN uses the last batch's statistics: the BN run's boundary moves, the plain run's cannot.
  const plainEval = (await chartData(replay.boundary(PLAIN))).image;
  await page.getByRole('radio', { name: /Train mode/ }).check();
  await replay.showEpoch(EPOCHS, [BN, PLAIN], 'train');
  expect((await chartData(replay.boundary(BN))).image).not.toBe(atLast);
  expect((await chartData(replay.boundary(PLAIN))).image).toBe(plainEval);
  // Replay opens on the deepest hidden layer (option value 1 is layer 2), where drift is most visible.
  await expect(page.getByRole('combobox', { name: 'Layer' })).toHaveValue('1');
  await expect(page.getByRole('img', { name: 'Layer 2: BN scale γ and shift β per unit' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Layer 2: batch (train mode) vs running (eval mode) statistics' })).toBeVisible();
  await lab.shot('6-replay-last-epoch-train-mode');

  // Play runs the slider on by itself.
  await replay.slider().fill('0');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => Number(await replay.slider().inputValue())).toBeGreaterThan(5);
  await page.getByRole('button', { name: 'Pause' }).click();

  expect(lab.problems).toEqual([]);
});
