// The text of a PyTorch script that retrains one BN Lab run outside the lab: the network as
// nn.Linear/nn.BatchNorm1d, BN Lab's optimizer written out, its batch-order generator, and the
// run's data and starting state embedded at the end. Pure string building; pytorch-export.ts
// gathers what goes in. docs/reproducing.md describes every algorithm the script repeats.
import type { Activation, HiddenLayerSpec, OptimizerSpec } from '../../../engine/index.ts';
import type { RunSpec } from '../../contract/records.ts';

/** A tensor of the starting state, under the name the script uses for it. */
export interface ScriptTensor {
  /** `layer0.W`, `layer1.bn_gamma`, `layer0.bn_running_var`, `moment1.layer0.W` … */
  name: string;
  shape: number[];
  values: ArrayLike<number>;
}

/** Rows as the trainer holds them: X (n, d) standardized; y class indices or (n, k) targets. */
export interface ScriptSplit {
  X: ArrayLike<number>;
  y: ArrayLike<number>;
  n: number;
  /** Whether y holds class indices (softmax_ce) rather than (n, k) float targets. */
  classIndices: boolean;
}

export interface ScriptInput {
  title: string;
  generatedBy: string;
  spec: RunSpec;
  /** The epoch the embedded state belongs to: 0, or a branch's starting point. */
  startEpoch: number;
  /** Parameters and BN running statistics, in the order the script loads them. */
  tensors: ScriptTensor[];
  /** Optimizer moments per parameter name (empty for gd), and the updates already taken. */
  moments: { first: ScriptTensor[]; second: ScriptTensor[]; step: number };
  /** The four uint32 words of the batch-order generator at startEpoch. */
  shuffleState: readonly number[];
  train: ScriptSplit;
  validation: ScriptSplit | null;
  /** BN Lab's stored losses of the epochs after startEpoch. */
  stored: { epoch: number; trainLoss: number; validationLoss: number | null }[];
}

const MODULES: Record<Activation, string | null> = {
  relu: 'nn.ReLU()',
  leaky_relu: 'nn.LeakyReLU(0.01)',
  tanh: 'nn.Tanh()',
  sigmoid: 'nn.Sigmoid()',
  linear: null,
};

const LOSSES = {
  softmax_ce: 'F.cross_entropy(logits, y)',
  sigmoid_bce: 'F.binary_cross_entropy_with_logits(logits, y)',
  mse: 'F.mse_loss(logits, y)',
} as const;

export function pytorchScript(input: ScriptInput): string {
  const { spec } = input;
  const { network } = spec;
  const hasBatchNorm = network.layers.some((l) => l.batchNorm);
  const { modules, loads, names } = networkCode(input);
  return `#!/usr/bin/env python3
"""${input.title.replaceAll('\\', '\\\\').replaceAll('"""', '\\"\\"\\"')}

Retrains this BN Lab run with PyTorch (torch is the only import) and prints each epoch's losses
next to the ones BN Lab stored, with their relative difference: python3 THIS_FILE.py

It starts from the exact state BN Lab trained from (epoch ${input.startEpoch}): the initial parameters,
BN running statistics and optimizer moments, the standardized training and validation rows, and
the state of BN Lab's batch-order generator, which it then runs itself (xoshiro128**, below).
The data and state are at the end of this file. BN Lab's conventions, written out here:
  - under batch norm a hidden layer has no bias b (the mean subtraction cancels it);
  - the running variance uses the unbiased batch variance, as nn.BatchNorm1d does;
  - under batch norm a final one-row mini-batch is merged into the one before it;
  - momentum is the course form v = beta*v + (1-beta)*g, theta -= lr*v (PyTorch: SGD(lr*(1-beta), momentum=beta));
  - weight decay is L2 added to the gradient of W only.
${spec.dtype === 'float32' ? `This run is float32. BN Lab stores float32 values but does its arithmetic in float64, while
PyTorch computes in float32, so expect relative differences near 1e-6 rather than 1e-15.
` : ''}${input.generatedBy}
"""
import sys

import torch
from torch import nn
import torch.nn.functional as F

DTYPE = torch.${spec.dtype}
BATCH_SIZE = ${spec.training.batchSize}
HAS_BATCH_NORM = ${hasBatchNorm ? 'True' : 'False'}
START_EPOCH = ${input.startEpoch}


class BatchOrder:
    """BN Lab's batch-order generator: xoshiro128** over four uint32 words, Fisher-Yates shuffles."""

    MASK = 0xFFFFFFFF

    def __init__(self, state):
        self.s = list(state)

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (32 - k))) & BatchOrder.MASK

    def next_uint32(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & self.MASK, 7) * 9) & self.MASK
        t = (s[1] << 9) & self.MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 11)
        return result

    def below(self, n):
        """An integer in [0, n): floor of a 32-bit uniform in [0, 1) times n, in float64."""
        return int(self.next_uint32() / 4294967296 * n)

    def epoch(self, n):
        """The order of the n training rows for one epoch: identity, then Fisher-Yates from the end."""
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.below(i + 1)
            order[i], order[j] = order[j], order[i]
        return order


def batches(order):
    """Mini-batches of BATCH_SIZE rows in order; under BN a final one-row batch joins the one before."""
    n = len(order)
    start = 0
    while start < n:
        end = min(start + BATCH_SIZE, n)
        if HAS_BATCH_NORM and n - end == 1:
            end = n
        yield order[start:end]
        start = end


def build_network():
    return nn.Sequential(
${modules}
    ).to(DTYPE)


def named_parameters(model):
    """The model's trainable tensors under BN Lab's names (nn.Linear weight = W, BatchNorm1d weight/bias = gamma/beta)."""
    names = {
${names}
    }
    return [(names[name], p) for name, p in model.named_parameters()]


def tensor(name):
    shape, values = STATE[name]
    return torch.tensor(values, dtype=DTYPE).reshape(shape)


def load_start(model):
    """Parameters and BN running statistics as BN Lab held them at START_EPOCH."""
    with torch.no_grad():
${loads}


${optimizerCode(spec.optimizer)}


def loss_of(logits, y):
    return ${LOSSES[network.output.loss]}


def main():
    X_train, y_train = split(TRAIN)
    validation = split(VALIDATION) if VALIDATION else None
    model = build_network()
    load_start(model)
    optimizer = Optimizer(model)
    order = BatchOrder(SHUFFLE_STATE)
    n = X_train.shape[0]
    print("epoch   train loss (PyTorch)    train loss (BN Lab)   rel. diff  validation loss (PyTorch)  validation loss (BN Lab)  rel. diff")
    worst = 0.0
    for epoch, stored_train, stored_validation in STORED_LOSSES:
        model.train()
        loss_sum = 0.0
        for rows in batches(order.epoch(n)):
            index = torch.tensor(rows)
            loss = loss_of(model(X_train[index]), y_train[index])
            model.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.update()
            loss_sum += loss.item() * len(rows)
        train_loss = loss_sum / n
        validation_loss = None
        if validation is not None:
            model.eval()
            with torch.no_grad():
                validation_loss = loss_of(model(validation[0]), validation[1]).item()
        diffs = [relative_difference(train_loss, stored_train)]
        line = f"{epoch:5d}  {train_loss:21.15g}  {stored_train:21.15g}  {diffs[0]:10.2e}"
        if validation_loss is not None and stored_validation is not None:
            diffs.append(relative_difference(validation_loss, stored_validation))
            line += f"  {validation_loss:25.15g}  {stored_validation:24.15g}  {diffs[1]:10.2e}"
        print(line)
        worst = max(worst, *diffs)
    print(f"max relative difference {worst:.3e} over {len(STORED_LOSSES)} epochs")
    return 0


def relative_difference(mine, stored):
    return abs(mine - stored) / max(abs(stored), 1e-300)


def split(rows):
    X = torch.tensor(rows["X"], dtype=DTYPE).reshape(rows["n"], -1)
    y = torch.tensor(rows["y"], dtype=torch.long) if rows["class_indices"] else torch.tensor(rows["y"], dtype=DTYPE).reshape(rows["n"], -1)
    return X, y


# ---------------------------------------------------------------------------------------------
# The run's data and starting state, exactly as BN Lab held them.

STORED_LOSSES = [  # (epoch, training loss, validation loss) as BN Lab stored them
${input.stored.map((e) => `    (${e.epoch}, ${py(e.trainLoss)}, ${e.validationLoss === null ? 'None' : py(e.validationLoss)}),`).join('\n')}
]

SHUFFLE_STATE = [${input.shuffleState.join(', ')}]

STATE = {
${[...input.tensors, ...input.moments.first, ...input.moments.second].map(tensorEntry).join('\n')}
}

${input.spec.optimizer.kind === 'adam' ? `OPTIMIZER_STEP = ${input.moments.step}
` : ''}
TRAIN = ${splitLiteral(input.train)}

VALIDATION = ${input.validation ? splitLiteral(input.validation) : 'None'}

if __name__ == "__main__":
    sys.exit(main())
`;
}

/** The nn.Sequential lines and the copy_ lines that load the starting state into them. */
function networkCode(input: ScriptInput): { modules: string; loads: string; names: string } {
  const { network, bn } = input.spec;
  const modules: string[] = [];
  const loads: string[] = [];
  const names: string[] = [];
  let inputs = network.inputSize;
  const load = (index: number, attribute: string, name: string) => {
    loads.push(`        model[${index}].${attribute}.copy_(tensor("${name}"))`);
    if (!attribute.startsWith('running')) names.push(`        "${index}.${attribute}": "${name}",`);
  };
  network.layers.forEach((layer: HiddenLayerSpec, l) => {
    const bias = layer.bias ?? !layer.batchNorm;
    const linear = modules.length;
    modules.push(`        nn.Linear(${inputs}, ${layer.units}, bias=${bias ? 'True' : 'False'}),  # hidden layer ${l}: W (${layer.units}, ${inputs})${layer.batchNorm && !bias ? ', no b under BN' : ''}`);
    load(linear, 'weight', `layer${l}.W`);
    if (bias) load(linear, 'bias', `layer${l}.b`);
    if (layer.batchNorm) {
      const norm = modules.length;
      modules.push(`        nn.BatchNorm1d(${layer.units}, eps=${py(bn.eps)}, momentum=${py(bn.momentum)}),  # BN scale gamma and shift beta`);
      load(norm, 'weight', `layer${l}.bn_gamma`);
      load(norm, 'bias', `layer${l}.bn_beta`);
      load(norm, 'running_mean', `layer${l}.bn_running_mean`);
      load(norm, 'running_var', `layer${l}.bn_running_var`);
    }
    const activation = MODULES[layer.activation];
    if (activation) modules.push(`        ${activation},`);
    inputs = layer.units;
  });
  const output = modules.length;
  modules.push(`        nn.Linear(${inputs}, ${network.output.units}),  # output layer: logits for ${network.output.loss}`);
  load(output, 'weight', `layer${network.layers.length}.W`);
  load(output, 'bias', `layer${network.layers.length}.b`);
  return { modules: modules.join('\n'), loads: loads.join('\n'), names: names.join('\n') };
}

/** BN Lab's update rule for the run's optimizer, written out over the model's parameters. */
function optimizerCode(spec: OptimizerSpec): string {
  const header = `class Optimizer:
    """BN Lab's ${spec.kind} update, written out. Weight decay (L2) is added to the gradient of W only."""

    WEIGHT_DECAY = ${py(spec.weightDecay)}
    LR = ${py(spec.lr)}`;
  const init = (settings: string, state: string) => `${header}
${settings}
    def __init__(self, model):
        # (parameter, BN Lab's name for it); nn.Linear weights are BN Lab's W.
        self.params = [(p, name) for name, p in named_parameters(model)]
${state}
    def gradient(self, p, name):
        decay = self.WEIGHT_DECAY if name.endswith(".W") else 0.0
        return p.grad + decay * p
`;
  switch (spec.kind) {
    case 'gd':
      return `${init('', '')}
    def update(self):
        with torch.no_grad():
            for p, name in self.params:
                p -= self.LR * self.gradient(p, name)`;
    case 'momentum':
      return `${init(`    MOMENTUM_BETA = ${py(spec.beta)}  # the optimizer's beta, not BN's shift
`, `        self.v = {name: tensor("moment1." + name) for _, name in self.params}
`)}
    def update(self):
        """Course-form momentum: v = beta*v + (1-beta)*g; theta -= lr*v (= SGD(lr*(1-beta), momentum=beta))."""
        with torch.no_grad():
            for p, name in self.params:
                v = self.v[name]
                v.copy_(self.MOMENTUM_BETA * v + (1 - self.MOMENTUM_BETA) * self.gradient(p, name))
                p -= self.LR * v`;
    case 'rmsprop':
      return `${init(`    RMSPROP_BETA2 = ${py(spec.beta2)}  # PyTorch's RMSprop calls it alpha (default 0.99)
    RMSPROP_EPS = ${py(spec.eps)}
`, `        self.s = {name: tensor("moment2." + name) for _, name in self.params}
`)}
    def update(self):
        """s = beta2*s + (1-beta2)*g^2; theta -= lr*g / (sqrt(s) + eps)."""
        with torch.no_grad():
            for p, name in self.params:
                g = self.gradient(p, name)
                s = self.s[name]
                s.copy_(self.RMSPROP_BETA2 * s + (1 - self.RMSPROP_BETA2) * g * g)
                p -= (self.LR * g) / (torch.sqrt(s) + self.RMSPROP_EPS)`;
    case 'adam':
      return `${init(`    ADAM_BETA1 = ${py(spec.beta1)}  # Adam's betas, not BN's shift beta
    ADAM_BETA2 = ${py(spec.beta2)}
    ADAM_EPS = ${py(spec.eps)}
`, `        self.step = OPTIMIZER_STEP  # updates already taken, for the bias correction
        self.m = {name: tensor("moment1." + name) for _, name in self.params}
        self.v = {name: tensor("moment2." + name) for _, name in self.params}
`)}
    def update(self):
        """m, v as usual; theta -= lr*(m/(1-beta1^t)) / (sqrt(v/(1-beta2^t)) + eps)."""
        self.step += 1
        t = self.step
        correction1 = 1 - self.ADAM_BETA1 ** t
        correction2 = 1 - self.ADAM_BETA2 ** t
        with torch.no_grad():
            for p, name in self.params:
                g = self.gradient(p, name)
                m, v = self.m[name], self.v[name]
                m.copy_(self.ADAM_BETA1 * m + (1 - self.ADAM_BETA1) * g)
                v.copy_(self.ADAM_BETA2 * v + (1 - self.ADAM_BETA2) * g * g)
                p -= (self.LR * (m / correction1)) / (torch.sqrt(v / correction2) + self.ADAM_EPS)`;
  }
}

function tensorEntry(t: ScriptTensor): string {
  return `    "${t.name}": (${JSON.stringify(t.shape)}, [${numbers(t.values)}]),`;
}

function splitLiteral(split: ScriptSplit): string {
  const d = split.X.length / split.n;
  const rows = Array.from({ length: split.n }, (_, i) => `        ${numbers(Array.prototype.slice.call(split.X, i * d, (i + 1) * d) as number[])},`);
  return `{
    "n": ${split.n},
    "class_indices": ${split.classIndices ? 'True' : 'False'},
    "y": [${numbers(split.y)}],
    "X": [
${rows.join('\n')}
    ],
}`;
}

function numbers(values: ArrayLike<number>): string {
  return Array.from(values, py).join(', ');
}

/** A float as Python reads it back exactly: JavaScript's shortest round-trip form, -0 kept. */
function py(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'float("nan")' : `float("${x > 0 ? 'inf' : '-inf'}")`;
  return String(x);
}
