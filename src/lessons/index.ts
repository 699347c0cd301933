// What the lessons use beyond the library: the shared starting point, lesson 7's exercise checker and
// its bug gallery. `import { checkBackward } from "./src/lessons"`.
export { LESSON_RUN, lessonStart } from "./setup";
export { type LessonOptions } from "./text";
export {
  NotWrittenYet,
  EXERCISES,
  TRAINING_TOLERANCE,
  checkBackward,
  checkAllExercises,
  type ExerciseResult,
  type ExerciseName,
  type ExerciseClasses,
} from "./exercises";
export {
  BUGS,
  lessonRunWith,
  checkBug,
  bugCheckTable,
  bugTrainingTable,
  FlippedSignBCELoss,
  NoDenominatorBCELoss,
  SlopeFromZSigmoid,
  NoUpstreamSigmoid,
  VisibleInputLinear,
  NoXLinear,
  PlusStepLinear,
  CopyPasteLinear,
  type Bug,
  type BugText,
  type BugCheck,
} from "./bugs";
