// DesignerState on a real lab (service, SQLite file, handlers), as the designer view drives it.
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { callHandler, createLabHandlers } from '../../../../app/api/lab-handlers.ts';
import { LabService } from '../../../../app/service/lab-service.ts';
import { tempDir } from '../../../../test/helpers/temp-dir.ts';
import { expandedRun } from '../draft/exceptions.ts';
import { expandedNames } from '../draft/factors.ts';
import type { KeptStorage } from '../kept.ts';
import { labApiOver } from '../lab-client.ts';
import { DesignerState } from './designer.svelte.ts';

let service: LabService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

function designer(storage?: KeptStorage): DesignerState {
  service ??= new LabService({ dbFile: path.join(tempDir(), 'lab.db'), poolSize: 1 });
  // Through callHandler and the client's error, as the page meets the lab's refusals.
  const handlers = createLabHandlers(service);
  return new DesignerState(labApiOver((method, args) => callHandler(handlers, method, args)), storage);
}

/** Local storage as the browser keeps it: strings under keys. */
function memoryStorage(): KeptStorage & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return { entries, getItem: (key) => entries.get(key) ?? null, setItem: (key, value) => void entries.set(key, value) };
}

describe('DesignerState', () => {
  test('should open on the example, which the lab accepts as it is', async () => {
    const state = designer();
    expect(state.runs.map((r) => r.name)).toEqual(['Adam + BN', 'Adam, no BN']);
    await state.validate();
    expect(state.problem).toBeNull();
    expect(state.canTrain).toBe(true);
    expect(state.status).toBe('ready to train');
    expect(state.resolved!.map((r) => r.spec.optimizer)).toEqual([
      { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
      { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    ]);
    expect(state.shape).toEqual({ inputSize: 2, outputUnits: 2 });
  });

  test('should show a problem next to its field in the run it belongs to only', async () => {
    const state = designer();
    state.runs[1]!.optimizer.lr = -1;
    await state.validate();
    expect(state.problem?.field).toBe('runs[1].optimizer.lr');
    expect(state.problemRun).toBe(1);
    expect(state.canTrain).toBe(false);
    expect(state.fieldError('optimizer.lr')).toBeUndefined();
    state.select(1);
    expect(state.fieldError('optimizer.lr')).toBe('Learning rate must be a finite number > 0, got -1');
    expect(state.fieldError('optimizer.beta1')).toBeUndefined();
    expect(state.problemText).toBe('Adam, no BN: Learning rate must be a finite number > 0, got -1');

    // Said with the names the form shows, an emptied field as empty.
    state.runs[1]!.optimizer.lr = 0.01;
    state.runs[1]!.layers[1]!.units = 2.5;
    await state.validate();
    expect(state.problemText).toMatch(/^Adam, no BN: Units of layer 2 must be an integer/);
    state.runs[1]!.layers[1]!.units = 16;
    state.runs[1]!.training.epochs = null as unknown as number;
    await state.validate();
    expect(state.fieldError('training.epochs')).toBe('Epochs must be an integer from 1 to 100000, and it is empty');
    state.runs[1]!.training.epochs = 30;

    // A batch of one row under BN, or more rows than the data has, is said at Batch size before anything trains.
    state.runs[0]!.training.batchSize = 1;
    await state.validate();
    expect(state.problemText).toBe('Adam + BN: Batch size must be at least 2 when a layer has batch norm (a batch of one row has no variance), got 1');
    state.runs[0]!.training.batchSize = 5000;
    await state.validate();
    state.select(0);
    expect(state.fieldError('training.batchSize')).toBe("Batch size must be at most the dataset's 1000 samples, got 5000");
    state.runs[0]!.training.batchSize = 32;
    state.runs[0]!.name = ' ';
    await state.validate();
    expect(state.problemText).toBe('Run 1: Run name is missing');
  });

  test('should keep only the answer to the latest edit', async () => {
    const state = designer();
    state.runs[0]!.layers[0]!.units = 0;
    const stale = state.validate();
    state.runs[0]!.layers[0]!.units = 8;
    await Promise.all([stale, state.validate()]);
    expect(state.problem).toBeNull();
    expect(state.checking).toBe(false);
  });

  test('should duplicate the selected run as a matched twin and select it', () => {
    const state = designer();
    state.duplicate('momentum');
    expect(state.selected).toBe(2);
    expect(state.current.name).toBe('Momentum + BN');
    expect(state.current.training.seed).toBe(state.runs[0]!.training.seed);
    state.duplicate('momentum');
    expect(state.current.name).toBe('Momentum + BN (2)');
    state.removeRun(3);
    state.removeRun(2);
    state.removeRun(1);
    state.removeRun(0);
    expect(state.runs).toHaveLength(1);
  });

  test('should say which runs stopped being twins of the first, and match them again', () => {
    const state = designer();
    expect(state.unmatched).toEqual([]);
    state.runs[0]!.dataset.samples = 200;
    state.runs[0]!.training.epochs = 5;
    expect(state.unmatched).toEqual([{ name: 'Adam, no BN', differs: ['data', 'epochs'] }]);
    state.matchToFirst();
    expect(state.unmatched).toEqual([]);
    expect(state.runs[1]!.dataset.samples).toBe(200);
    expect(state.runs[1]!.layers.every((l) => !l.batchNorm)).toBe(true);
  });

  test('should open again on the draft it kept, mistakes included, and on the example when none is kept', async () => {
    const storage = memoryStorage();
    const before = designer(storage);
    before.experimentName = 'my deep nets';
    before.duplicate('rmsprop');
    before.runs[2]!.layers.push({ units: 5, activation: 'tanh', batchNorm: true });
    before.runs[2]!.optimizer.lr = -1;
    before.save();

    const after = designer(storage);
    expect(after.experimentName).toBe('my deep nets');
    expect(after.runs.map((r) => r.name)).toEqual(['Adam + BN', 'Adam, no BN', 'RMSprop + BN']);
    expect(after.current.layers.at(-1)).toEqual({ units: 5, activation: 'tanh', batchNorm: true });
    expect(new Set(after.runs.map((r) => r.key)).size).toBe(3);
    await after.validate();
    expect(after.fieldError('optimizer.lr')).toBe('Learning rate must be a finite number > 0, got -1');

    // What varies around the first run, and a run of that expansion edited by hand, come back too.
    after.factors = { batchNorm: true, optimizers: ['gd', 'adam'], learningRates: '0.1, 0.01', seeds: 2 };
    const expansion = expandedNames(after.design()!);
    const edited = 'names' in expansion ? expansion.names[0] : undefined;
    const longer = expandedRun(after.design()!, edited!)!;
    longer.training.epochs += 7;
    after.keepException(edited!, longer);
    expect(Object.keys(after.exceptions)).toEqual([edited]);
    after.save();
    const again = designer(storage);
    expect(again.factors).toEqual({ batchNorm: true, optimizers: ['gd', 'adam'], learningRates: '0.1, 0.01', seeds: 2 });
    expect(again.exceptions).toEqual(JSON.parse(JSON.stringify(after.exceptions)));
    expect(expandedRun(again.design()!, edited!)!.training.epochs).toBe(longer.training.epochs);

    storage.entries.set('bnlab-draft', '{"version":1,"runs":[{"name":"half a run"}]}');
    expect(designer(storage).runs.map((r) => r.name)).toEqual(['Adam + BN', 'Adam, no BN']);
    const refusing: KeptStorage = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    const privateTab = designer(refusing);
    expect(privateTab.experimentName).toBe('moons: BN vs no BN');
    expect(() => privateTab.save()).not.toThrow();
  });

  test('should store the experiment and start every run', async () => {
    const state = designer();
    state.experimentName = '  trained  ';
    state.runs.forEach((r) => (r.training.epochs = 2));
    const id = await state.train();
    expect(id).not.toBeNull();
    const runs = service!.listRuns(id!);
    expect(runs.map((r) => [r.experimentName, r.name])).toEqual([['trained', 'Adam + BN'], ['trained', 'Adam, no BN']]);
    await Promise.all(runs.map((r) => service!.waitFor(r.id)));
    expect(service!.listRuns(id!).map((r) => r.status)).toEqual(['done', 'done']);
  });
});
