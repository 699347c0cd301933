#!/usr/bin/env bash
# `npm test`: everything, fastest first — types, lint, the math, then the notebooks in real kernels.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
step() { printf '\n== %s\n' "$*"; }

step "type-check (tsc --strict)"
npx tsc -p .
step "lint and format (eslint, prettier)"
npx eslint .
npx prettier --check .
step "unit tests: math, figures, HTML"
node --import tsx --test test/math/*.test.ts test/figures/*.test.ts test/display/*.test.ts test/lessons/*.test.ts test/export/*.test.ts test/setup/*.test.ts

step "set up the Python side and the kernel (scripts/setup.sh)"
bash scripts/setup.sh --quiet
step "notebooks: every lesson in a fresh kernel"
node --import tsx --test test/notebooks/*.test.ts

step "JupyterLab in headless Chromium: every lesson through the UI (screenshots in screenshots/lab/)"
node --import tsx --test --test-concurrency=1 test/lab/*.test.ts

step "export: every lesson as offline HTML and slides, checked in Chromium"
node --import tsx --test test/browser/*.test.ts

step "Binder image: binder/ built the way repo2docker builds it, every lesson run in it"
node --import tsx --test test/binder/*.test.ts
