"""The blog's numpy program as the project's own reference: the data, LinearFunction, Sigmoid and
BCELoss with their forward and backward passes, and per-sample SGD — the run the TypeScript port is
tested against, value for value.

    python3 reference/blog_numpy.py --write test/fixtures/blog-numpy-run.json   # the committed fixture
    python3 reference/blog_numpy.py --figures DIR    # the blog's three figures as PNGs (needs matplotlib)
    python3 reference/blog_numpy.py                  # a one-line summary of the run

Only numpy is needed to write the fixture. The arithmetic is the blog's, operation for operation and
in the same order, with w and b as 1-element float64 arrays as its LinearFunction() makes them, so
the run is reproducible to the last bit. Like the blog, nothing here guards log(0) or 0/0: on this
data no prediction rounds to exactly 0 or 1 (the TypeScript classes add that guard; see README.md).
"""

import argparse
import json
import re
import sys

import numpy as np

SEED = 2023
N_SAMPLES = 100
DECISION_BOUNDARY = 0.0
DIRECTION = "pos"
EPOCHS = 10
LR = 0.01


def make_dataset(rng, n_samples, decision_boundary, direction):
    """X ~ N(decision_boundary, 2²); y is 1 on the `direction` side of the boundary, else 0."""
    X = rng.normal(decision_boundary, 2, n_samples)
    if direction == "pos":
        Y = (X > decision_boundary).astype(int)
    elif direction == "neg":
        Y = (X < decision_boundary).astype(int)
    else:
        raise ValueError(f"make_dataset: direction must be 'pos' or 'neg', got {direction!r}")
    return X, Y


class LinearFunction:
    """z = w·x + b, the model's only parameters."""

    def __init__(self, w=None, b=None, rng=np.random):
        """Starts from the given w and b, else draws each from N(0, 1) — w first — as the blog does."""
        self.w = rng.normal(0, 1, 1) if w is None else w
        self.b = rng.normal(0, 1, 1) if b is None else b

    def forward(self, x):
        """z = w·x + b; x is kept because it is dz/dw."""
        self.x = x
        return self.w * x + self.b

    def backward(self, dloss_dz, lr):
        """dL/dw = dL/dz · dz/dw and dL/db = dL/dz · dz/db, then one gradient-descent step on w and b."""
        dz_dw = self.x
        dz_db = 1

        dloss_dw = dloss_dz * dz_dw
        dloss_db = dloss_dz * dz_db

        self.w = self.w - lr * dloss_dw
        self.b = self.b - lr * dloss_db

    # The blog calls its objects: z = linear_function(x).
    __call__ = forward


class Sigmoid:
    """a = σ(z) = 1 / (1 + e^(−z)), the prediction."""

    def forward(self, z):
        """σ(z); a is kept because the derivative is written in terms of it."""
        self.a = 1 / (1 + np.exp(-z))
        return self.a

    def backward(self, dloss_da):
        """dL/dz = dL/da · da/dz, with da/dz = a(1 − a)."""
        da_dz = self.a * (1 - self.a)
        dloss_dz = dloss_da * da_dz
        return dloss_dz

    __call__ = forward


class BCELoss:
    """L = −(y·log(pred) + (1 − y)·log(1 − pred)), binary cross-entropy."""

    def forward(self, pred, y):
        """The loss of one prediction; pred and y are kept for the backward pass."""
        self.pred, self.y = pred, y
        loss = -(y * np.log(pred) + (1 - y) * np.log(1 - pred))
        return loss

    def backward(self):
        """dL/dpred = (pred − y) / (pred(1 − pred)), where the backward pass starts."""
        dloss_dpred = (self.pred - self.y) / (self.pred * (1 - self.pred))
        return dloss_dpred

    __call__ = forward


def train(X, Y, linear_function, sigmoid, loss_fn, epochs, lr, on_step=None):
    """The blog's loop: every epoch, every sample in order — forward to the loss, backward to w and b.
    on_step(epoch, i, z, pred, loss, dloss_dpred, dloss_dz), if given, sees each step after the update."""
    for epoch in range(epochs):
        for i, (x, y) in enumerate(zip(X, Y)):
            # forward propagation
            z = linear_function(x)
            pred = sigmoid(z)
            loss = loss_fn(pred, y)

            # backward propagation
            dloss_dpred = loss_fn.backward()
            dloss_dz = sigmoid.backward(dloss_dpred)
            linear_function.backward(dloss_dz, lr=lr)

            if on_step is not None:
                on_step(epoch, i, z, pred, loss, dloss_dpred, dloss_dz)


def number(value):
    """A 1-element array (or a scalar) as a Python float, for JSON."""
    return float(np.ravel(value)[0])


def blog_run(
    seed=SEED, n_samples=N_SAMPLES, decision_boundary=DECISION_BOUNDARY, direction=DIRECTION, epochs=EPOCHS, lr=LR
):
    """The whole experiment from one seeded generator — data, then w0 and b0, the forward-only losses,
    then training — with every value of every step, in the fixture's JSON layout."""
    # RandomState(seed) draws exactly what the blog's np.random would after np.random.seed(seed).
    rng = np.random.RandomState(seed)
    X, Y = make_dataset(rng, n_samples, decision_boundary, direction)
    linear_function = LinearFunction(rng=rng)
    sigmoid = Sigmoid()
    loss_fn = BCELoss()
    w0, b0 = number(linear_function.w), number(linear_function.b)

    # The blog's "forward만 실행": the untrained model's loss on each sample.
    forward_losses = [number(loss_fn(sigmoid(linear_function(x)), y)) for x, y in zip(X, Y)]

    steps = []

    def record(epoch, i, z, pred, loss, dloss_dpred, dloss_dz):
        """Keeps one step's values as plain floats, w and b as they are after the update."""
        steps.append(
            {
                "epoch": epoch,
                "i": i,
                "z": number(z),
                "pred": number(pred),
                "loss": number(loss),
                "dloss_dpred": number(dloss_dpred),
                "dloss_dz": number(dloss_dz),
                "w": number(linear_function.w),
                "b": number(linear_function.b),
            }
        )

    train(X, Y, linear_function, sigmoid, loss_fn, epochs, lr, on_step=record)
    return {
        "case": {
            "seed": seed,
            "n_samples": n_samples,
            "decision_boundary": decision_boundary,
            "direction": direction,
            "epochs": epochs,
            "lr": lr,
        },
        "X": [float(x) for x in X],
        "Y": [int(y) for y in Y],
        "w0": w0,
        "b0": b0,
        "forward_losses": forward_losses,
        "steps": steps,
    }


def fixture_json(run):
    """The run as JSON, laid out as prettier lays out a .json file (so `prettier --check` accepts it):
    objects one key a line, arrays of numbers filled to 120 columns. Numbers are written as Python's
    repr, the shortest text that reads back as the same float64, with prettier's exponent (e-5, not e-05)."""
    return _json(run, 0) + "\n"


PRINT_WIDTH = 120  # .prettierrc's printWidth


def _json(value, level):
    """One JSON value whose first line starts at `level` two-space indents."""
    inner, outer = "  " * (level + 1), "  " * level
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(key)}: {_json(item, level + 1)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + outer + "}"
    if isinstance(value, list) and value and all(_is_number(item) for item in value):
        return "[\n" + _fill([_json(item, level + 1) for item in value], inner) + "\n" + outer + "]"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + _json(item, level + 1) for item in value) + "\n" + outer + "]"
    text = json.dumps(value, allow_nan=False)
    # 9.8e-05 and 1e+16 as prettier prints them, 9.8e-5 and 1e16: the same float64.
    return re.sub(r"e\+?(-?)0*(?=\d)", r"e\1", text) if _is_number(value) else text


def _is_number(value):
    """True for ints and floats, not for booleans (which JSON writes as words)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fill(texts, indent):
    """Numbers as prettier fills them: as many to a line as fit in PRINT_WIDTH, each with its comma."""
    lines, line = [], ""
    for k, text in enumerate(texts):
        text += "," if k < len(texts) - 1 else ""
        if line and len(line) + 1 + len(text) <= PRINT_WIDTH:
            line += " " + text
        else:
            if line:
                lines.append(line)
            line = indent + text
    lines.append(line)
    return "\n".join(lines)


def data_figure(run):
    """A new 10 × 5 figure with the run's data (y = 0 red, y = 1 blue) and the x values to draw curves at."""
    import matplotlib.pyplot as plt

    X, Y = np.asarray(run["X"]), np.asarray(run["Y"])
    fig, ax = plt.subplots(figsize=(10, 5))
    ax.scatter(X[Y == 0], Y[Y == 0], color="red")
    ax.scatter(X[Y == 1], Y[Y == 1], color="blue")
    # The curves span the x range matplotlib chose for the scatter, as in the blog.
    xlim = ax.get_xlim()
    function_x = np.linspace(xlim[0], xlim[1], 100)
    return fig, ax, function_x


def model_curve(w, b, function_x):
    """σ(w·x + b) along function_x: the model's prediction curve."""
    # Fresh objects, so drawing never touches the state a backward pass reads.
    return Sigmoid()(LinearFunction(w, b)(function_x))


def initial_model_figure(run):
    """The data and the untrained model (green): the blog's second figure."""
    fig, ax, function_x = data_figure(run)
    ax.plot(function_x, model_curve(run["w0"], run["b0"], function_x), color="green")
    return fig


def training_figure(run):
    """The data, the untrained model (green), the model after every step (sky blue) and the trained model
    (red): the blog's third figure, and the only one its complete program ("전체 코드") draws."""
    fig, ax, function_x = data_figure(run)
    ax.plot(function_x, model_curve(run["w0"], run["b0"], function_x), color="green")
    for step in run["steps"]:
        ax.plot(function_x, model_curve(step["w"], step["b"], function_x), color="skyblue")
    last = run["steps"][-1]
    ax.plot(function_x, model_curve(last["w"], last["b"], function_x), color="red")
    return fig


def draw_figures(run):
    """The blog's three figures from one run: the data, the initial model, and the model after every step."""
    return {
        "1-dataset": data_figure(run)[0],
        "2-initial-model": initial_model_figure(run),
        "3-training": training_figure(run),
    }


def main(argv=None):
    """Command line: write the fixture, save the figures, or print a summary of the run."""
    parser = argparse.ArgumentParser(description="The blog's numpy run (seed 2023, 10 epochs × 100 samples, lr 0.01).")
    parser.add_argument("--write", metavar="FILE.json", help="write every step of the run to FILE.json")
    parser.add_argument("--figures", metavar="DIR", help="save the blog's three figures as PNGs in DIR")
    args = parser.parse_args(argv)
    run = blog_run()
    if args.write:
        with open(args.write, "w", encoding="utf-8") as f:
            f.write(fixture_json(run))
        print(f"wrote {len(run['steps'])} steps to {args.write}")
    if args.figures:
        import os

        import matplotlib

        matplotlib.use("Agg")
        os.makedirs(args.figures, exist_ok=True)
        for name, fig in draw_figures(run).items():
            # 10 × 5 inches at 80 dpi: 800 × 400 pixels.
            fig.savefig(os.path.join(args.figures, f"{name}.png"), dpi=80)
        print(f"saved 1-dataset.png, 2-initial-model.png, 3-training.png in {args.figures}")
    if not (args.write or args.figures):
        last = run["steps"][-1]
        print(f"after {len(run['steps'])} steps: w = {last['w']!r}, b = {last['b']!r}, last loss = {last['loss']!r}")


if __name__ == "__main__":
    sys.exit(main())
