"""The PyTorch side of `npm run bench`: the same networks, data sizes, batch sizes and optimizer
(Adam) as test/bench/bench.ts, trained by a plain loop on one thread (bench.ts starts it with
OPENBLAS_NUM_THREADS=1; CPU time is the whole process's, so a library thread that still starts is
counted). Reads one JSON request per line from stdin ({"config", "layers": [...], "samples", "batchSize", "epochs", "batchNorm"})
and answers each with the CPU and wall seconds per epoch over "epochs" epochs of that network; the
first request for a network builds it and trains one warm-up round.
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
models = {}


def build(layers, batch_norm, samples):
    modules = []
    for fan_in, units in zip(layers[:-2], layers[1:-1]):
        modules.append(torch.nn.Linear(fan_in, units, bias=not batch_norm))
        if batch_norm:
            modules.append(torch.nn.BatchNorm1d(units, eps=1e-5, momentum=0.1))
        modules.append(torch.nn.ReLU())
    modules.append(torch.nn.Linear(layers[-2], layers[-1]))
    model = torch.nn.Sequential(*modules)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-8)
    X = torch.randn(samples, layers[0])
    y = torch.randint(0, layers[-1], (samples,))
    return model, optimizer, X, y


def epoch(model, optimizer, X, y, batch_size):
    model.train()
    order = torch.randperm(X.shape[0])
    loss_fn = torch.nn.functional.cross_entropy
    for start in range(0, X.shape[0], batch_size):
        index = order[start:start + batch_size]
        if index.numel() < 2:
            continue
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(X[index]), y[index])
        loss.backward()
        optimizer.step()


for line in sys.stdin:
    request = json.loads(line)
    key = (request["config"], request["batchNorm"])
    epochs = request["epochs"]
    if key not in models:
        models[key] = build(request["layers"], request["batchNorm"], request["samples"])
        for _ in range(epochs):
            epoch(*models[key], request["batchSize"])
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(epochs):
        epoch(*models[key], request["batchSize"])
    cpu, wall = (time.process_time() - cpu) / epochs, (time.perf_counter() - wall) / epochs
    print(json.dumps({"cpuSeconds": cpu, "wallSeconds": wall, "torch": torch.__version__}), flush=True)
