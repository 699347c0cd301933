"""(b) The blog's numpy training loop, timed: reference/blog_numpy.py's classes and train().

Usage: python bench/blog_loop.py DATA.json [--reference PATH]
DATA.json holds X, Y, w0, b0, lr and steps (from bench/training.ts). Prints one JSON line: the steps
per second of the reference's loop (forward, loss, loss_fn.backward(), sigmoid.backward(...),
linear_function.backward(..., lr)) with nothing recorded, w and b as 1-element arrays as in the blog.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

# Import the sibling helper and the reference without leaving __pycache__ folders behind.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blog_source import load_reference, reference_path  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    """Times the reference's loop on the benchmark's data and prints the rate and the final w, b."""
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--reference", default=reference_path(ROOT))
    args = parser.parse_args()
    with open(args.data, encoding="utf-8") as f:
        data = json.load(f)
    reference = load_reference(args.reference)

    X = np.asarray(data["X"], dtype=np.float64)
    # The blog's labels are (X > boundary).astype(int): an int array.
    Y = np.asarray(data["Y"]).astype(int)
    n = len(X)
    steps = int(data["steps"])
    lr = float(data.get("lr", 0.01))
    if steps % n:
        raise ValueError(f"blog_loop: steps ({steps}) must be a multiple of the number of samples ({n})")

    def run(epochs):
        """Seconds for `epochs` passes over the data from (w0, b0), and the trained LinearFunction."""
        # The blog's LinearFunction() draws w and b as np.random.normal(0, 1, 1): 1-element arrays.
        # Same types, the benchmark's starting point.
        linear_function = reference.LinearFunction(w=np.array([data["w0"]]), b=np.array([data["b0"]]))
        sigmoid, loss_fn = reference.Sigmoid(), reference.BCELoss()
        start = time.perf_counter()
        reference.train(X, Y, linear_function, sigmoid, loss_fn, epochs, lr)
        return time.perf_counter() - start, linear_function

    run(1)  # warm caches and numpy's dispatch paths
    seconds, linear = run(steps // n)
    w, b = float(linear.w[0]), float(linear.b[0])
    print(
        json.dumps(
            {
                "steps": steps,
                "seconds": seconds,
                "stepsPerSecond": steps / seconds,
                "w": w,
                "b": b,
                "finite": bool(np.isfinite(w) and np.isfinite(b)),
                "python": sys.version.split()[0],
                "numpy": np.__version__,
                "reference": os.path.relpath(os.path.abspath(args.reference), ROOT),
            }
        )
    )


if __name__ == "__main__":
    main()
