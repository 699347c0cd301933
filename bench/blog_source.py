"""The blog's program as the benchmark runs it: reference/blog_numpy.py, the project's numpy reference
(the same code that writes the parity fixture), so the Python baseline is code in this repository.

reference_path(root)    where the reference is
load_reference(path)    the reference as a module: LinearFunction, Sigmoid, BCELoss, train(), blog_run()...
notebook_source(path)   the complete program as one notebook cell: the reference, one run, the training figure

Callers set sys.dont_write_bytecode first, so importing leaves no __pycache__ folder in reference/.
"""

import ast
import importlib.util
import os

# What the benchmark calls; a reference without them is not the program the table describes.
REQUIRED = ("LinearFunction", "Sigmoid", "BCELoss", "train", "blog_run", "training_figure")


def reference_path(root):
    """reference/blog_numpy.py under the project root."""
    return os.path.join(root, "reference", "blog_numpy.py")


def load_reference(path):
    """Imports the reference from its file (it is not a package) and checks it has what we call."""
    spec = importlib.util.spec_from_file_location("blog_numpy", path)
    if spec is None or spec.loader is None:
        raise ValueError(f"load_reference: cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    missing = [name for name in REQUIRED if not hasattr(module, name)]
    if missing:
        raise ValueError(f"load_reference: {path} lacks {missing}")
    return module


def notebook_source(path):
    """The reference without its command line (a kernel's argv is not ours), then what the blog's complete
    program ("전체 코드") does: the data, 10 epochs of SGD, and its one figure, the model after every step."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    tree = ast.parse(source)
    last = tree.body[-1]
    is_main_guard = (
        isinstance(last, ast.If)
        and isinstance(last.test, ast.Compare)
        and getattr(last.test.left, "id", None) == "__name__"
    )
    if not is_main_guard:
        raise ValueError(f"notebook_source: expected {path} to end with `if __name__ == \"__main__\":`")
    defined = {node.name for node in tree.body if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
    missing = [name for name in REQUIRED if name not in defined]
    if missing:
        raise ValueError(f"notebook_source: {path} lacks {missing}")
    program = "\n".join(source.split("\n")[: last.lineno - 1]).rstrip("\n")
    # plt.show() ends the cell as it ends the blog's program; left to the inline backend's end-of-cell
    # flush instead, the same figure took about 0.2 s longer to come back (measured, 7 rounds).
    run = "import matplotlib.pyplot as plt\n\nrun = blog_run()\nfigure = training_figure(run)\nplt.show()\n"
    return program + "\n\n\n" + run
