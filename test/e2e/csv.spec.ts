// Importing a CSV: a bad file shows its first rows and an error that names the row and column; a
// good one dropped onto the page shows its rows and can be trained on.
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { DesignerPage } from './pages.ts';

test('a bad CSV shows its first rows and an error that names the row and column', async ({ page, lab }, testInfo) => {
  const design = new DesignerPage(page);
  const file = testInfo.outputPath('bad.csv');
  writeFileSync(file, 'x1,x2,target\n0.1,0.2,a\n0.3,oops,b\n0.5,0.6,a\n');
  await lab.open();
  await design.field('Dataset').selectOption('csv');
  await design.field('CSV file').setInputFiles(file);
  await expect(page.getByRole('table', { name: 'First rows of the CSV file' })).toContainText('oops');
  await expect(page.getByRole('alert').filter({ hasText: 'Dataset problem' })).toContainText(/row 3.*x2|x2.*row 3/);
  // The top of the designer names the file as the person picked it, not the lab's copy of it.
  await expect(page.getByRole('alert').filter({ hasText: 'row 3' }).first()).toContainText('bad.csv');
  await expect(page.getByRole('alert').filter({ hasText: 'imports' })).toHaveCount(0);
  await expect(design.trainButton()).toBeDisabled();
  await lab.shot('7-design-bad-csv');

  // A file that cannot be read at all replaces the last one: none of its rows stay on screen.
  const empty = testInfo.outputPath('empty.csv');
  writeFileSync(empty, '');
  await design.field('CSV file').setInputFiles(empty);
  await expect(page.getByRole('alert').filter({ hasText: 'Dataset problem' })).toContainText('empty.csv');
  await expect(page.getByRole('table', { name: 'First rows of the CSV file' })).toHaveCount(0);
  await expect(page.getByText('Imported bad.csv.')).toHaveCount(0);
  await expect(design.trainButton()).toBeDisabled();
});

test('a good CSV dropped on the page previews and validates', async ({ page, lab }) => {
  const design = new DesignerPage(page);
  await lab.open();
  await design.field('Dataset').selectOption('csv');
  const rows = Array.from({ length: 60 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2 === 0 ? 'left' : 'right'}`);
  const dataTransfer = await page.evaluateHandle((text) => {
    // The page's own DataTransfer and File (this file is typed for Node, without the DOM library).
    const dom = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } }; File: new (parts: string[], name: string, options: object) => unknown };
    const transfer = new dom.DataTransfer();
    transfer.items.add(new dom.File([text], 'good.csv', { type: 'text/csv' }));
    return transfer;
  }, `a,b,side\n${rows.join('\n')}\n`);
  const zone = page.getByRole('region', { name: 'Drop a CSV file here' });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('table', { name: 'First rows of the CSV file' })).toContainText('right');
  await expect(design.field('Target column')).toHaveValue('side');
  await expect(page.getByText('60 samples, 2 features, classification with 2 classes')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Dataset preview' })).toBeVisible();
  await design.readyToTrain();
  expect(lab.problems).toEqual([]);
});
