"""(b) The blog's own numpy training loop, timed: its classes and loop taken from the seed text.

Usage: python bench/blog_loop.py DATA.json [--seed-text PATH]
DATA.json holds X, Y, w0, b0 and steps (from bench/training.ts). Prints one JSON line: the steps per
second of the blog's loop body (forward, loss, loss_fn.backward(), sigmoid.backward(...),
linear_function.backward(..., lr=0.01)) run at module level, as a notebook cell runs it.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

# Import the sibling helper without leaving a __pycache__ folder in bench/.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blog_source import blog_classes, full_code, seed_text_path, training_loop  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--seed-text", default=seed_text_path(os.path.dirname(os.path.dirname(__file__))))
    args = parser.parse_args()
    with open(args.data, encoding="utf-8") as f:
        data = json.load(f)

    source = full_code(args.seed_text)
    classes = {"np": np}
    exec(compile("import numpy as np\n\n" + blog_classes(source), "<blog classes>", "exec"), classes)
    loop, loop_text = training_loop(source)

    X = np.asarray(data["X"], dtype=np.float64)
    # The blog's labels are (X > boundary).astype(int): an int array.
    Y = np.asarray(data["Y"]).astype(int)
    n = len(X)
    steps = int(data["steps"])
    if steps % n:
        raise ValueError(f"blog_loop: steps ({steps}) must be a multiple of the number of samples ({n})")

    def run(epochs):
        # The blog's LinearFunction() draws w and b as np.random.normal(0, 1, 1): 1-element arrays.
        # Same types, the shared starting point.
        namespace = {
            **classes,
            "X": X,
            "Y": Y,
            "epochs": epochs,
            "linear_function": classes["LinearFunction"](w=np.array([data["w0"]]), b=np.array([data["b0"]])),
            "sigmoid": classes["Sigmoid"](),
            "loss_fn": classes["BCELoss"](),
        }
        start = time.perf_counter()
        exec(loop, namespace)
        seconds = time.perf_counter() - start
        return seconds, namespace["linear_function"]

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
                "loop": loop_text,
            }
        )
    )


if __name__ == "__main__":
    main()
