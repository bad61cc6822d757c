// One run of a 2×2 design edited by hand, as an exception: reached and kept with the keyboard,
// checked as it is edited, trained with the others, stored with the experiment and shown again when it is opened in Design.
// Roles and labels only.
import { expect, test } from './fixtures.ts';
import { DesignerPage } from './pages.ts';

const GRID = ['lr 0.01, BN', 'lr 0.01, no BN', 'lr 0.1, BN', 'lr 0.1, no BN'];
const EDITED = 'lr 0.1, no BN';

test('a run of a 2×2 design edited as an exception by keyboard trains with its edit, and the edit is kept with the experiment', async ({ page, lab, server }) => {
  const design = new DesignerPage(page);
  await lab.open();
  await design.readyToTrain();
  await design.field('Experiment name').fill('grid with an exception');
  await design.field('Epochs').fill('3');
  const factors = page.getByRole('region', { name: 'Factors to vary around “Adam + BN”' });
  await factors.getByRole('checkbox', { name: 'Batch norm on and off' }).check();
  await design.field('Learning rates').fill('0.01, 0.1');
  const runs = factors.getByRole('list', { name: 'Runs of the experiment' }).getByRole('listitem');
  await expect(runs).toHaveText(GRID);

  // The keyboard reaches the run, opens its editor and lands in it.
  const edit = factors.getByRole('button', { name: `Edit “${EDITED}” as an exception` });
  await lab.tabTo(edit);
  await page.keyboard.press('Enter');
  await expect(edit).toHaveAttribute('aria-expanded', 'true');
  const editor = factors.getByRole('region', { name: `Edit “${EDITED}” as an exception` });
  await expect(editor.getByRole('heading', { name: `Edit “${EDITED}” as an exception` })).toBeFocused();
  await expect(editor.getByLabel('Learning rate', { exact: true })).toHaveValue('0.1');
  // A mistake shows at its field as it is typed, and cannot be kept.
  await editor.getByLabel('Learning rate', { exact: true }).fill('-1');
  await expect(editor.getByText('Learning rate must be a finite number > 0, got -1')).toBeVisible();
  await editor.getByRole('button', { name: `Keep the edit of “${EDITED}”` }).click();
  await expect(editor).toBeVisible();
  await expect(runs).toHaveText(GRID);
  await editor.getByLabel('Learning rate', { exact: true }).fill('0.05');
  await expect(editor.getByText('Learning rate must be')).toHaveCount(0);
  await editor.getByLabel('Epochs', { exact: true }).fill('2');
  await editor.getByRole('button', { name: `Keep the edit of “${EDITED}”` }).focus();
  await page.keyboard.press('Enter');
  await expect(editor).toHaveCount(0);
  await expect(edit).toBeFocused();
  await expect(runs).toHaveText([...GRID.slice(0, 3), `${EDITED} (edited: optimizer.lr 0.05, training.epochs 2)`]);

  await design.readyToTrain();
  await expect(design.trainButton()).toHaveText('Train 4 runs');
  await design.trainButton().click();
  await expect(lab.tab('Compare')).toHaveAttribute('aria-selected', 'true');

  // Trained as designed: only the edited run has its own learning rate and length.
  type Row = { name: string; status: string; optLr: number; epochsDone: number; epochsTotal: number; experimentName: string };
  const finished = async () => (await server.call<Row[]>('listRuns')).filter((r) => r.experimentName === 'grid with an exception');
  await expect.poll(async () => (await finished()).map((r) => r.status), { timeout: 60_000 }).toEqual(['done', 'done', 'done', 'done']);
  expect((await finished()).map((r) => [r.name, r.optLr, r.epochsDone])).toEqual([['lr 0.01, BN', 0.01, 3], ['lr 0.01, no BN', 0.01, 3], ['lr 0.1, BN', 0.1, 3], [EDITED, 0.05, 2]]);
  const [experiment] = (await server.call<{ name: string; design: { exceptions?: object } }[]>('listExperiments')).filter((e) => e.name === 'grid with an exception');
  expect(experiment!.design.exceptions).toEqual({ [EDITED]: { optimizer: { lr: 0.05 }, training: { epochs: 2 } } });

  // Opened again in Design, the edit is still there.
  await lab.show('Library');
  await page.getByRole('button', { name: 'Open grid with an exception in Design' }).click();
  await expect(lab.tab('Design')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Opened “grid with an exception”' })).toBeVisible();
  const reopened = page.getByRole('region', { name: 'Factors to vary around “grid with an exception base”' });
  await expect(reopened.getByRole('list', { name: 'Runs of the experiment' }).getByRole('listitem')).toHaveText([...GRID.slice(0, 3), `${EDITED} (edited: optimizer.lr 0.05, training.epochs 2)`]);
  expect(lab.problems).toEqual([]);
});
