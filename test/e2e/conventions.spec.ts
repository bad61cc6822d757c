// The Conventions page: a tab of its own, and the link beside Momentum β, RMSprop β₂, Precision and
// the percentile bands opens it at the row that says how that number is used.
import { expect, test } from './fixtures.ts';
import { DesignerPage } from './pages.ts';

test('hints next to the optimizer betas and Precision open the Conventions page at their row', async ({ page, lab }) => {
  const design = new DesignerPage(page);
  await lab.open();
  await design.readyToTrain();

  // Momentum β → the course-form row with its PyTorch equivalent.
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption({ label: 'Momentum' });
  await page.getByRole('link', { name: 'Conventions: Momentum β' }).click();
  await expect(lab.tab('Conventions')).toHaveAttribute('aria-selected', 'true');
  const momentum = page.getByRole('region', { name: 'Momentum (the course form)' });
  await expect(momentum).toBeFocused();
  await expect(momentum).toContainText('SGD(lr·(1 − β), momentum=β), not SGD(lr, momentum=β)');
  await expect(momentum).toContainText('steps 10× larger');
  await lab.shot('20-conventions-momentum');

  // The same link works again from Design, for RMSprop β₂ and Precision too.
  await lab.show('Design');
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption({ label: 'RMSprop' });
  await page.getByRole('link', { name: 'Conventions: RMSprop β₂' }).click();
  await expect(page.getByRole('region', { name: 'RMSprop' })).toBeFocused();
  await expect(page.getByRole('region', { name: 'RMSprop' })).toContainText('its default is 0.99, not 0.999');
  await lab.show('Design');
  await page.getByRole('link', { name: 'Conventions: Precision' }).click();
  await expect(page.getByRole('region', { name: 'Precision: float32 and float64' })).toBeFocused();
  expect(lab.problems).toEqual([]);
});
