// The reference solutions of lesson 9 (notebooks/09-network-exercises.ipynb), for the tests and for
// teachers. They live here, not in src/ or in the notebook, for the reasons given in
// exercise-solutions.ts; the test that fills them into the notebook proves they pass. Each is the
// body that replaces a blank: the `// TODO:` line and the `throw new NotWrittenYet("My<Name>.backward");`
// under it.

/** The two exercises, named after the class whose backward() the learner writes: MyLinear and MyNetwork. */
export type NetworkExerciseName = "Linear" | "Network";

/** The body of each backward(), as lesson 8 derives it. */
export const NETWORK_SOLUTIONS: Record<NetworkExerciseName, string> = {
  Linear: `
const dlossDx = this.x.map((_, j) => this.W.reduce((sum, row, i) => sum + row[j] * dlossDz[i], 0));
const dlossDW = dlossDz.map((g) => this.x.map((xj) => g * xj));
const dlossDb = dlossDz.map((g) => g);
this.W = this.W.map((row, i) => row.map((w, j) => w - lr * dlossDW[i][j]));
this.b = this.b.map((bi, i) => bi - lr * dlossDb[i]);
return dlossDx;`,
  Network: `
const dlossDpred = this.lossFn.backward();
const dlossDz2 = this.sigmoid2.backward(dlossDpred);
const dlossDa1 = this.linear2.backward(dlossDz2, lr);
const dlossDz1 = this.sigmoid1.backward(dlossDa1);
this.linear1.backward(dlossDz1, lr);`,
};

/** A plausible wrong answer: the step first, then dL/dx from the updated W (the classic order bug). */
export const STEP_FIRST_LINEAR = `
const dlossDW = dlossDz.map((g) => this.x.map((xj) => g * xj));
const dlossDb = dlossDz.map((g) => g);
this.W = this.W.map((row, i) => row.map((w, j) => w - lr * dlossDW[i][j]));
this.b = this.b.map((bi, i) => bi - lr * dlossDb[i]);
return this.x.map((_, j) => this.W.reduce((sum, row, i) => sum + row[j] * dlossDz[i], 0));`;
