// Lint for correctness, not style (prettier formats): the recommended rules of ESLint and typescript-eslint,
// plus the rooms of src/ and the one direction their imports may point:
//   notebooks → lessons → display → figures → math
// math is the lesson's arithmetic (no I/O, no charts); figures are pure Plotly specs; display is the only
// code that talks to the kernel or the file system; lessons holds per-lesson helpers.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const NODE = ["node:*", "fs", "fs/*", "path", "child_process", "os"];
const KERNEL = ["tslab", "tslab/*", "plotly.js-dist-min"];
/** The imports forbidden in src/<name>/, with a message that says why. */
const room = (name, patterns) => [
  "error",
  {
    patterns: [
      {
        group: patterns,
        message: `src/${name}/ must not import this: imports point notebooks → lessons → display → figures → math (eslint.config.mjs)`,
      },
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".venv/",
      "dist/",
      "screenshots/",
      ".cache/",
      "notebooks/src/",
      "notebooks/**/src/",
      "test/notebooks/src/",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/math/**/*.ts"],
    rules: {
      "no-restricted-imports": room("math", [
        ...["../figures", "../figures/*", "../display", "../display/*", "../lessons", "../lessons/*", "../index"],
        ...NODE,
        ...KERNEL,
      ]),
    },
  },
  {
    files: ["src/figures/**/*.ts"],
    rules: {
      "no-restricted-imports": room("figures", [
        ...["../display", "../display/*", "../lessons", "../lessons/*", "../index"],
        ...NODE,
        ...KERNEL,
      ]),
    },
  },
  {
    files: ["src/display/**/*.ts"],
    rules: {
      "no-restricted-imports": room("display", ["../lessons", "../lessons/*", "../index"]),
    },
  },
  {
    files: ["src/lessons/**/*.ts"],
    rules: {
      "no-restricted-imports": room("lessons", ["../index", ...NODE, ...KERNEL]),
    },
  },
);
