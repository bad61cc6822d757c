// `bnlab export RUN --format pytorch`: gathers what the script of script.ts embeds from the store
// (the run's starting checkpoint, its data as the trainer held it, its stored losses).
import { Network, Optimizer, prepareSplit, readStateHeader, restoreModelState, type PreparedSplit } from '../../../engine/index.ts';
import type { RunSpec } from '../../contract/records.ts';
import { LabError } from '../lab-error.ts';
import type { LabRecords } from '../lab-records.ts';
import { EXPORT_NAMES, namedTensors } from '../model-state.ts';
import { pytorchScript, type ScriptSplit, type ScriptTensor } from './script.ts';

export async function pytorchReproduction(lab: LabRecords, runId: number, appVersion: string): Promise<string> {
  const run = lab.getRun(runId);
  const spec = run.spec;
  // A branch starts from its parent's checkpoint at the branch point; any other run from epoch 0.
  const startEpoch = run.branchEpoch ?? 0;
  const state = lab.listCheckpoints(runId).some((c) => c.epoch === startEpoch) ? await lab.stateAt(runId, startEpoch) : null;
  const shuffleState = state && readStateHeader(state).extra.shuffleRng;
  if (!state || !Array.isArray(shuffleState)) {
    throw new LabError('invalid_state', `run ${runId} cannot be reproduced: it has no training checkpoint at epoch ${startEpoch} (a run imported from a JSON export holds its final parameters only)`);
  }
  const stored = lab.epochs(runId).filter((e) => e.epoch > startEpoch);
  if (stored.length === 0) throw new LabError('invalid_state', `run ${runId} has no trained epochs after epoch ${startEpoch} to reproduce; train it first`);

  const net = new Network(spec);
  const optimizer = new Optimizer(spec.optimizer, net.params);
  // A branch that switched optimizer starts its new optimizer afresh, as the lab did.
  restoreModelState(net, optimizer, state, { newOptimizer: readStateHeader(state).optimizer !== spec.optimizer.kind });
  const data = lab.loadRunDataset(runId);
  return pytorchScript({
    title: `BN Lab run ${run.id} "${run.name}" of experiment "${run.experimentName}", reproduced with PyTorch`,
    generatedBy: `Written by BN Lab ${appVersion} on ${new Date().toISOString().slice(0, 10)}.`,
    spec,
    startEpoch,
    tensors: namedTensors(net).map((t) => ({ name: `layer${t.layer}.${t.name}`, shape: t.shape, values: t.values })),
    moments: { first: moments(net, optimizer.m, 'moment1'), second: moments(net, optimizer.v, 'moment2'), step: optimizer.step },
    shuffleState: shuffleState as number[],
    train: scriptSplit(spec, prepareSplit(spec, data.train, 'train')),
    validation: data.validation && scriptSplit(spec, prepareSplit(spec, data.validation, 'validation')),
    stored: stored.map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, validationLoss: e.validationLoss })),
  });
}

/** One moment buffer cut like the parameters, or nothing for an optimizer without it. */
function moments(net: Network, buffer: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, prefix: string): ScriptTensor[] {
  if (buffer.length === 0) return [];
  return net.params.segments.map((seg) => ({
    name: `${prefix}.layer${seg.layer}.${EXPORT_NAMES[seg.name]}`,
    shape: [...seg.shape],
    values: buffer.subarray(seg.offset, seg.offset + seg.length),
  }));
}

function scriptSplit(spec: RunSpec, split: PreparedSplit): ScriptSplit {
  return { X: split.X, y: split.y, n: split.n, classIndices: spec.network.output.loss === 'softmax_ce' };
}
