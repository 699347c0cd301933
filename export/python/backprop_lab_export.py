"""backprop-lab's offline pages, for nbconvert wherever it runs: JupyterLab's File → Save and
Export Notebook As → HTML and Reveal.js Slides, `jupyter nbconvert --to html|slides`, and
`npm run export` (scripts/nbexec.py).

The templates export/backprop-lab and export/backprop-lab-slides list BackpropLabPreprocessor in
their conf.json, so nbconvert runs it before it renders a notebook. It hands the notebook to the
project's one export pipeline in TypeScript, scripts/export/nbconvert.ts `prepare` (TypeScript
language info, formulas rendered with KaTeX, slide types), and leaves a `finish` function in
resources["backprop_lab"]. The template renders the page, then calls `finish` on it, which hands
it to scripts/export/nbconvert.ts `finish` (formulas put back; styles, fonts, plotly.js and
reveal.js inlined). The page then fetches nothing.

scripts/setup.sh makes this module importable in the project's Python environment (a .pth file)
and writes jupyter_config() into {sys.prefix}/etc/jupyter, for the command line and the server,
whose /nbconvert/ handler builds its exporters from the server's config; scripts/nbexec.py builds
its exporters from the same jupyter_config().

"Sanitize HTML output", which JupyterLab's HTML export asks about and ticks by default, runs
clean_html below instead of nbconvert's, which escapes headings, paragraphs and table heads into
visible tags. Charts are unaffected either way: the page draws them from their Plotly data.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Enum, Float, Unicode

#: The project's root folder: this file is export/python/backprop_lab_export.py.
ROOT = Path(__file__).resolve().parents[2]
#: The command both steps run.
ENTRY = ROOT / "scripts" / "export" / "nbconvert.ts"


#: What a sanitized page keeps of the notebook's HTML (Markdown, text/html and text/markdown
#: outputs): the structure of text, lists and tables; no script, style sheet, frame, form or
#: event handler. Anything else is shown as text, as nbconvert does.
SAFE_TAGS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup "
    "table tbody td tfoot th thead tr u ul var".split()
)
SAFE_ATTRIBUTES = {
    "*": ["class", "id", "title", "lang", "dir", "style"],
    "a": ["href", "rel", "hreflang"],
    # An experiment panel's placeholder (export/panel): which experiment, and its part of the URL hash.
    "div": ["data-experiment", "data-key"],
    "img": ["src", "alt", "width", "height"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align", "scope"],
    "ol": ["start", "type"],
    "col": ["span"],
    "colgroup": ["span"],
}
SAFE_CSS = [
    "text-align",
    "vertical-align",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "color",
    "background-color",
    "white-space",
]


def clean_html(html):
    """The HTML with everything but SAFE_TAGS, SAFE_ATTRIBUTES and SAFE_CSS made harmless."""
    import bleach
    from bleach.css_sanitizer import CSSSanitizer

    return bleach.clean(
        str(html),
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        protocols=["http", "https", "mailto", "data"],
        css_sanitizer=CSSSanitizer(allowed_css_properties=SAFE_CSS),
    )


def jupyter_config(node=""):
    """The nbconvert config that makes HTML and slides exports backprop-lab's offline pages."""
    config = {
        "HTMLExporter": {
            "template_name": "backprop-lab",
            "extra_template_basedirs": [str(ROOT / "export")],
            "filters": {"clean_html": "backprop_lab_export.clean_html"},
        },
        "SlidesExporter": {"template_name": "backprop-lab-slides"},
        # These are HTMLExporters too; they keep nbconvert's own page.
        "WebPDFExporter": {"template_name": "lab"},
        "QtPDFExporter": {"template_name": "lab"},
        "QtPNGExporter": {"template_name": "lab"},
    }
    if node:
        config["BackpropLabPreprocessor"] = {"node": node}
    return config


class ExportError(RuntimeError):
    """A step of the export failed; the message is the pipeline's own."""


class BackpropLabPreprocessor(Preprocessor):
    """Prepares a notebook for backprop-lab's offline templates and leaves them `finish`."""

    target = Enum(
        ["html", "slides"],
        default_value="html",
        help="The kind of page: a lesson (html) or reveal.js slides. Each template's conf.json sets it.",
    ).tag(config=True)

    node = Unicode(
        "",
        help="The Node.js program that runs the pipeline; scripts/setup.sh writes its path. "
        "Empty: $BACKPROP_LAB_NODE, or node on PATH.",
    ).tag(config=True)

    timeout = Float(120, help="Seconds one step may take.").tag(config=True)

    def preprocess(self, nb, resources):
        job = dict(resources.get("backprop_lab") or {})
        name = (resources.get("metadata") or {}).get("name") or "notebook"
        request = {"notebook": nb, "target": self.target, "name": f"{name}.ipynb", "strict": bool(job.get("strict"))}
        if job.get("lang"):
            request["lang"] = job["lang"]
        reply = json.loads(self._run("prepare", request))
        state = reply["state"]
        finish_request = {"nav": job.get("nav", ""), "links": job.get("links", {})}

        def finish(html):
            return self._run("finish", {"state": state, "html": str(html), **finish_request})

        resources["backprop_lab"] = {**job, "finish": finish}
        # <html lang="…"> in the templates: "ko" for a Korean lesson.
        resources["language_code"] = state.get("lang", "en")
        return nbformat.from_dict(reply["notebook"]), resources

    def _node(self):
        node = self.node or os.environ.get("BACKPROP_LAB_NODE") or shutil.which("node")
        if not node or not (os.path.isfile(node) and os.access(node, os.X_OK)):
            raise ExportError(
                f"backprop-lab export: no Node.js program at {node or '(none on PATH)'}: run 'bash scripts/setup.sh' again"
            )
        return node

    def _run(self, command, request):
        """Runs one step of scripts/export/nbconvert.ts with `request` as JSON; returns its output."""
        # From the project's root, where `--import tsx` finds tsx in node_modules.
        argv = [self._node(), "--import", "tsx", str(ENTRY), command]
        try:
            run = subprocess.run(
                argv,
                input=json.dumps(request).encode("utf-8"),
                capture_output=True,
                cwd=ROOT,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise ExportError(f"backprop-lab export: '{command}' took longer than {self.timeout:.0f} s") from error
        messages = run.stderr.decode("utf-8", "replace").strip()
        if run.returncode != 0:
            raise ExportError(messages or f"backprop-lab export: '{command}' exited with status {run.returncode}")
        for line in messages.splitlines():
            self.log.warning("%s", line)
        return run.stdout.decode("utf-8")
