"""The blog's own Python, read from the seed text at run time — the benchmark never runs a retyped copy.

full_code()     the "전체 코드" (complete code) section: the program as the blog publishes it
blog_classes()  LinearFunction, Sigmoid, BCELoss from that section, as source text
training_loop() the section's training loop with its visualization lines removed, compiled
"""

import ast
import os

HEADING = "전체 코드"
CLASSES = ("LinearFunction", "Sigmoid", "BCELoss")
# Names only the loop's "# visualization" lines use (matplotlib axes and the curve being drawn).
VISUALIZATION_NAMES = {"ax", "plt", "function_x", "function_y"}


def seed_text_path(root):
    """Where the blog is: $BACKPROP_SHARED/seed/backprop-blog.txt, else ../shared next to the project."""
    shared = os.environ.get("BACKPROP_SHARED") or os.path.join(root, "..", "shared")
    return os.path.join(shared, "seed", "backprop-blog.txt")


def full_code(seed_path):
    """The code under the "전체 코드" heading, up to the page footer, trimmed until it parses."""
    with open(seed_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == HEADING]
    if len(starts) != 1:
        raise ValueError(f"full_code: expected one line '{HEADING}' in {seed_path}, found {len(starts)}")
    body = lines[starts[0] + 1 :]
    # velog's footer ("profile", the author's line) follows the last code block.
    footer = next((i for i, line in enumerate(body) if line.strip() == "profile"), len(body))
    body = body[:footer]
    while body:
        source = "\n".join(body).strip("\n") + "\n"
        try:
            tree = ast.parse(source)
            break
        except SyntaxError:
            body = body[:-1]
    else:
        raise ValueError(f"full_code: no parseable Python after '{HEADING}' in {seed_path}")
    found = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    missing = [name for name in CLASSES if name not in found]
    if missing:
        raise ValueError(f"full_code: the '{HEADING}' section of {seed_path} lacks class(es) {missing}")
    return source


def blog_classes(source):
    """The source text of LinearFunction, Sigmoid and BCELoss, in the blog's order."""
    tree = ast.parse(source)
    parts = [
        ast.get_source_segment(source, node)
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name in CLASSES
    ]
    return "\n\n\n".join(parts) + "\n"


def _uses(node, names):
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def training_loop(source, epochs_name="epochs"):
    """The blog's `for _ in range(10): for x, y in zip(X, Y): ...` with the visualization statements
    removed and range(10) replaced by range(<epochs_name>); returns (code object, its source text)."""
    tree = ast.parse(source)
    loops = [
        node
        for node in tree.body
        if isinstance(node, ast.For)
        and any(isinstance(inner, ast.For) and _uses(inner.iter, {"zip"}) for inner in node.body)
    ]
    if len(loops) != 1:
        raise ValueError(f"training_loop: expected one epoch loop over zip(X, Y), found {len(loops)}")
    outer = loops[0]
    if not (isinstance(outer.iter, ast.Call) and getattr(outer.iter.func, "id", None) == "range"):
        raise ValueError("training_loop: the epoch loop does not iterate over range(...)")
    outer.iter.args = [ast.Name(id=epochs_name, ctx=ast.Load())]
    inner = next(node for node in outer.body if isinstance(node, ast.For))
    inner.body = [stmt for stmt in inner.body if not _uses(stmt, VISUALIZATION_NAMES)]
    text = ast.unparse(inner)
    for call in ("loss_fn.backward()", "sigmoid.backward(", "linear_function.backward("):
        if call not in text:
            raise ValueError(f"training_loop: the loop body no longer calls {call} — the blog's loop changed")
    module = ast.fix_missing_locations(ast.Module(body=[outer], type_ignores=[]))
    return compile(module, "<blog training loop>", "exec"), ast.unparse(module)
