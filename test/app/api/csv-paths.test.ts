// The page names CSV data only through the copies the lab made of files the person imported: a
// page, or anyone holding browser mode's token, cannot make the lab read another file on the disk.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { callHandler, createLabHandlers } from '../../../app/api/lab-handlers.ts';
import { LabService } from '../../../app/service/lab-service.ts';
import { moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const labs: LabService[] = [];
afterEach(async () => {
  for (const lab of labs.splice(0)) await lab.close();
});

test('should read an imported CSV, and refuse any other path the page names, naming the field', async () => {
  const dir = tempDir();
  const lab = new LabService({ dbFile: path.join(dir, 'lab.db'), poolSize: 1 });
  labs.push(lab);
  const api = createLabHandlers(lab);
  const elsewhere = path.join(dir, 'secret.csv');
  const rows = Array.from({ length: 40 }, (_, i) => `${i},${i % 3},${i % 2 ? 'a' : 'b'}`);
  writeFileSync(elsewhere, ['x1,x2,label', ...rows].join('\n'));

  const imported = await api.importCsv('points.csv', ['x1,x2,label', ...rows].join('\n'));
  const previewed = await callHandler(api, 'previewDataset', [{ kind: 'csv', path: imported.path, target: 'label' }]);
  const refusals = await Promise.all([
    callHandler(api, 'previewDataset', [{ kind: 'csv', path: elsewhere, target: 'label' }]),
    callHandler(api, 'previewDataset', [{ kind: 'csv', path: path.join(path.dirname(imported.path), '..', 'secret.csv'), target: 'label' }]),
    callHandler(api, 'validateRuns', [[{ ...moonsRun('r'), dataset: { kind: 'csv', path: elsewhere, target: 'label' } }]]),
    callHandler(api, 'createExperiment', [{ name: 'e', runs: [moonsRun('ok'), { ...moonsRun('r'), dataset: { kind: 'csv', path: '/etc/passwd', target: 'label' } }] }]),
  ]);

  expect(previewed).toMatchObject({ ok: true, value: { samples: 40 } });
  expect(refusals.map((r) => (r.ok ? 'accepted' : `${r.error.code} ${r.error.field}`))).toEqual([
    'invalid_dataset dataset.path',
    'invalid_dataset dataset.path',
    'invalid_dataset runs[0].dataset.path',
    'invalid_dataset runs[1].dataset.path',
  ]);
  expect(refusals[0]).toMatchObject({ error: {
    message: `dataset.path must be a CSV file imported through the page (Import CSV), got ${JSON.stringify(elsewhere)}`,
    problems: [{ field: 'dataset.path', expected: 'must be a CSV file imported through the page (Import CSV)', got: JSON.stringify(elsewhere) }],
  } });
  expect(lab.listExperiments()).toEqual([]);
});
