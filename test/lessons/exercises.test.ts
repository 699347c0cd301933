// Lesson 7's checks: a learner's backward() is judged by the gradient checker and told, in words,
// which derivative is wrong; every bug of the gallery is caught, and does what the gallery says.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BUGS,
  EXERCISES,
  LESSON_RUN,
  NoXLinear,
  NotWrittenYet,
  TRAINING_TOLERANCE,
  bugCheckTable,
  bugTrainingTable,
  checkAllExercises,
  checkBackward,
  checkBug,
  lessonStart,
  lessonRunWith,
  type Bug,
  type ExerciseName,
} from "../../src/lessons";
import { BCELoss, LinearFunction, Sigmoid, gradCheck } from "../../src";

const REAL = { BCELoss, Sigmoid, LinearFunction };
const check = (exercise: ExerciseName, Class: unknown) => checkBackward(exercise as "BCELoss", Class as typeof BCELoss);
const bug = (title: string): Bug => {
  const found = BUGS.find((b) => b.text.en.title === title);
  assert.ok(found, `the gallery has the bug "${title}"`);
  return found;
};

/** What a class's forward() gives at a few points: the same for a bug as for the real class. */
function forwardValues(exercise: ExerciseName, Class: unknown): number[] {
  if (exercise === "BCELoss") {
    return [0.2, 0.5, 0.9].flatMap((p) => [0, 1].map((y) => new (Class as typeof BCELoss)().forward(p, y)));
  }
  if (exercise === "Sigmoid") return [-2, 0.3, 4].map((z) => new (Class as typeof Sigmoid)().forward(z));
  return [-1.5, 0, 2].map((x) => new (Class as typeof LinearFunction)({ w: 0.7, b: -0.2 }).forward(x));
}

/** Classes shaped like the notebook's exercises, with a blank backward. */
class BlankLoss extends BCELoss {
  override backward(): number {
    throw new NotWrittenYet("BlankLoss.backward");
  }
}
class BlankSigmoid extends Sigmoid {
  override backward(): number {
    throw new NotWrittenYet("BlankSigmoid.backward");
  }
}

describe("checkBackward: the learner's backward against the gradient checker", () => {
  for (const exercise of EXERCISES) {
    it(`passes the real ${exercise}, with a ✓ that names the class`, () => {
      const result = check(exercise, REAL[exercise]);
      assert.equal(result.status, "pass", result.message);
      assert.ok(result.rows.length >= 3 && result.rows.every((r) => r.ok));
      assert.match(result.message, new RegExp(`^✓ \\*\\*${exercise}\\.backward\\*\\*: dL/d\\w+ (and dL/db )?match`));
    });
  }

  it("reports a blank (NotWrittenYet) as 'not written yet' instead of throwing", () => {
    const result = checkBackward("BCELoss", BlankLoss);
    assert.equal(result.status, "not written");
    assert.deepEqual(result.rows, []);
    assert.match(result.message, /BlankLoss\.backward\*\*: not written yet — fill in the cell above/);
  });

  it("recognises NotWrittenYet by its name too, when the class came from a second copy of the module", () => {
    class Foreign extends BCELoss {
      override backward(): number {
        const error = new Error("not yet");
        error.name = "NotWrittenYet";
        throw error;
      }
    }
    assert.equal(checkBackward("BCELoss", Foreign).status, "not written");
  });

  it("reports any other error the learner's code throws, with its message, instead of throwing", () => {
    class Typo extends Sigmoid {
      override backward(): number {
        throw new TypeError("this.A is undefined");
      }
    }
    const result = checkBackward("Sigmoid", Typo);
    assert.equal(result.status, "error");
    assert.match(
      result.message,
      /✗ \*\*Typo\.backward\*\* could not be checked: your code threw `TypeError: this\.A is undefined`/,
    );
  });

  it("names the derivative, its formula, the point, the learner's value and the numerical slope", () => {
    const result = checkBackward("Sigmoid", bug("σ′ from z").Class as typeof Sigmoid);
    assert.equal(result.status, "fail");
    assert.match(
      result.message,
      /^✗ \*\*SlopeFromZSigmoid\.backward\*\*: dL\/dz should be dL\/da · a·\(1 − a\); at z = 0\.53 \(so a = 0\.6295\) with dL\/da = 1\.5 you returned 0\.3736, but the numerical slope is 0\.3499\./,
    );
  });

  it("asks about a missing `return` when backward returns undefined", () => {
    class NoReturn extends BCELoss {
      override backward(): number {
        void ((this.pred - this.y) / (this.pred * (1 - this.pred)));
        return undefined as unknown as number;
      }
    }
    const result = checkBackward("BCELoss", NoReturn);
    assert.equal(result.status, "fail");
    assert.match(result.message, /you returned undefined, .* Did you forget to `return` the value\?/);
  });

  it("says so when LinearFunction.backward leaves the parameters where they were", () => {
    class NoStep extends LinearFunction {
      override backward(): void {}
    }
    const result = checkBackward("LinearFunction", NoStep);
    assert.match(result.message, /your step moved w from 0\.5 to 0\.5, so your dL\/dw is 0, .* did not move/);
  });

  it("reports where a wrong LinearFunction step really moved w (the check steps with lr 0.5)", () => {
    // NoXLinear forgets x: dL/dw = dL/dz = 0.8 instead of 1.6, so w moves 0.5 − 0.5 · 0.8 = 0.1.
    const result = checkBackward("LinearFunction", NoXLinear);
    assert.equal(result.status, "fail");
    assert.match(result.message, /your step moved w from 0\.5 to 0\.1, so your dL\/dw is 0\.8, /);
  });

  it("rejects an unknown exercise or a non-class, naming the argument", () => {
    assert.throws(
      () => checkBackward("Sigmod" as "Sigmoid", Sigmoid),
      /checkBackward: exercise must be "BCELoss", "Sigmoid" or "LinearFunction", got "Sigmod"/,
    );
    assert.throws(
      () => checkBackward("Sigmoid", new Sigmoid() as never),
      /checkBackward: Class must be your Sigmoid class/,
    );
  });
});

describe("the bug gallery", () => {
  // The derivative each bug gets wrong: the one its ✗ message must name.
  const WRONG: Record<string, string> = {
    "flipped sign": "dL/dpred",
    "no denominator": "dL/dpred",
    "σ′ from z": "dL/dz",
    "no upstream gradient": "dL/dz",
    "missing x": "dL/dw",
    "+ instead of −": "dL/dw",
    "b gets w's gradient": "dL/db",
  };

  it("has the seven bugs, in the order of the exercises", () => {
    assert.deepEqual(
      BUGS.map((b) => b.text.en.title),
      Object.keys(WRONG),
    );
    assert.deepEqual(
      BUGS.map((b) => b.exercise),
      ["BCELoss", "BCELoss", "Sigmoid", "Sigmoid", "LinearFunction", "LinearFunction", "LinearFunction"],
    );
  });

  for (const b of BUGS) {
    it(`${b.text.en.title}: extends the real ${b.exercise}, overrides backward, and forward gives the same values`, () => {
      assert.ok(b.Class.prototype instanceof REAL[b.exercise]);
      assert.ok(Object.prototype.hasOwnProperty.call(b.Class.prototype, "backward"));
      assert.deepEqual(forwardValues(b.exercise, b.Class), forwardValues(b.exercise, REAL[b.exercise]));
    });

    it(`${b.text.en.title}: gradCheck catches it, in ${b.exercise} ${WRONG[b.text.en.title]} and in the chain`, () => {
      const { failing, worstRelError } = checkBug(b);
      assert.ok(failing.includes(`${b.exercise} ${WRONG[b.text.en.title]}`), failing.join(", "));
      assert.ok(
        failing.includes(`chain ${WRONG[b.text.en.title] === "dL/db" ? "dL/db" : "dL/dw"}`),
        failing.join(", "),
      );
      assert.ok(worstRelError > 0.5, `a relative error of order 1, got ${worstRelError}`);
      // Only the bug's own class fails on its own: the other two real classes still pass.
      assert.ok(failing.every((f) => f.startsWith(b.exercise) || f.startsWith("chain")));
    });

    it(`${b.text.en.title}: checkBackward's ✗ names ${WRONG[b.text.en.title]} and the gallery's bug`, () => {
      const result = check(b.exercise, b.Class);
      assert.equal(result.status, "fail");
      assert.match(
        result.message,
        new RegExp(`^✗ \\*\\*${b.Class.name}\\.backward\\*\\*: ${WRONG[b.text.en.title]} should be`),
      );
      assert.ok(result.message.includes(`the bug gallery's “${b.text.en.title}”: ${b.text.en.hint}.`), result.message);
    });
  }

  it("a bug that only forgets a factor of the incoming gradient is not mistaken for a gallery bug", () => {
    class Halved extends Sigmoid {
      override backward(dlossDa: number): number {
        return super.backward(dlossDa) / 2;
      }
    }
    const result = checkBackward("Sigmoid", Halved);
    assert.equal(result.status, "fail");
    assert.doesNotMatch(result.message, /bug gallery/);
  });

  it("the table lists each bug with the checks that fail and a relative error of order 1", () => {
    const table = bugCheckTable();
    assert.equal(table.rows.length, BUGS.length);
    for (const row of table.rows) {
      assert.equal(row.length, table.columns.length);
      assert.match(String(row[3]), /chain dL\/d[wb]/);
      assert.ok(Number(row[4]) > 0.5);
    }
  });
});

describe("what each bug does to lesson 4's training run (the gallery's claims)", () => {
  const EPOCHS = 10;
  const { X, Y } = lessonStart();
  const real = lessonRunWith({}, EPOCHS);
  const run = (title: string, epochs = EPOCHS) => {
    const history = lessonRunWith({ [bug(title).exercise]: bug(title).Class }, epochs);
    return { ...history, w: Array.from(history.steps.w), b: Array.from(history.steps.b) };
  };
  const losses = (r: { epochs: { meanLoss: number }[] }) => r.epochs.map((e) => e.meanLoss);
  const rising = (values: number[]) => values.every((v, i) => i === 0 || v > values[i - 1]);
  const last = <T>(values: T[]) => values[values.length - 1];

  it("with the real classes: lesson 4's result, 99 % accuracy", () => {
    assert.equal(real.error, undefined);
    assert.equal(last(real.epochs).accuracy, 0.99);
  });

  it("flipped sign: accuracy falls to 0 and the loss grows every epoch", () => {
    const r = run("flipped sign");
    assert.equal(last(r.epochs).accuracy, 0);
    assert.ok(rising(losses(r)), losses(r).join(", "));
  });

  it("no denominator: accuracy looks fine, but it needs about six times as many epochs to reach the same loss", () => {
    const r = run("no denominator", 100);
    assert.ok(r.epochs[EPOCHS - 1].accuracy >= 0.9);
    const target = last(real.epochs).meanLoss;
    const needed = r.epochs.findIndex((e) => e.meanLoss <= target) + 1;
    assert.ok(needed >= 5 * EPOCHS && needed <= 7 * EPOCHS, `needed ${needed} epochs`);
  });

  it("σ′ from z: w explodes within a few steps and the run stops on an infinite gradient", () => {
    const r = run("σ′ from z");
    assert.match(r.error ?? "", /^step \d: .*got (-)?Infinity/);
    assert.ok(Math.abs(last(r.w)) > 1e6);
  });

  it("no upstream gradient: b only ever decreases and the model ends up predicting 0 for every sample", () => {
    const r = run("no upstream gradient");
    assert.ok(r.b.every((b, k) => b < (k === 0 ? lessonStart().b0 : r.b[k - 1])));
    const w = last(r.w);
    const b = last(r.b);
    assert.ok(X.every((x) => w * x + b < 0));
    assert.equal(last(r.epochs).accuracy, Y.filter((y) => y === 0).length / Y.length);
  });

  it("missing x: w stays negative at every step and most samples end up wrong", () => {
    const r = run("missing x");
    assert.ok(r.w.every((w) => w < 0));
    assert.ok(last(r.epochs).accuracy < 0.5);
  });

  it("+ instead of −: w runs away in the wrong direction and the loss grows every epoch", () => {
    const r = run("+ instead of −");
    assert.ok(last(r.w) < -10 && lessonStart().w0 < 0);
    assert.ok(rising(losses(r)), losses(r).join(", "));
  });

  it("b gets w's gradient: accuracy stalls below the real classes' and the loss rises again", () => {
    const r = run("b gets w's gradient");
    assert.ok(last(r.epochs).accuracy < last(real.epochs).accuracy - 0.1);
    const l = losses(r);
    const best = l.indexOf(Math.min(...l));
    assert.ok(best < EPOCHS - 1 && last(l) > l[best]);
  });

  it("the table shows the real run first, then every bug, a stopped run as 'stopped at step k'", () => {
    const table = bugTrainingTable();
    assert.equal(table.rows.length, BUGS.length + 1);
    assert.equal(table.rows[0][1], 0.99);
    assert.match(String(table.rows[3][1]), /^stopped at step \d$/);
    assert.deepEqual(
      table.rows.slice(1).map((r) => r[5]),
      BUGS.map((b) => b.text.en.symptom),
    );
  });
});

describe("checkAllExercises: the chain and one epoch of training against the reference", () => {
  it("passes the real classes: they train exactly like the blog's", () => {
    const result = checkAllExercises(REAL);
    assert.equal(result.status, "pass", result.message);
    assert.match(result.message, /✓ \*\*The chain\*\*/);
    assert.match(result.message, /100 SGD steps, lr = 0\.01\) .* your classes train exactly like the blog's\./);
  });

  it("passes BCE's derivative in another correct form, −y/p + (1 − y)/(1 − p), within 1e-12", () => {
    class TermByTerm extends BCELoss {
      override backward(): number {
        return -this.y / this.pred + (1 - this.y) / (1 - this.pred);
      }
    }
    const result = checkAllExercises({ ...REAL, BCELoss: TermByTerm });
    assert.equal(result.status, "pass", result.message);
    assert.equal(TRAINING_TOLERANCE, 1e-12);
  });

  it("lists what is not written yet, and does not throw", () => {
    const result = checkAllExercises({ ...REAL, BCELoss: BlankLoss, Sigmoid: BlankSigmoid });
    assert.equal(result.status, "not written");
    assert.equal(
      result.message,
      "✎ Not written yet: BlankLoss.backward, BlankSigmoid.backward. Finish the exercises above first.",
    );
  });

  it("sends the learner back to the exercise that fails", () => {
    const result = checkAllExercises({ ...REAL, Sigmoid: bug("no upstream gradient").Class as typeof Sigmoid });
    assert.equal(result.status, "fail");
    assert.equal(result.message, "✗ Fix NoUpstreamSigmoid.backward first: see its check above.");
  });

  it("catches a step that ignores lr: the per-class check runs with lr = 0.5, and so does the chain", () => {
    class IgnoresLr extends LinearFunction {
      private input = NaN;
      override forward(x: number): number {
        this.input = x;
        return super.forward(x);
      }
      override backward(dlossDz: number): void {
        this.w = this.w - dlossDz * this.input;
        this.b = this.b - dlossDz;
      }
    }
    const single = checkBackward("LinearFunction", IgnoresLr);
    assert.equal(single.status, "fail");
    assert.match(single.message, /dL\/dw should be dL\/dz · x, and the step w ← w − lr·dL\/dw; .* and lr = 0\.5, /);
    assert.equal(checkAllExercises({ ...REAL, LinearFunction: IgnoresLr }).status, "fail");
  });

  it("trains on lesson 4's data from lesson 4's start", () => {
    const start = lessonStart();
    assert.equal(start.X.length, LESSON_RUN.nSamples);
    // The same numbers lesson 4 prints for seed 2023.
    assert.equal(start.w0.toFixed(4), "-0.5888");
    assert.equal(start.b0.toFixed(4), "-0.4095");
  });

  it("rejects a missing class, naming it", () => {
    assert.throws(
      () => checkAllExercises({ BCELoss, Sigmoid } as never),
      /checkAllExercises: LinearFunction must be your LinearFunction class, got undefined/,
    );
  });
});

it("gradCheck itself still passes the real classes (the gallery's baseline)", () => {
  assert.ok(gradCheck({ nPoints: 3, seed: 2023 }).every((r) => r.ok));
});
