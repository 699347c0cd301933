// Numerical gradient checks agree with every hand-written backward — and catch broken ones.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BCELoss,
  GRADCHECK_TOLERANCE,
  LinearFunction,
  Sigmoid,
  centralDifference,
  checkLoss,
  checkSigmoid,
  gradCheck,
  relativeError,
} from "../../src";

describe("gradCheck", () => {
  it("every backward agrees with central differences to < 1e-6 at 50 random points", () => {
    const rows = gradCheck({ nPoints: 50, seed: "random points" });
    assert.equal(rows.length, 50 * 6);
    const worst = Math.max(...rows.map((r) => r.relError));
    assert.ok(
      rows.every((r) => r.ok),
      `worst ${worst}`,
    );
    assert.ok(worst < GRADCHECK_TOLERANCE);
    assert.deepEqual(new Set(rows.map((r) => r.layer)), new Set(["LinearFunction", "Sigmoid", "BCELoss", "chain"]));
  });

  it("the errors are far below the tolerance, not just under it", () => {
    const rows = gradCheck({ nPoints: 20, seed: 1 });
    assert.ok(Math.max(...rows.map((r) => r.relError)) < 1e-8);
  });

  it("catches a sigmoid whose slope uses z instead of a", () => {
    class WrongSigmoid extends Sigmoid {
      private z = 0;
      override forward(z: number): number {
        this.z = z;
        return super.forward(z);
      }
      override backward(dlossDa: number): number {
        return dlossDa * this.z * (1 - this.z);
      }
    }
    assert.equal(checkSigmoid(WrongSigmoid, 0.7).ok, false);
    assert.ok(gradCheck({ Sigmoid: WrongSigmoid }).some((r) => r.layer === "WrongSigmoid" && !r.ok));
  });

  it("catches a BCE derivative with a flipped sign", () => {
    class FlippedBCE extends BCELoss {
      override backward(): number {
        return -super.backward();
      }
    }
    assert.equal(checkLoss(FlippedBCE, 0.3, 1).ok, false);
    assert.equal(checkLoss(BCELoss, 0.3, 1).ok, true);
  });

  it("catches a linear layer that forgets the x in dz/dw", () => {
    class NoX extends LinearFunction {
      override backward(dlossDz: number, lr: number): void {
        this.w -= lr * dlossDz;
        this.b -= lr * dlossDz;
      }
    }
    const rows = gradCheck({ LinearFunction: NoX, nPoints: 3 });
    const failed = rows.filter((r) => !r.ok).map((r) => `${r.layer} ${r.derivative}`);
    assert.ok(failed.includes("NoX dL/dw = dL/dz · dz/dw"));
    assert.ok(!failed.includes("NoX dL/db = dL/dz · dz/db"));
  });

  it("centralDifference is exact to rounding for a quadratic; relativeError is symmetric", () => {
    assert.ok(Math.abs(centralDifference((v) => v * v, 3) - 6) < 1e-9);
    assert.equal(relativeError(2, 1), relativeError(1, 2));
    assert.equal(relativeError(5, 5), 0);
  });
});
