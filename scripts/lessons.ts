// The lesson notebooks: notebooks/NN-name.ipynb in English, notebooks/ko/NN-name.ipynb in Korean
// (the same file name: each Korean lesson is its English lesson's twin). The export, the benchmark
// and the tests all take these lists, so a scratch notebook saved next to the lessons is in none of them.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** A lesson's file name: two digits, a dash, a name. */
export const LESSON_FILE = /^\d\d-.*\.ipynb$/;

/** The languages of the lessons, and the folder of each under notebooks/. */
export const LESSON_LANGS = { en: "", ko: "ko" } as const;

/** A language of the lessons. */
export type LessonLang = keyof typeof LESSON_LANGS;

/** The project's notebooks/ folder. */
export const NOTEBOOKS = path.resolve(__dirname, "..", "notebooks");

/** The lesson notebooks in `dir` (default: the English lessons in notebooks/), as full paths in lesson order. */
export function lessonNotebooks(dir = NOTEBOOKS): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => LESSON_FILE.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

/** The lessons of one language, in lesson order. */
export function lessonsIn(lang: LessonLang, root = NOTEBOOKS): string[] {
  return lessonNotebooks(path.join(root, LESSON_LANGS[lang]));
}

/** Every lesson of every language: the English ones first, then the Korean twins. */
export function allLessons(root = NOTEBOOKS): { lang: LessonLang; file: string }[] {
  return (Object.keys(LESSON_LANGS) as LessonLang[]).flatMap((lang) =>
    lessonsIn(lang, root).map((file) => ({ lang, file })),
  );
}
