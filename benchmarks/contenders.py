"""The speed contenders: what nnlib is up against, measured side by side (sections 1-3 of benchmarks/run.py).

  1. the circle classifier at course scale (2-8-1 ReLU/sigmoid, BCE, SGD, batch 32, 4000 points):
     nnlib.train vs a plain hand-written NumPy loop vs PyTorch (float32, float64) vs scikit-learn;
  2. per-node OldschoolMLP vs vectorized MLP (one loss_and_grads) across widths and numbers of examples;
  3. a 784-256-10 layer, batch 128: nnlib vs PyTorch per training step, and the fraction of a
     float64 matrix-multiply peak measured in the same run.

Each bench_* function prints its section and returns {measure: (text, median)} for the targets table.
PyTorch and scikit-learn are optional: missing, their rows say "not installed".
"""
import math
import time
import warnings

import numpy as np

import nnlib
from measure import alternate, optional, ratio, say, spread, table
from nnlib import datasets

# ---- this part's knobs --------------------------------------------------------------------------
CIRCLE = dict(n_points=5000, test_fraction=0.2, sizes=[2, 8, 1], lr=0.1, batch_size=32, epochs=50, data_seed=0)
CIRCLE_SEEDS = {"full": 5, "quick": 2}            # rounds; each round uses a new init/shuffle seed
PLAIN_ROUNDS = {"full": 40, "quick": 10}           # extra short rounds (PLAIN_EPOCHS each): nnlib vs the plain loop
PLAIN_EPOCHS = 5
PER_NODE_WIDTHS = [2, 8, 32, 128]
PER_NODE_EXAMPLES = {"full": [10, 100, 1000], "quick": [10, 100]}
PER_NODE_ROUNDS = {"full": 9, "quick": 3}
LARGE = dict(sizes=[784, 256, 10], batch_size=128, lr=0.1)
LARGE_STEPS = {"full": 50, "quick": 10}            # training steps per timed run (one epoch)
LARGE_ROUNDS = {"full": 9, "quick": 3}
PEAK_MATMUL_N = 1536                               # float64 (n, n) @ (n, n): 2 n^3 flops

torch = optional("torch")
sklearn_nn = optional("sklearn.neural_network")


# ---- the contenders ------------------------------------------------------------------------------
def plain_numpy_loop(X, Y, params, lr, epochs, batch_size, seed):
    """The loop a user writes by hand for a 2-8-1 ReLU/sigmoid net with BCE and SGD.

    Same initial weights and the same shuffles as nnlib.train, so it trains the same weights up to
    rounding (its sigmoid is written 1 / (1 + exp(-Z))). Like any loop that reports progress, it
    computes the batch loss; like most, it gathers each batch's rows with fancy indexing.
    """
    W1, b1, W2, b2 = (params[k].copy() for k in ("W1", "b1", "W2", "b2"))
    rng, n = np.random.default_rng(seed), len(X)
    for epoch in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, batch_size):
            rows = order[start:start + batch_size]
            Xb, Yb = X[rows], Y[rows]
            Z1 = Xb @ W1 + b1
            A1 = np.maximum(Z1, 0.0)
            Z2 = A1 @ W2 + b2
            A2 = 1.0 / (1.0 + np.exp(-Z2))
            total += np.mean(np.logaddexp(0.0, Z2) - Yb * Z2)
            dZ2 = (A2 - Yb) / len(Xb)
            dW2, db2 = A1.T @ dZ2, dZ2.sum(axis=0)
            dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
            dW1, db1 = Xb.T @ dZ1, dZ1.sum(axis=0)
            W1 -= lr * dW1
            b1 -= lr * db1
            W2 -= lr * dW2
            b2 -= lr * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def torch_model(sizes, params, dtype):
    """nn.Sequential of Linear + ReLU layers (last one linear: BCEWithLogitsLoss has the sigmoid),
    starting from nnlib's initial weights (nnlib's W is (n_in, n_out), torch's weight is its transpose)."""
    layers = []
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        linear = torch.nn.Linear(n_in, n_out).to(dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(params[f"W{l}"].T))
            linear.bias.copy_(torch.tensor(params[f"b{l}"]))
        layers += [linear, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def torch_loop(model, X, Y, lr, epochs, batch_size, seed):
    """The usual manual PyTorch loop: shuffle, slice a batch, zero_grad, loss, backward, step."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    generator = torch.Generator().manual_seed(seed)
    n = len(X)
    for epoch in range(epochs):
        order = torch.randperm(n, generator=generator)
        total = 0.0
        for start in range(0, n, batch_size):
            rows = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(X[rows]), Y[rows])
            loss.backward()
            optimizer.step()
            total += loss.item()
    return model


# ---- 1. the circle classifier ------------------------------------------------------------------------
def bench_circle(mode):
    c = CIRCLE
    epochs = c["epochs"] if mode == "full" else 10
    X, Y = datasets.circle(c["n_points"], seed=c["data_seed"])
    X_train, Y_train, X_test, Y_test = datasets.train_test_split(X, Y, c["test_fraction"], seed=c["data_seed"])
    steps = epochs * math.ceil(len(X_train) / c["batch_size"])
    rounds = CIRCLE_SEEDS[mode]
    say(f"## 1. Circle classifier: {c['sizes'][0]}-{c['sizes'][1]}-{c['sizes'][2]} ReLU/sigmoid, BCE, SGD lr {c['lr']}, "
        f"batch {c['batch_size']}, {len(X_train)} training points, {epochs} epochs = {steps} steps; "
        f"{rounds} seeds, 1 thread")
    say()

    def start_net(seed):
        return nnlib.MLP(c["sizes"], activation="relu", seed=seed)

    def run_nnlib(seed):
        net = start_net(seed)
        nnlib.train(net, X_train, Y_train, loss="bce", lr=c["lr"], epochs=epochs, batch_size=c["batch_size"], seed=seed)
        return nnlib.accuracy(net.forward(X_test), Y_test), net.params

    def run_plain(seed):
        params = plain_numpy_loop(X_train, Y_train, start_net(seed).params, c["lr"], epochs, c["batch_size"], seed)
        net = start_net(seed)
        net.params = params
        return nnlib.accuracy(net.forward(X_test), Y_test), params

    contenders = {"nnlib.train": run_nnlib, "plain NumPy loop": run_plain}
    if torch is not None:
        torch.set_num_threads(1)
        for dtype in (torch.float32, torch.float64):
            def run_torch(seed, dtype=dtype):
                model = torch_model(c["sizes"], start_net(seed).params, dtype)
                Xt, Yt = torch.tensor(X_train, dtype=dtype), torch.tensor(Y_train, dtype=dtype)
                torch_loop(model, Xt, Yt, c["lr"], epochs, c["batch_size"], seed)
                with torch.no_grad():
                    logits = model(torch.tensor(X_test, dtype=dtype)).numpy()
                return float(np.mean((logits > 0) == (Y_test > 0.5))), None
            contenders[f"PyTorch {str(dtype).replace('torch.', '')}"] = run_torch
    if sklearn_nn is not None:
        def run_sklearn(seed):
            clf = sklearn_nn.MLPClassifier(
                hidden_layer_sizes=(c["sizes"][1],), activation="relu", solver="sgd", learning_rate="constant",
                learning_rate_init=c["lr"], batch_size=c["batch_size"], max_iter=epochs, momentum=0.0,
                nesterovs_momentum=False, alpha=0.0, shuffle=True, tol=0.0, n_iter_no_change=epochs, random_state=seed)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")          # ConvergenceWarning: we ask for exactly `epochs` epochs
                clf.fit(X_train, Y_train.ravel())
            return float(clf.score(X_test, Y_test.ravel())), None
        contenders["scikit-learn MLPClassifier"] = run_sklearn

    seconds, results, wall = alternate(contenders, rounds)
    plain = seconds["plain NumPy loop"]
    rows = []
    for name in contenders:
        acc = [a for a, _ in results[name]]
        rows.append([name, spread(seconds[name], 1e3, 0), spread(seconds[name], 1e6 / steps),
                     ratio(seconds[name], plain)[0], f"{np.median(acc):.4f} [{min(acc):.4f}-{max(acc):.4f}]",
                     spread(wall[name], 1e3, 0), ratio(wall[name], wall["plain NumPy loop"])[0]])
    for name in ("PyTorch float32", "PyTorch float64"):
        if torch is None:
            rows.append([name, "not installed", "", "", "", "", ""])
    if sklearn_nn is None:
        rows.append(["scikit-learn MLPClassifier", "not installed", "", "", "", "", ""])
    table(["contender", "CPU ms per run", "us per step", "time / plain NumPy loop", "test accuracy median [min-max]",
           "wall ms per run", "wall / plain"], rows)
    same = max(np.abs(p_nn[k] - p_pl[k]).max() for (_, p_nn), (_, p_pl)
               in zip(results["nnlib.train"], results["plain NumPy loop"]) for k in p_nn)
    say(f"nnlib.train and the plain loop trained the same weights up to rounding (largest difference {same:.1e}).")
    say("Times: CPU time of this (single-threaded) process, median [quartiles] over the rounds; ratios: "
        "median [quartiles] of the per-round ratios. Wall times include waiting for a core on a shared machine.")
    say()

    # The target ratio, measured finer: many short alternated rounds follow the machine's load better.
    short_steps = PLAIN_EPOCHS * math.ceil(len(X_train) / c["batch_size"])
    short_runs = {
        "nnlib.train": lambda r: nnlib.train(start_net(r), X_train, Y_train, loss="bce", lr=c["lr"], epochs=PLAIN_EPOCHS,
                                             batch_size=c["batch_size"], seed=r),
        "plain NumPy loop": lambda r: plain_numpy_loop(X_train, Y_train, start_net(r).params, c["lr"], PLAIN_EPOCHS,
                                                       c["batch_size"], r)}
    fine, _, fine_wall = alternate(short_runs, PLAIN_ROUNDS[mode])
    found = ratio(fine["nnlib.train"], fine["plain NumPy loop"])
    say(f"nnlib.train / plain NumPy loop over {PLAIN_ROUNDS[mode]} more alternated rounds of {PLAIN_EPOCHS} epochs: "
        f"**{found[0]}** ({spread(fine['nnlib.train'], 1e6 / short_steps)} vs "
        f"{spread(fine['plain NumPy loop'], 1e6 / short_steps)} us per step; in wall time "
        f"{ratio(fine_wall['nnlib.train'], fine_wall['plain NumPy loop'])[0]}).")
    say()
    return {"nnlib / plain NumPy loop": found}


# ---- 2. per-node vs vectorized ---------------------------------------------------------------------------
def bench_per_node(mode):
    rounds = PER_NODE_ROUNDS[mode]
    say(f"## 2. Per-node OldschoolMLP vs vectorized MLP: one loss_and_grads (MSE, sigmoid) on a 2-width-1 net; "
        f"{rounds} rounds")
    say()
    rows = []
    for n in PER_NODE_EXAMPLES[mode]:
        rng = np.random.default_rng(n)
        X, Y = rng.normal(size=(n, 2)), (rng.random((n, 1)) > 0.5).astype(float)
        for width in PER_NODE_WIDTHS:
            nets = {"per-node": nnlib.OldschoolMLP([2, width, 1], seed=0), "vectorized": nnlib.MLP([2, width, 1], seed=0)}
            repeats = {}
            for name, net in nets.items():               # calibrate: repeat each call until a run takes ~5 ms
                start = time.perf_counter()
                net.loss_and_grads(X, Y, "mse")
                repeats[name] = max(1, math.ceil(0.005 / (time.perf_counter() - start)))

            def timed(name):
                def run(r):
                    for _ in range(repeats[name]):
                        nets[name].loss_and_grads(X, Y, "mse")
                return run
            seconds, _, _ = alternate({name: timed(name) for name in nets}, rounds, warmup=False)
            per_call = {name: np.asarray(seconds[name]) / repeats[name] for name in nets}
            grads = [net.loss_and_grads(X, Y, "mse")[1] for net in nets.values()]
            diff = max(np.abs(grads[0][k] - grads[1][k]).max() for k in grads[0])
            rows.append([width, n, spread(per_call["per-node"], 1e3, 3), spread(per_call["vectorized"], 1e3, 3),
                         ratio(per_call["per-node"], per_call["vectorized"])[0], f"{diff:.0e}"])
    table(["hidden units", "examples", "per-node ms", "vectorized ms", "speedup", "largest gradient difference"], rows)
    return {}


# ---- 3. a larger layer ------------------------------------------------------------------------------
def bench_large(mode):
    sizes, batch, lr = LARGE["sizes"], LARGE["batch_size"], LARGE["lr"]
    steps, rounds = LARGE_STEPS[mode], LARGE_ROUNDS[mode]
    n = steps * batch
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(n, sizes[0])), np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    # matrix-multiply flops of one step: forward A_prev @ W, backward A_prev^T @ dZ per layer, dZ @ W^T below the top
    flops = sum(4 * batch * a * b for a, b in zip(sizes[:-1], sizes[1:])) + sum(2 * batch * a * b for a, b in zip(sizes[1:-1], sizes[2:]))
    say(f"## 3. A larger layer: {'-'.join(map(str, sizes))} ReLU/sigmoid, BCE (one-hot random data), batch {batch}; "
        f"{steps} steps per run, {rounds} rounds, 1 thread; {flops / 1e6:.0f} MFLOP of matrix products per step")
    say()
    net = nnlib.MLP(sizes, activation="relu", seed=0)      # built once: a run times training only
    A = rng.normal(size=(PEAK_MATMUL_N, PEAK_MATMUL_N))
    contenders = {"nnlib.train (float64)": lambda r: nnlib.train(net, X, Y, loss="bce", lr=lr, epochs=1,
                                                                 batch_size=batch, seed=r)}
    if torch is not None:
        torch.set_num_threads(1)
        for dtype in (torch.float64, torch.float32):
            Xt, Yt = torch.tensor(X, dtype=dtype), torch.tensor(Y, dtype=dtype)
            model = torch_model(sizes, net.params, dtype)

            def run_torch(r, model=model, Xt=Xt, Yt=Yt):
                torch_loop(model, Xt, Yt, lr, 1, batch, r)
            contenders[f"PyTorch {str(dtype).replace('torch.', '')}"] = run_torch
    contenders["peak: float64 matmul"] = lambda r: A @ A
    seconds, _, wall = alternate(contenders, rounds)
    peak = 2 * PEAK_MATMUL_N ** 3 / np.asarray(seconds["peak: float64 matmul"])
    rows = []
    reference = seconds.get("PyTorch float64")
    for name, secs in seconds.items():
        if name.startswith("peak"):
            rows.append([f"{name} ({PEAK_MATMUL_N}x{PEAK_MATMUL_N})", spread(secs, 1e3, 1), "",
                         f"{spread(peak, 1e-9, 1)} GFLOP/s", "", spread(wall[name], 1e3, 1), ""])
            continue
        per_step = np.asarray(secs) / steps
        rate = flops / per_step
        rows.append([name, spread(secs, 1e3, 1), spread(per_step, 1e3, 2),
                     f"{spread(rate, 1e-9, 1)} GFLOP/s = {spread(rate / peak * 100, 1, 0)}% of peak",
                     ratio(secs, reference)[0] if reference is not None else "PyTorch not installed",
                     spread(np.asarray(wall[name]) / steps, 1e3, 2),
                     ratio(wall[name], wall["PyTorch float64"])[0] if reference is not None else ""])
    if torch is None:
        rows.append(["PyTorch", "not installed", "", "", "", "", ""])
    table(["contender", "CPU ms per run", "ms per step", "matrix-product rate (float32: vs the float64 peak)",
           "time / PyTorch float64", "wall ms per step", "wall / PyTorch float64"], rows)
    say("A run is one epoch of training (shuffle, batches, forward, backward, SGD step) of a net built "
        "before the timing; every contender's net keeps training from round to round.")
    say()
    if reference is None:
        return {}
    found = {"nnlib / PyTorch float64 (784-256-10)": ratio(seconds["nnlib.train (float64)"], reference)}
    found["nnlib / PyTorch float32 (784-256-10)"] = ratio(seconds["nnlib.train (float64)"], seconds["PyTorch float32"])
    return found
