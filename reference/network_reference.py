"""Reference numbers for lessons 8–9's two-layer network, from numpy and from PyTorch.

The network: x (2 inputs) → Linear(2→H) → Sigmoid → Linear(H→1) → Sigmoid → BCE, trained by
per-sample SGD in data order with plain updates p ← p − lr·∂L/∂p, `epochs` passes over the data.

It is trained twice from the same start:
  numpy  the blog's classes widened to vectors (Linear, Sigmoid, BCELoss, each forward next to its
         backward), chained by hand as the blog's loop does;
  torch  PyTorch float64 autograd: the parameters are tensors with requires_grad,
         torch.nn.functional.binary_cross_entropy is the loss, loss.backward() gives the gradients.
The two are independent derivations of the same arithmetic, so they must agree to rounding
(~1e-15…1e-12 relative); the fixture records by how much they do. The TypeScript tests compare
trainNetwork() with these numbers and never need PyTorch — only this script does.

The fixture also holds the 1-D lesson model, sigmoid(w·x + b) with BCE, trained by PyTorch on the
blog's data, next to the numpy run it must reproduce.

Regenerate the fixture (needs numpy and torch in the project's venv; torch is not in requirements.txt:
`.venv/bin/pip install --no-deps torch`, then filelock typing-extensions sympy networkx jinja2 fsspec):

    .venv/bin/python reference/network_reference.py --write test/fixtures/network-parity.json

Time numpy's class loop against PyTorch's eager loop (per-sample SGD steps/s, H = 4, "quadrants"):

    .venv/bin/python reference/network_reference.py --bench [--json] [--seconds 3]

The fixture is written already formatted the way prettier formats JSON (the repository runs
`prettier --check .`), and the script checks that it reads back to exactly the numbers computed.
"""

import argparse
import json
import os
import platform
import re
import sys
import time

import numpy as np

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the fixture needs torch; the benchmark reports null without it
    torch = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMAND = ".venv/bin/python reference/network_reference.py --write test/fixtures/network-parity.json"

# The lowest log-probability the loss may use, as PyTorch's BCELoss: log(0) counts as −100.
LOG_FLOOR = -100.0
# PyTorch's binary_cross_entropy backward divides by max(pred·(1 − pred), 1e-12); the blog divides by
# pred·(1 − pred) itself. Every case stays far above this, so the two backward passes are the same math.
TORCH_BCE_EPSILON = 1e-12


# ---------------------------------------------------------------------------------------------------
# numpy: the blog's classes, widened from one number to vectors
# ---------------------------------------------------------------------------------------------------


class Linear:
    """z = W·x + b. backward() takes one SGD step on W and b and returns dL/dx for the layer below."""

    def __init__(self, W, b):
        self.W = np.array(W, dtype=np.float64)
        self.b = np.array(b, dtype=np.float64)

    def forward(self, x):
        self.x = x
        return self.W @ x + self.b

    def backward(self, dloss_dz, lr):
        dz_dW = self.x  # ∂z_j/∂W_jk = x_k
        dz_db = 1.0

        dloss_dW = np.outer(dloss_dz, dz_dW)
        dloss_db = dloss_dz * dz_db
        # ∂z_j/∂x_k = W_jk: the gradient for the layer below uses W as it was in the forward pass,
        # so it is computed before W takes its step.
        dloss_dx = self.W.T @ dloss_dz

        self.W = self.W - lr * dloss_dW
        self.b = self.b - lr * dloss_db
        return dloss_dx


class Sigmoid:
    """a = σ(z), element-wise. backward() turns dL/da into dL/dz with the slope da/dz = a·(1 − a)."""

    def forward(self, z):
        self.a = 1 / (1 + np.exp(-z))
        return self.a

    def backward(self, dloss_da):
        da_dz = self.a * (1 - self.a)
        dloss_dz = dloss_da * da_dz
        return dloss_dz


class BCELoss:
    """L = −(y·log(pred) + (1 − y)·log(1 − pred)), each log floored at −100 as PyTorch does."""

    def forward(self, pred, y):
        self.pred, self.y = pred, y
        # log(1 − pred) as the blog writes it. PyTorch computes log1p(−pred), a few ulps apart when pred
        # is near 0: the losses then differ by up to ~1e-12 relative; the gradients do not differ.
        with np.errstate(divide="ignore"):  # log(0) = −inf, which the floor turns into −100
            log_pred = np.maximum(np.log(pred), LOG_FLOOR)
            log_not_pred = np.maximum(np.log(1 - pred), LOG_FLOOR)
        loss = -(y * log_pred + (1 - y) * log_not_pred)
        return loss

    def backward(self):
        dloss_dpred = (self.pred - self.y) / (self.pred * (1 - self.pred))
        return dloss_dpred


class NumpyNetwork:
    """Linear → Sigmoid → Linear → Sigmoid → BCELoss, trained one sample at a time as the blog's loop does."""

    def __init__(self, params):
        self.linear1 = Linear(params["W1"], params["b1"])
        self.sigmoid1 = Sigmoid()
        self.linear2 = Linear(params["W2"], params["b2"])
        self.sigmoid2 = Sigmoid()
        self.loss_fn = BCELoss()

    def step(self, x, y, lr):
        """One SGD step on the sample (x, y); returns its loss, computed before the update."""
        z1 = self.linear1.forward(x)
        a1 = self.sigmoid1.forward(z1)
        z2 = self.linear2.forward(a1)
        pred = self.sigmoid2.forward(z2)
        loss = self.loss_fn.forward(pred, y)

        dloss_dpred = self.loss_fn.backward()
        dloss_dz2 = self.sigmoid2.backward(dloss_dpred)
        dloss_da1 = self.linear2.backward(dloss_dz2, lr)
        dloss_dz1 = self.sigmoid1.backward(dloss_da1)
        self.linear1.backward(dloss_dz1, lr)
        return loss

    def params(self):
        return as_lists({"W1": self.linear1.W, "b1": self.linear1.b, "W2": self.linear2.W, "b2": self.linear2.b})


def numpy_samples(X, Y):
    return list(zip(np.asarray(X, dtype=np.float64), Y))


def train_numpy(X, Y, params, lr, epochs, snapshot_every):
    """Per-sample SGD with the classes above; returns the losses, final params and epoch snapshots."""
    net = NumpyNetwork(params)
    samples = numpy_samples(X, Y)
    losses, snapshots = [], []
    min_slope = np.inf
    for epoch in range(epochs):
        for x, y in samples:
            losses.append(float(net.step(x, y, lr)[0]))
            pred = net.sigmoid2.a[0]
            min_slope = min(min_slope, float(pred * (1 - pred)))
        if (epoch + 1) % snapshot_every == 0:
            snapshots.append((epoch + 1, net.params()))
    return {"losses": losses, "params": net.params(), "snapshots": snapshots, "min_slope": min_slope}


def predict_numpy(X, params):
    """The trained network's probabilities for every row of X."""
    W1, b1, W2, b2 = (np.asarray(params[k]) for k in ("W1", "b1", "W2", "b2"))
    a1 = 1 / (1 + np.exp(-(np.asarray(X) @ W1.T + b1)))
    return (1 / (1 + np.exp(-(a1 @ W2.T + b2))))[:, 0]


# ---------------------------------------------------------------------------------------------------
# PyTorch: the same training by autograd
# ---------------------------------------------------------------------------------------------------


class TorchNetwork:
    """The same network as float64 tensors with requires_grad; autograd does the backward pass."""

    names = ("W1", "b1", "W2", "b2")

    def __init__(self, params):
        self.p = {k: torch.tensor(params[k], dtype=torch.float64, requires_grad=True) for k in self.names}

    def step(self, x, y, lr):
        """One SGD step on the sample (x, y): loss.backward(), p ← p − lr·grad, grads zeroed; returns the loss."""
        p = self.p
        a1 = torch.sigmoid(p["W1"] @ x + p["b1"])
        pred = torch.sigmoid(p["W2"] @ a1 + p["b2"])
        loss = F.binary_cross_entropy(pred, y)
        loss.backward()
        with torch.no_grad():
            for k in self.names:
                p[k] -= lr * p[k].grad
                p[k].grad.zero_()
        return loss

    def params(self):
        return as_lists({k: self.p[k].detach().numpy() for k in self.names})


def torch_samples(X, Y):
    return [(torch.tensor(x, dtype=torch.float64), torch.tensor([float(y)], dtype=torch.float64)) for x, y in zip(X, Y)]


def train_torch(X, Y, params, lr, epochs, snapshot_every):
    """Per-sample SGD in PyTorch; returns the losses, final params and epoch snapshots."""
    net = TorchNetwork(params)
    samples = torch_samples(X, Y)
    losses, snapshots = [], []
    for epoch in range(epochs):
        for x, y in samples:
            losses.append(net.step(x, y, lr).item())
        if (epoch + 1) % snapshot_every == 0:
            snapshots.append((epoch + 1, net.params()))
    return {"losses": losses, "params": net.params(), "snapshots": snapshots}


def train_torch_1d(X, Y, w0, b0, lr, epochs):
    """The lesson's 1-D model, sigmoid(w·x + b), in PyTorch: per-step loss, and w, b after each step."""
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    xs = [torch.tensor(x, dtype=torch.float64) for x in X]
    ys = [torch.tensor(float(y), dtype=torch.float64) for y in Y]
    losses, ws, bs = [], [], []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            pred = torch.sigmoid(w * x + b)
            loss = F.binary_cross_entropy(pred, y)
            loss.backward()
            with torch.no_grad():
                w -= lr * w.grad
                b -= lr * b.grad
                w.grad.zero_()
                b.grad.zero_()
            losses.append(loss.item())
            ws.append(w.item())
            bs.append(b.item())
    return {"losses": losses, "w": ws, "b": bs}


# ---------------------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------------------

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]


def initial_params(hidden, seed):
    """W1 (H×2), b1 (H), W2 (1×H), b2 (1), drawn in that order from np.random.RandomState(seed) N(0, 1)."""
    rng = np.random.RandomState(seed)
    return as_lists(
        {
            "W1": rng.normal(0.0, 1.0, size=(hidden, 2)),
            "b1": rng.normal(0.0, 1.0, size=hidden),
            "W2": rng.normal(0.0, 1.0, size=(1, hidden)),
            "b2": rng.normal(0.0, 1.0, size=1),
        }
    )


def quadrants(n, seed):
    """n points uniform in [−1, 1]², labelled 1 when x1 and x2 have opposite signs (XOR of the signs)."""
    X = np.random.RandomState(seed).uniform(-1.0, 1.0, size=(n, 2))
    Y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int)
    return X.tolist(), Y.tolist()


def network_cases():
    """name → settings and data. snapshot_every keeps the long XOR runs' epoch snapshots (and the fixture) small."""
    quad_X, quad_Y = quadrants(200, seed=0)
    xor = {"data": "the four XOR points", "X": XOR_X, "Y": XOR_Y, "data_seed": None}
    quad = {"data": "200 points uniform in [-1, 1]^2, y = (x1 > 0) != (x2 > 0)", "X": quad_X, "Y": quad_Y}
    quad.update(data_seed=0, lr=0.5, epochs=20, param_seed=0, snapshot_every=1)
    return {
        "xor": {**xor, "hidden": 2, "lr": 0.5, "epochs": 2000, "param_seed": 0, "snapshot_every": 10},
        "xor-h4": {**xor, "hidden": 4, "lr": 0.5, "epochs": 1000, "param_seed": 0, "snapshot_every": 10},
        "quadrants": {**quad, "hidden": 4},
        "quadrants-h3": {**quad, "hidden": 3},
    }


def run_network_case(name, spec):
    """Train one case with numpy and with PyTorch; return its fixture entry."""
    params0 = initial_params(spec["hidden"], spec["param_seed"])
    X, Y, lr, epochs, every = spec["X"], spec["Y"], spec["lr"], spec["epochs"], spec["snapshot_every"]
    numpy_run = train_numpy(X, Y, params0, lr, epochs, every)
    torch_run = train_torch(X, Y, params0, lr, epochs, every)
    if numpy_run["min_slope"] <= TORCH_BCE_EPSILON:
        raise RuntimeError(f"{name}: pred·(1 − pred) fell to {numpy_run['min_slope']}, where PyTorch's BCE clamps")

    def result(run):
        predictions = predict_numpy(X, run["params"])
        correct = (predictions > 0.5) == (np.asarray(Y) == 1)
        return {
            "losses": run["losses"],
            "params": run["params"],
            "epoch_params": {
                "epochs": [epoch for epoch, _ in run["snapshots"]],
                **{k: [snap[k] for _, snap in run["snapshots"]] for k in ("W1", "b1", "W2", "b2")},
            },
            "accuracy": float(correct.mean()),
        }

    numpy_result, torch_result = result(numpy_run), result(torch_run)
    diff = {
        "losses": max_rel_diff(numpy_result["losses"], torch_result["losses"]),
        "params": max_rel_diff(numpy_result["params"], torch_result["params"]),
        "epoch_params": max_rel_diff(numpy_result["epoch_params"], torch_result["epoch_params"]),
    }
    diff["all"] = max(diff.values())
    return {
        "description": f"{spec['data']}; H = {spec['hidden']}, lr {lr}, {epochs} epochs, "
        f"params from seed {spec['param_seed']}",
        "settings": {
            "hidden": spec["hidden"],
            "lr": lr,
            "epochs": epochs,
            "data_seed": spec["data_seed"],
            "param_seed": spec["param_seed"],
            "snapshot_every": every,
            "steps": epochs * len(X),
        },
        "inputs": {"X": X, "Y": Y, "params": params0, "lr": lr, "epochs": epochs},
        "numpy": numpy_result,
        "torch": torch_result,
        "max_rel_diff": diff,
        "min_pred_slope": numpy_run["min_slope"],
    }


def blog_fixture_path(explicit):
    """The 1-D numpy run to reproduce: --blog-fixture, else the committed test/fixtures/blog-numpy-run.json."""
    path = explicit or os.path.join(ROOT, "test", "fixtures", "blog-numpy-run.json")
    if not os.path.exists(path):
        raise SystemExit(f"network_reference: the 1-D numpy run {path} is missing; reference/blog_numpy.py writes it")
    return path


def run_blog_1d(path):
    """PyTorch on the blog's 1-D data, compared step by step with the numpy run in `path`."""
    with open(path, encoding="utf-8") as f:
        blog = json.load(f)
    X, Y, w0, b0 = blog["X"], blog["Y"], blog["w0"], blog["b0"]
    lr, epochs = blog["case"]["lr"], blog["case"]["epochs"]
    run = train_torch_1d(X, Y, w0, b0, lr, epochs)
    steps = blog["steps"]
    if len(steps) != len(run["losses"]):
        raise RuntimeError(f"blog-1d: {path} has {len(steps)} steps, PyTorch took {len(run['losses'])}")
    diff = {
        "losses": max_rel_diff([s["loss"] for s in steps], run["losses"]),
        "w": max_rel_diff([s["w"] for s in steps], run["w"]),
        "b": max_rel_diff([s["b"] for s in steps], run["b"]),
    }
    diff["all"] = max(diff.values())
    source = os.path.relpath(os.path.abspath(path), ROOT)  # relative to the project, the same on every machine
    return {
        "description": "the blog's 1-D model sigmoid(w·x + b) with BCE on the blog's data, in PyTorch",
        "source": source.replace(os.sep, "/"),
        "inputs": {"X": X, "Y": Y, "w0": w0, "b0": b0, "lr": lr, "epochs": epochs},
        "torch": run,
        "max_rel_diff_to_numpy": diff,
    }


# ---------------------------------------------------------------------------------------------------
# Helpers: relative differences, JSON that prettier leaves alone
# ---------------------------------------------------------------------------------------------------


def as_lists(params):
    return {k: np.asarray(v, dtype=np.float64).tolist() for k, v in params.items()}


def max_rel_diff(a, b):
    """max |a − b| / max(|a|, |b|) over matching numbers of two equally shaped structures (0 where both are 0)."""
    if isinstance(a, dict):
        return max(max_rel_diff(a[k], b[k]) for k in a)
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"max_rel_diff: shapes differ, {x.shape} vs {y.shape}")
    scale = np.maximum(np.abs(x), np.abs(y))
    rel = np.where(scale > 0, np.abs(x - y) / np.where(scale > 0, scale, 1.0), 0.0)
    return float(rel.max()) if rel.size else 0.0


PRINT_WIDTH = 120  # .prettierrc.json


def number_text(value):
    """Python's shortest round-trip repr, with the exponent as prettier writes it (1e-05 → 1e-5)."""
    text = json.dumps(value, allow_nan=False)
    return re.sub(r"e([+-]?)0*(\d)", lambda m: "e" + m.group(1).replace("+", "") + m.group(2), text)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def always_breaks(value):
    """Prettier always breaks an array of two or more arrays that each hold two or more elements."""
    return len(value) > 1 and all(isinstance(v, list) and len(v) > 1 for v in value)


def flat_text(value):
    """The one-line form of a value, or None when it must break: a dict (this writer always spreads
    dicts over lines), or an array that always breaks or holds one that does."""
    if isinstance(value, dict):
        return None
    if isinstance(value, list):
        if always_breaks(value):
            return None
        parts = [flat_text(v) for v in value]
        return None if None in parts else "[" + ", ".join(parts) + "]"
    return number_text(value) if is_number(value) else json.dumps(value, ensure_ascii=False)


def to_json(value, indent=0, column=0, suffix=""):
    """JSON laid out as prettier lays it out: dicts one key a line, arrays on one line when they fit,
    number arrays filled line by line, arrays of arrays one element a line. `column` is where the value
    starts and `suffix` what follows it on its line (a comma), both counted by prettier's line fitting."""
    pad = " " * indent
    inner = " " * (indent + 2)
    if isinstance(value, dict):
        items = list(value.items())
        lines = []
        for i, (key, item) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            head = json.dumps(key, ensure_ascii=False) + ": "
            lines.append(inner + head + to_json(item, indent + 2, indent + 2 + len(head), comma) + comma)
        return "{\n" + "\n".join(lines) + "\n" + pad + "}"
    if not isinstance(value, list):
        return flat_text(value)
    if not value:
        return "[]"
    flat = flat_text(value)
    if flat is not None and column + len(flat) + len(suffix) <= PRINT_WIDTH:
        return flat
    if all(is_number(v) for v in value):
        # Prettier's fill: each number carries its comma; the next one joins the line if both fit.
        texts = [number_text(v) + ("," if i < len(value) - 1 else "") for i, v in enumerate(value)]
        lines, line = [], inner + texts[0]
        for text in texts[1:]:
            if len(line) + 1 + len(text) <= PRINT_WIDTH:
                line += " " + text
            else:
                lines.append(line)
                line = inner + text
        lines.append(line)
        return "[\n" + "\n".join(lines) + "\n" + pad + "]"
    lines = []
    for i, item in enumerate(value):
        comma = "," if i < len(value) - 1 else ""
        lines.append(inner + to_json(item, indent + 2, indent + 2, comma) + comma)
    return "[\n" + "\n".join(lines) + "\n" + pad + "]"


# ---------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------


def build_fixture(blog_path):
    if torch is None:
        raise SystemExit("network_reference.py --write needs torch: see the top of this file for how to install it")
    torch.set_num_threads(1)
    cases = {name: run_network_case(name, spec) for name, spec in network_cases().items()}
    return {
        "about": [
            "Two-layer network x -> Linear(2->H) -> Sigmoid -> Linear(H->1) -> Sigmoid -> BCE,",
            "per-sample SGD in data order, trained by numpy (the blog's classes) and by PyTorch float64 autograd",
            "from the same start.",
            "cases[name].inputs is trainNetwork's argument; numpy/torch hold losses (one per step, before its update),",
            "params after the last step, and epoch_params (params after every snapshot_every-th epoch).",
            "cases_1d['blog-1d'] is the lesson's 1-D model in PyTorch on the blog's data",
            "(per step: the loss, then w and b after the update).",
            "numpy's loss uses log(1 - pred) as the blog does, PyTorch's log1p(-pred):",
            "small losses differ by ~1e-12 relative.",
        ],
        "command": COMMAND,
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__},
        "cases": cases,
        "cases_1d": {"blog-1d": run_blog_1d(blog_path)},
    }


def summary(fixture):
    lines = []
    for name, case in fixture["cases"].items():
        s = case["settings"]
        lines.append(
            f"{name:13s} H={s['hidden']} lr={s['lr']} epochs={s['epochs']:5d} steps={s['steps']:5d}  "
            f"accuracy numpy {case['numpy']['accuracy']:.3f} torch {case['torch']['accuracy']:.3f}  "
            f"final loss {case['numpy']['losses'][-1]:.3g}  max rel diff {case['max_rel_diff']['all']:.2e}"
        )
    blog = fixture["cases_1d"]["blog-1d"]
    lines.append(f"{'blog-1d':13s} torch vs {blog['source']}: max rel diff {blog['max_rel_diff_to_numpy']['all']:.2e}")
    return "\n".join(lines)


def write(path, blog_path):
    fixture = build_fixture(blog_path)
    text = to_json(fixture) + "\n"
    if json.loads(text) != fixture:
        raise RuntimeError("write: the JSON text does not read back to the computed numbers")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(summary(fixture))
    print(f"wrote {path} ({len(text.encode('utf-8')) / 1e6:.2f} MB)")


def steps_per_second(make_network, samples, lr, seconds):
    """SGD steps per second over whole epochs, each from the same start, until `seconds` have passed
    (after one warm-up epoch). Building the network each epoch costs a few μs; the data are ready-made."""

    def epoch():
        net = make_network()
        for x, y in samples:
            net.step(x, y, lr)

    epoch()
    steps, start = 0, time.perf_counter()
    while True:
        epoch()
        steps += len(samples)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return steps / elapsed


def bench(seconds):
    """numpy's class loop and PyTorch's eager autograd loop, per-sample SGD on "quadrants" with H = 4."""
    spec = network_cases()["quadrants"]
    X, Y, lr = spec["X"], spec["Y"], spec["lr"]
    params0 = initial_params(spec["hidden"], spec["param_seed"])
    numpy_rate = steps_per_second(lambda: NumpyNetwork(params0), numpy_samples(X, Y), lr, seconds)
    result = {"numpy_steps_per_s": numpy_rate, "torch_steps_per_s": None, "torch_version": None}
    if torch is None:
        result["note"] = "torch is not installed in this Python, so only numpy was timed"
    else:
        torch.set_num_threads(1)  # one sample at a time: threads only add overhead and noise
        samples = torch_samples(X, Y)
        result["torch_steps_per_s"] = steps_per_second(lambda: TorchNetwork(params0), samples, lr, seconds)
        result["torch_version"] = torch.__version__
    result.update(hidden=spec["hidden"], samples=len(X), seconds_each=seconds, numpy_version=np.__version__)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", metavar="PATH", help="compute every case and write the fixture to PATH")
    parser.add_argument(
        "--blog-fixture",
        metavar="PATH",
        help="the 1-D numpy run to reproduce (default test/fixtures/blog-numpy-run.json)",
    )
    parser.add_argument("--bench", action="store_true", help="time numpy's and PyTorch's per-sample SGD steps/s")
    parser.add_argument("--json", action="store_true", help="with --bench: print one JSON line only")
    parser.add_argument("--seconds", type=float, default=3.0, help="with --bench: seconds per loop (default 3)")
    args = parser.parse_args()
    if args.write:
        write(args.write, blog_fixture_path(args.blog_fixture))
    elif args.bench:
        result = bench(args.seconds)
        if args.json:
            print(json.dumps(result))
        else:
            print(f"numpy class loop:    {result['numpy_steps_per_s']:10.0f} steps/s")
            if result["torch_steps_per_s"] is None:
                print(f"PyTorch eager loop:  null ({result['note']})")
            else:
                rate, version = result["torch_steps_per_s"], result["torch_version"]
                print(f"PyTorch eager loop:  {rate:10.0f} steps/s (torch {version})")
            print(json.dumps(result))
    else:
        parser.print_help()
        sys.exit(2)


if __name__ == "__main__":
    main()
