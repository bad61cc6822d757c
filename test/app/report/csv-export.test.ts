// The CSV export as a spreadsheet reads it: a header always, one row per run per epoch, equal widths.
import { describe, expect, test } from 'vitest';
import { exportRuns, toCsv } from '../../../app/service/export.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { parseCsv } from '../../../app/service/datasets/csv-parse.ts';
import { HOSTILE_NAME, newLab, trainedComparison } from './trained-lab.ts';

describe('toCsv', () => {
  test('should give a run with no epoch a row with its status, under the header', async () => {
    const lab = newLab();
    const { runIds } = lab.createExperiment(experiment('Übung', [moonsRun('not trained yet')]));
    expect(toCsv(await exportRuns(lab, runIds, '1.0.0'))).toBe(
      '\ufeffexperiment,run_id,run,status,epochs_done,epoch,steps,train_loss,train_accuracy,validation_loss,validation_accuracy,wall_ms\r\n' +
        `Übung,${runIds[0]},not trained yet,queued,0,,,,,,,\r\n`,
    );
  });

  test('should give every row as many cells as the header, after a byte-order mark', async () => {
    const { lab, runIds } = await trainedComparison(3);
    const text = toCsv(await exportRuns(lab, runIds, '1.0.0'));
    expect(text.charCodeAt(0)).toBe(0xfeff);
    // Read back with the lab's CSV reader (the one that imports people's files), quotes and all.
    const records = parseCsv(text.slice(1), (row, column, problem) => {
      throw new Error(`row ${row}, column ${column}: ${problem}`);
    });
    expect(records).toHaveLength(1 + 2 * 3);
    expect(new Set(records.map((r) => r.cells.length)).size).toBe(1);
    expect(records.map((r) => r.cells[2])).toContain(HOSTILE_NAME);
  });
});
