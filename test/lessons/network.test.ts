// Lesson 9's checks: a learner's vector Linear.backward and network backward are judged against
// numerical slopes and told, in words and in both languages, which gradient is wrong; every bug of
// the gallery is one line away from a correct backward, is caught, and does what the gallery says.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  AccumulatingLinear,
  GalleryLinear,
  NETWORK_BUGS,
  NETWORK_RUN,
  NETWORK_TRAINING_TOLERANCE,
  NoHiddenSlopeNetwork,
  NoTransposeLinear,
  NotWrittenYet,
  SigmoidTwiceLayer,
  StepFirstLinear,
  TwoLayerNetwork,
  bugNetwork,
  checkLinearLayer,
  checkNetwork,
  checkNetworkBug,
  checkNetworkExercises,
  largestWeight,
  networkBugCheckTable,
  networkBugTrainingTable,
  networkLessonStart,
  networkRunWith,
  type NetworkBug,
} from "../../src/lessons";
import {
  Linear,
  initNetwork,
  predict,
  sigmoid,
  sigmoidSlope,
  trainNetwork,
  type Matrix,
  type NetworkParams,
  type Vector,
} from "../../src";
import { extractSource } from "../../src/display/source";
import { ROOT } from "../helpers";

const bug = (id: string): NetworkBug => {
  const found = NETWORK_BUGS.find((b) => b.id === id);
  assert.ok(found, `the gallery has the bug "${id}"`);
  return found;
};

/** Layers shaped like the notebook's exercise, with a blank backward. */
class BlankLinear extends Linear {
  override backward(): Vector {
    throw new NotWrittenYet("BlankLinear.backward");
  }
}
class BlankNetwork extends TwoLayerNetwork {
  override backward(): void {
    throw new NotWrittenYet("BlankNetwork.backward");
  }
}
/** A network that is written, on a blank Linear. */
class OnBlankLinear extends TwoLayerNetwork {
  constructor(params: NetworkParams) {
    super(params, { Linear: BlankLinear });
  }
}
/** A network whose chain is right, on a Linear with the order bug. */
class OnStepFirst extends TwoLayerNetwork {
  constructor(params: NetworkParams) {
    super(params, { Linear: StepFirstLinear });
  }
}

describe("checkLinearLayer: the learner's vector Linear.backward against numerical slopes", () => {
  for (const Class of [Linear, GalleryLinear]) {
    it(`passes ${Class.name}: every entry of dL/dx, dL/dW and dL/db on a 3 × 2 and a 2 × 2 layer, two calls each`, () => {
      const result = checkLinearLayer(Class);
      assert.equal(result.status, "pass", result.message);
      // (2 + 6 + 3) + (2 + 4 + 2) entries, two calls each.
      assert.equal(result.rows.length, 38);
      assert.match(
        result.message,
        new RegExp(
          `^✓ \\*\\*${Class.name}\\.backward\\*\\*: dL/dx, dL/dW and dL/db match .* \\(38 comparisons, largest relative error \\d\\.\\de-\\d+, tolerance 1\\.0e-6\\)\\.$`,
        ),
      );
    });
  }

  it("says which gradient is wrong, where, by how much and what the numerical slope is — the order bug", () => {
    const result = checkLinearLayer(StepFirstLinear);
    assert.equal(result.status, "fail");
    assert.equal(
      result.message,
      "✗ **StepFirstLinear.backward**: dL/dx should be Wᵀ · dL/dz, computed with the W that forward used (before " +
        "the step); on the 3 × 2 layer, call 1 of 2 in a row (x = [1.5, -0.7], dL/dz = [0.6, -0.9, 0.35], lr = 0.5), " +
        "your dL/dx[0] is -1.599, but the numerical slope is -0.63. (dL/dW and dL/db are right there.) It behaves " +
        "exactly like the bug gallery's “W stepped before dL/dx”: compute dL/dx first, with the W that forward used, " +
        "and only then step W.",
    );
  });

  it("catches a missing transpose on the non-square layer (the wrong length) and on the square one (the wrong values)", () => {
    const found = checkNetworkBug(bug("no-transpose"));
    assert.deepEqual(found.layerFailing, ["3 × 2: dL/dx", "2 × 2: dL/dx"]);
    const result = checkLinearLayer(NoTransposeLinear);
    assert.match(
      result.message,
      /on the 3 × 2 layer, call 1 of 2 .*, your dL\/dx has 3 numbers, but x has 2\. \(dL\/dW and dL\/db are right there\.\) dL\/dx has one number per input, as many as W has columns \(W is 3 × 2\): that is Wᵀ · dL\/dz, not W · dL\/dz\./,
    );
    // A transpose that goes wrong only on a square layer is still caught, there.
    class SquareOnlySlip extends GalleryLinear {
      override backward(dlossDz: Vector, lr: number): Vector {
        const { W } = this;
        const dlossDx = super.backward(dlossDz, lr);
        if (W.length !== W[0].length) return dlossDx;
        return W.map((row) => row.reduce((sum, w, j) => sum + w * dlossDz[j], 0));
      }
    }
    assert.match(checkLinearLayer(SquareOnlySlip).message, /on the 2 × 2 layer, call 1 of 2 .*your dL\/dx\[0\] is /);
  });

  it("catches a gradient kept from the call before, at call 2, and says call 1 was right", () => {
    const result = checkLinearLayer(AccumulatingLinear);
    assert.equal(result.status, "fail");
    assert.match(
      result.message,
      /^✗ \*\*AccumulatingLinear\.backward\*\*: dL\/dW should be dL\/dz · xᵀ .*on the 3 × 2 layer, call 2 of 2 in a row .*your step moved W\[0\]\[0\] from 0\.05 to -0\.5, so your dL\/dW\[0\]\[0\] is 1\.1, but the numerical slope is 0\.2\. \(dL\/dx is right there\.\) Your backward was right at call 1 on this layer and is wrong at call 2: does it keep something from the call before\? It behaves exactly like the bug gallery's “gradient never reset”/,
    );
  });

  it("reports a blank (NotWrittenYet) as 'not written yet', by name too, instead of throwing", () => {
    const result = checkLinearLayer(BlankLinear);
    assert.equal(result.status, "not written");
    assert.equal(result.missing, "BlankLinear.backward");
    assert.match(result.message, /^✎ \*\*BlankLinear\.backward\*\*: not written yet — fill in the cell above/);
    class Foreign extends Linear {
      override backward(): Vector {
        const error = new Error("not yet");
        error.name = "NotWrittenYet";
        throw error;
      }
    }
    assert.equal(checkLinearLayer(Foreign).status, "not written");
  });

  it("reports any other error the learner's code throws, with its message, instead of throwing", () => {
    class Typo extends Linear {
      override backward(): Vector {
        throw new TypeError("this.X is undefined");
      }
    }
    const result = checkLinearLayer(Typo);
    assert.equal(result.status, "error");
    assert.match(
      result.message,
      /✗ \*\*Typo\.backward\*\* could not be checked: your code threw `TypeError: this\.X is undefined`/,
    );
  });

  it("asks about a missing return, says when nothing moved, and names a flipped sign", () => {
    class NoReturn extends Linear {
      override backward(dlossDz: Vector, lr: number): Vector {
        super.backward(dlossDz, lr);
        return undefined as unknown as Vector;
      }
    }
    assert.match(
      checkLinearLayer(NoReturn).message,
      /your backward returned undefined instead of dL\/dx\. .* Did you forget to `return` dL\/dx\?/,
    );
    class NoStep extends Linear {
      override backward(dlossDz: Vector): Vector {
        return this.W[0].map((_, j) => this.W.reduce((sum, row, i) => sum + row[j] * dlossDz[i], 0));
      }
    }
    assert.match(
      checkLinearLayer(NoStep).message,
      /your step moved W\[0\]\[0\] from 0\.5 to 0\.5, so your dL\/dW\[0\]\[0\] is 0, .* The parameter did not move: backward must also take the step\./,
    );
    class Uphill extends Linear {
      override backward(dlossDz: Vector, lr: number): Vector {
        return super
          .backward(
            dlossDz.map((g) => -g),
            lr,
          )
          .map((g) => -g);
      }
    }
    assert.match(
      checkLinearLayer(Uphill).message,
      /dL\/dW should be .* Your value has the right size but the wrong sign\./,
    );
  });

  it("speaks Korean when asked, with the same numbers and the gallery's Korean words", () => {
    const result = checkLinearLayer(StepFirstLinear, { lang: "ko" });
    assert.match(
      result.message,
      /^✗ \*\*StepFirstLinear\.backward\*\*: dL\/dx는 forward가 쓴 W\(업데이트하기 전의 W\)로 계산한 Wᵀ · dL\/dz여야 합니다\. 3 × 2 층에서 연달아 2번 부른 것 가운데 1번째 호출 \(x = \[1\.5, -0\.7\], dL\/dz = \[0\.6, -0\.9, 0\.35\], lr = 0\.5\)에서 여러분의 dL\/dx\[0\] 값은 -1\.599인데, 수치 미분으로 구한 기울기는 -0\.63입니다\. \(여기서 맞는 것: dL\/dW, dL\/db\.\) 버그 갤러리의 “dL\/dx보다 W를 먼저 업데이트”/,
    );
    assert.match(
      checkLinearLayer(Linear, { lang: "ko" }).message,
      /^✓ \*\*Linear\.backward\*\*: 3 × 2 층과 2 × 2 층에서/,
    );
  });

  it("rejects a non-class and an unknown language, naming the argument", () => {
    assert.throws(
      () => checkLinearLayer(new Linear({ W: [[1]], b: [0] }) as never),
      /checkLinearLayer: Class must be your Linear class/,
    );
    assert.throws(
      () => checkLinearLayer(Linear, { lang: "fr" as "en" }),
      /checkLinearLayer: lang must be "en" or "ko", got "fr"/,
    );
  });
});

describe("checkNetwork: the learner's chain against the slope of the network's own loss", () => {
  it("passes the reference network: every parameter's gradient at two points (H = 3 and H = 2)", () => {
    const result = checkNetwork(TwoLayerNetwork);
    assert.equal(result.status, "pass", result.message);
    assert.equal(result.rows.length, 13 + 9);
    assert.match(
      result.message,
      /^✓ \*\*TwoLayerNetwork\.backward\*\*: the gradient of every parameter \(13 in all\) matches .* at 2 points/,
    );
  });

  it("names the first wrong parameter in backpropagation's order, which groups are right, and the gallery's bug", () => {
    const result = checkNetwork(NoHiddenSlopeNetwork);
    assert.equal(result.status, "fail");
    assert.equal(
      result.message,
      "✗ **NoHiddenSlopeNetwork.backward**: dL/dW1 should be dL/dz1 · xᵀ, where dL/dz1 = (W2ᵀ · dL/dz2) · a1·(1 − a1), " +
        "unit by unit; at x = [0.6, -0.9], y = 1 (H = 3, lr = 0.5), your step moved W1[0][0] from 0.2855 to 0.2299, so " +
        "your dL/dW1[0][0] is 0.1114, but the numerical slope is 0.02363. W2 and b2 are right, W1 and b1 are wrong: the " +
        "gradient goes wrong on its way from linear2 down to linear1. It behaves exactly like the bug gallery's “no " +
        "hidden sigmoid slope”: between linear2 and linear1 sits sigmoid1: dL/dz1 = sigmoid1.backward(dL/da1).",
    );
    assert.match(
      checkNetwork(NoHiddenSlopeNetwork, { lang: "ko" }).message,
      /맞는 파라미터: W2, b2\. 틀린 파라미터: W1, b1\. 기울기가 linear2에서 linear1로 내려가는 길에서 잘못됩니다\. 버그 갤러리의 “은닉층 시그모이드 기울기를 빠뜨림”/,
    );
  });

  it("says a blank network is not written yet, even when its Linear is blank too", () => {
    class BlankOnBlank extends BlankNetwork {
      constructor(params: NetworkParams) {
        super(params, { Linear: BlankLinear });
      }
    }
    for (const Class of [BlankNetwork, BlankOnBlank]) {
      const result = checkNetwork(Class);
      assert.equal(result.status, "not written");
      assert.equal(result.missing, "BlankNetwork.backward");
      assert.equal(
        result.message,
        "✎ **BlankNetwork.backward**: not written yet — fill in the cell above, run it, then run this check again.",
      );
    }
  });

  it("sends a written network back to its Linear when that is blank or fails its own check", () => {
    const blank = checkNetwork(OnBlankLinear);
    assert.equal(blank.status, "not written");
    assert.equal(blank.missing, "BlankLinear.backward");
    assert.equal(
      blank.message,
      "✎ **OnBlankLinear.backward** calls BlankLinear.backward, which is not written yet — finish that exercise first, then run this check again.",
    );
    const wrong = checkNetwork(OnStepFirst);
    assert.equal(wrong.status, "fail");
    assert.equal(wrong.blockedBy, "StepFirstLinear.backward");
    assert.match(
      wrong.message,
      /^✗ \*\*OnStepFirst\.backward\*\* cannot be judged yet: its layers are StepFirstLinear, .* fix StepFirstLinear\.backward first/,
    );
  });

  it("explains a network without linear1 and linear2, and reports an error the chain throws", () => {
    class Elsewhere {
      layers = new TwoLayerNetwork(initNetwork({ hidden: 2, seed: 1 }));
      constructor(params: NetworkParams) {
        this.layers = new TwoLayerNetwork(params);
      }
      forward(x: Vector, y: 0 | 1) {
        return this.layers.forward(x, y);
      }
      backward(lr: number) {
        this.layers.backward(lr);
      }
    }
    assert.match(
      checkNetwork(Elsewhere as never).message,
      /a network must keep its layers as `linear1`, `sigmoid1`, `linear2`/,
    );
    class Throws extends TwoLayerNetwork {
      override backward(): void {
        throw new RangeError("dlossDa must be an array of 3 numbers");
      }
    }
    assert.equal(checkNetwork(Throws).status, "error");
  });
});

/** The code lines of a class member's body as the file has them — what a learner would compare. */
function bodyLines(file: string, className: string, member: string): string[] {
  const text = readFileSync(path.join(ROOT, "src", file), "utf8");
  return extractSource(text, className, [member])
    .code.split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && l !== "}" && !/^(\/\/|\/\*\*|\*|export class|override |backward\()/.test(l));
}

/** True when `a` and `b` become equal after dropping at most one line from each: one line changed, moved or missing. */
function oneLineApart(a: string[], b: string[]): boolean {
  const without = (xs: string[], k: number) => xs.filter((_, i) => i !== k);
  for (let i = -1; i < a.length; i++) {
    for (let j = -1; j < b.length; j++) {
      const [x, y] = [i < 0 ? a : without(a, i), j < 0 ? b : without(b, j)];
      if (x.length === y.length && x.every((l, k) => l === y[k]) && (i >= 0 || j >= 0)) return true;
    }
  }
  return false;
}

describe("the bug gallery", () => {
  // Where each bug is caught: the layer check's failing gradients, and the network check's.
  const CAUGHT: Record<string, { layer: string[]; network: string[] | "stops" }> = {
    "no-transpose": { layer: ["3 × 2: dL/dx", "2 × 2: dL/dx"], network: "stops" },
    "step-first": { layer: ["3 × 2: dL/dx", "2 × 2: dL/dx"], network: ["W1", "b1"] },
    accumulating: { layer: ["3 × 2: dL/dW, dL/db", "2 × 2: dL/dW, dL/db"], network: [] },
    "sigmoid-twice": { layer: [], network: ["W2", "b2", "W1", "b1"] },
    "no-hidden-slope": { layer: [], network: ["W1", "b1"] },
  };

  it("has five bugs: the layer's three, the sigmoid's, the chain's", () => {
    assert.deepEqual(
      NETWORK_BUGS.map((b) => b.id),
      Object.keys(CAUGHT),
    );
    assert.deepEqual(
      NETWORK_BUGS.map((b) => b.part),
      ["Linear", "Linear", "Linear", "SigmoidLayer", "Network"],
    );
  });

  it("GalleryLinear, the bugs' correct starting point, trains exactly like Linear", () => {
    const make = (L: typeof Linear) => (p: NetworkParams) => new TwoLayerNetwork(p, { Linear: L });
    const a = networkRunWith(make(Linear), 2);
    const b = networkRunWith(make(GalleryLinear), 2);
    assert.deepEqual(b.params, a.params);
  });

  const BASE: Record<string, [string, string, string]> = {
    Linear: ["lessons/networkBugs.ts", "GalleryLinear", "backward"],
    Network: ["lessons/networkBugs.ts", "TwoLayerNetwork", "backward"],
  };
  for (const b of NETWORK_BUGS) {
    if (b.part !== "SigmoidLayer") {
      it(`${b.text.en.title}: exactly one line away from ${BASE[b.part][1]}.backward`, () => {
        const base = bodyLines(...BASE[b.part]);
        const mine = bodyLines("lessons/networkBugs.ts", b.Class.name, "backward");
        assert.ok(base.length >= 5, base.join("\n"));
        assert.ok(oneLineApart(base, mine), `${b.Class.name}:\n${mine.join("\n")}\n---\n${base.join("\n")}`);
      });
    }

    it(`${b.text.en.title}: caught — ${JSON.stringify(CAUGHT[b.id])}`, () => {
      const found = checkNetworkBug(b);
      assert.deepEqual(found.layerFailing, CAUGHT[b.id].layer);
      if (CAUGHT[b.id].network === "stops")
        assert.match(found.networkError ?? "", /dlossDa must be an array of 3 numbers/);
      else assert.deepEqual(found.networkFailing, CAUGHT[b.id].network);
      assert.ok(found.worstRelError > 0.5, `a relative error of order 1, got ${found.worstRelError}`);
    });

    it(`${b.text.en.title}: the learner's check names it, with its hint, in English and Korean`, () => {
      for (const lang of ["en", "ko"] as const) {
        const result =
          b.part === "Linear"
            ? checkLinearLayer(b.Class as typeof Linear, { lang })
            : checkNetwork(b.part === "Network" ? (b.Class as typeof TwoLayerNetwork) : SigmoidTwiceNetwork, { lang });
        assert.equal(result.status, "fail");
        const looksLike = lang === "en" ? "the bug gallery's" : "버그 갤러리의";
        assert.ok(result.message.includes(`${looksLike} “${b.text[lang].title}”`), result.message);
        assert.ok(result.message.includes(b.text[lang].hint), result.message);
      }
    });
  }

  it("a slip that is not in the gallery is not mistaken for one", () => {
    class Halved extends GalleryLinear {
      override backward(dlossDz: Vector, lr: number): Vector {
        return super.backward(dlossDz, lr).map((g) => g / 2);
      }
    }
    const result = checkLinearLayer(Halved);
    assert.equal(result.status, "fail");
    assert.doesNotMatch(result.message, /bug gallery/);
  });

  it("the table lists each bug with where it is caught and a relative error of order 1", () => {
    const table = networkBugCheckTable();
    assert.equal(table.rows.length, NETWORK_BUGS.length);
    assert.deepEqual(
      table.rows.map((r) => [r[0], r[3], r[4]]),
      [
        [
          "forgotten transpose",
          "3 × 2 layer: dL/dx; 2 × 2 layer: dL/dx",
          "stops: SigmoidLayer.backward: dlossDa must be an array of 3 numbers, got an array of length 1",
        ],
        ["W stepped before dL/dx", "3 × 2 layer: dL/dx; 2 × 2 layer: dL/dx", "dL/dW1, dL/db1"],
        ["gradient never reset", "3 × 2 layer: dL/dW, dL/db; 2 × 2 layer: dL/dW, dL/db", "passes"],
        ["σ applied twice", "— (not a layer)", "dL/dW2, dL/db2, dL/dW1, dL/db1"],
        ["no hidden sigmoid slope", "— (not a layer)", "dL/dW1, dL/db1"],
      ],
    );
    for (const row of table.rows) assert.ok(Number(row[5]) > 0.5);
    assert.equal(networkBugCheckTable({ lang: "ko" }).rows[2][4], "통과");
  });
});

/** The reference network with the gallery's sigmoid bug in both sigmoid layers. */
class SigmoidTwiceNetwork extends TwoLayerNetwork {
  constructor(params: NetworkParams) {
    super(params, { SigmoidLayer: SigmoidTwiceLayer });
  }
}

describe("what each bug does to lesson 8's run on the XOR cloud (the gallery's claims)", () => {
  const { X, Y } = networkLessonStart();
  const EPOCHS = NETWORK_RUN.epochs;
  const real = networkRunWith((p) => new TwoLayerNetwork(p), EPOCHS);
  const run = (id: string) => networkRunWith(bugNetwork(bug(id)), EPOCHS);
  const last = (r: { epochs: { accuracy: number; meanLoss: number }[] }) => r.epochs[r.epochs.length - 1];
  const zeros = Y.filter((y) => y === 0).length / Y.length;
  const preds = (p: NetworkParams) => X.map((x) => predict(p, x));
  const hidden = (p: NetworkParams) =>
    X.flatMap((x) => p.W1.map((w, h) => sigmoid(w[0] * x[0] + w[1] * x[1] + p.b1[h])));

  it("lesson 8's run: the XOR cloud, 200 points, H = 4, lr 0.5, 50 epochs from seed 2023", () => {
    assert.deepEqual(NETWORK_RUN, { seed: 2023, nSamples: 200, hidden: 4, lr: 0.5, epochs: 50 });
    assert.equal(X.length, 200);
    assert.deepEqual(networkLessonStart().params, initNetwork({ hidden: 4, seed: 2023 }));
  });

  it("with the real classes: trainNetwork's run exactly, every point right", () => {
    const { X: X0, Y: Y0, params } = networkLessonStart();
    const reference = trainNetwork({ X: X0, Y: Y0, params, lr: NETWORK_RUN.lr, epochs: EPOCHS });
    assert.equal(real.error, undefined);
    assert.deepEqual(real.params, reference.params);
    assert.deepEqual(real.epochs, reference.epochs);
    assert.equal(last(real).accuracy, 1);
    assert.equal(zeros, 0.495);
  });

  it("forgotten transpose: stops at step 1, where SigmoidLayer.backward gets 1 number for 4 hidden units", () => {
    const r = run("no-transpose");
    assert.equal(r.nSteps, 0);
    assert.match(
      r.error ?? "",
      /^step 1: SigmoidLayer\.backward: dlossDa must be an array of 4 numbers, got an array of length 1/,
    );
  });

  it("W stepped before dL/dx: dL/da1 is off by lr·(dL/dz2)²·a1, and the run looks like lesson 8's", () => {
    const W = [[0.7, -1.1, 0.4]];
    const a1 = [0.3, 0.8, 0.55];
    const g = 0.6;
    const dx = (L: typeof Linear) => {
      const layer = new L({ W: W, b: [0.2] });
      layer.forward(a1);
      return layer.backward([g], NETWORK_RUN.lr);
    };
    const [right, wrong] = [dx(Linear), dx(StepFirstLinear)];
    a1.forEach((a, h) => assert.ok(Math.abs(wrong[h] - right[h] + NETWORK_RUN.lr * g * g * a) < 1e-15));
    const r = run("step-first");
    assert.equal(last(r).accuracy, 1);
    assert.ok(
      Math.abs(last(r).meanLoss / last(real).meanLoss - 1) < 0.01,
      `${last(r).meanLoss} vs ${last(real).meanLoss}`,
    );
  });

  it("gradient never reset: the weights reach about 100 000 and the network answers 0 everywhere (49.5 %, loss near 46)", () => {
    const r = run("accumulating");
    assert.equal(r.error, undefined);
    const big = largestWeight(r.params);
    assert.ok(big > 5e4 && big < 5e5, `${big}`);
    assert.ok(preds(r.params).every((p) => p < 0.5));
    assert.equal(last(r).accuracy, zeros);
    assert.ok(last(r).meanLoss > 40 && last(r).meanLoss < 55, `${last(r).meanLoss}`);
  });

  it("σ applied twice: a slope near 0.2 whatever the unit does, the hidden units switch off (b1 < −4), one answer 0.46", () => {
    for (const a of [0, 0.5, 1]) {
      const slope = sigmoidSlope(sigmoid(a));
      assert.ok(slope > 0.19 && slope <= 0.25);
    }
    assert.ok(sigmoid(0) === 0.5 && sigmoid(1) < 0.732);
    const r = run("sigmoid-twice");
    assert.ok(
      r.params.b1.every((b) => b < -4 && b > -5),
      r.params.b1.join(", "),
    );
    const p = preds(r.params);
    assert.ok(
      Math.max(...p) - Math.min(...p) < 0.01 && Math.abs(p[0] - 0.46) < 0.01,
      `${Math.min(...p)}..${Math.max(...p)}`,
    );
    assert.equal(last(r).accuracy, zeros);
  });

  it("no hidden sigmoid slope: every hidden unit off (b1 ≈ −6, a1 ≈ 0), the same 0.46 everywhere, 49.5 %", () => {
    const r = run("no-hidden-slope");
    assert.ok(
      r.params.b1.every((b) => b < -5.5 && b > -6.5),
      r.params.b1.join(", "),
    );
    assert.ok(hidden(r.params).every((a) => a < 0.01));
    const p = preds(r.params);
    assert.ok(
      Math.max(...p) - Math.min(...p) < 0.01 && Math.abs(p[0] - 0.46) < 0.01,
      `${Math.min(...p)}..${Math.max(...p)}`,
    );
    assert.equal(last(r).accuracy, zeros);
  });

  it("the table shows the real run first, then every bug with its symptom, a stopped run as 'stopped at step 1'", () => {
    const table = networkBugTrainingTable();
    assert.equal(table.rows.length, NETWORK_BUGS.length + 1);
    assert.equal(table.rows[0][1], 1);
    assert.equal(table.rows[1][1], "stopped at step 1");
    assert.deepEqual(
      table.rows.slice(1).map((r) => r[4]),
      NETWORK_BUGS.map((b) => b.text.en.symptom),
    );
    assert.equal(networkBugTrainingTable({ lang: "ko", epochs: 1 }).rows[1][1], "스텝 1에서 멈춤");
  });
});

describe("checkNetworkExercises: both exercises, then one epoch of lesson 8 next to trainNetwork", () => {
  it("passes the real classes: every loss and parameter of 200 steps as trainNetwork's", () => {
    const result = checkNetworkExercises({ Linear: Linear, Network: TwoLayerNetwork });
    assert.equal(result.status, "pass", result.message);
    assert.match(
      result.message,
      /^✓ \*\*Training\*\*: one epoch of lesson 8 \(200 SGD steps on the XOR cloud, H = 4, lr = 0\.5\) .* \(largest relative difference 0, tolerance 1\.0e-12\): you have backpropagated through a network by hand\.$/,
    );
    assert.equal(NETWORK_TRAINING_TOLERANCE, 1e-12);
  });

  it("passes a correct Linear that adds its sums in another order, within 1e-12", () => {
    class Reversed extends Linear {
      private input: Vector = [];
      override forward(x: Vector): Vector {
        this.input = x;
        return this.W.map((row, i) => row.reduceRight((sum, w, j) => sum + w * x[j], 0) + this.b[i]);
      }
      override backward(dlossDz: Vector, lr: number): Vector {
        const x = this.input;
        const dx = x.map((_, j) => this.W.reduceRight((sum, row, i) => sum + row[j] * dlossDz[i], 0));
        this.W = this.W.map((row, i) => row.map((w, j) => w - lr * dlossDz[i] * x[j]));
        this.b = this.b.map((b, i) => b - lr * dlossDz[i]);
        return dx;
      }
    }
    class OnReversed extends TwoLayerNetwork {
      constructor(params: NetworkParams) {
        super(params, { Linear: Reversed });
      }
    }
    const result = checkNetworkExercises({ Linear: Reversed, Network: OnReversed });
    assert.equal(result.status, "pass", result.message);
  });

  it("lists what is not written yet, each method once, and does not throw", () => {
    assert.equal(
      checkNetworkExercises({ Linear: BlankLinear, Network: BlankNetwork }).message,
      "✎ Not written yet: BlankLinear.backward, BlankNetwork.backward. Finish the exercises above first.",
    );
    assert.equal(
      checkNetworkExercises({ Linear: BlankLinear, Network: OnBlankLinear }).message,
      "✎ Not written yet: BlankLinear.backward. Finish the exercises above first.",
    );
  });

  it("sends the learner back to the Linear alone when the network is only held up by it", () => {
    const result = checkNetworkExercises({ Linear: StepFirstLinear, Network: OnStepFirst });
    assert.equal(result.message, "✗ Fix StepFirstLinear.backward first: see its check above.");
  });

  it("catches a network that is right at every single step it is checked on but drifts in training", () => {
    class Decaying extends TwoLayerNetwork {
      private calls = 0;
      override backward(lr: number): void {
        super.backward(lr * 0.99 ** this.calls++);
      }
    }
    assert.equal(checkNetwork(Decaying).status, "pass");
    const result = checkNetworkExercises({ Linear: Linear, Network: Decaying });
    assert.equal(result.status, "fail");
    assert.match(
      result.message,
      /^✗ \*\*Training\*\*: your network leaves the reference run at step 2 of 200: W2\[0\]\[0\] after the update is -?\d\.\d+ instead of -?\d\.\d+\.$/,
    );
  });

  it("rejects a missing class, naming it", () => {
    assert.throws(
      () => checkNetworkExercises({ Linear: Linear } as never),
      /checkNetworkExercises: Network must be your network class, got undefined/,
    );
  });
});

it("a layer trains its own copy of W: the arrays a learner passes in never change", () => {
  const W: Matrix = [
    [1, 2],
    [3, 4],
  ];
  const layer = new GalleryLinear({ W: W, b: [0, 0] });
  layer.forward([1, 1]);
  layer.backward([1, 1], 0.5);
  assert.deepEqual(W, [
    [1, 2],
    [3, 4],
  ]);
});
