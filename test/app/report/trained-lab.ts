// A lab with a small finished comparison on moons (BN vs no BN), for the report and import tests.
import path from 'node:path';
import { afterEach } from 'vitest';
import { LabService } from '../../../app/service/lab-service.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const open: LabService[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((lab) => lab.close()));
});

export function newLab(dbFile = path.join(tempDir(), 'lab.db')): LabService {
  const lab = new LabService({ dbFile, poolSize: 2 });
  open.push(lab);
  return lab;
}

/** A run name a person might type that would break a careless page: markup and a script end tag. */
export const HOSTILE_NAME = 'plain <img src=x onerror="document.title=1"></script> & "quoted"';

export async function trainedComparison(epochs = 6): Promise<{ lab: LabService; runIds: number[]; dir: string }> {
  const dir = tempDir();
  const lab = newLab(path.join(dir, 'lab.db'));
  const { runIds } = lab.createExperiment(experiment('moons <BN> vs plain', [moonsRun('bn', { epochs }), moonsRun(HOSTILE_NAME, { epochs, batchNorm: false })]));
  for (const id of runIds) lab.start(id);
  await Promise.all(runIds.map((id) => lab.waitFor(id)));
  return { lab, runIds, dir };
}
