// Typed quiz answers: the practice quiz reads numbers, decimal commas and fractions with the parser the
// graded quizzes use (lib/grading/answers.ts, through lib/course/quiz.ts), and every numeric question
// accepts the forms a student would type for its answer: the fraction the lecture gives, and the
// decimals its prompt asks for. No question is asked twice in the course.
import assert from "node:assert/strict";
import { test } from "node:test";
import { answerText, isCorrect, NUMERIC_ANSWER_HINT, parseNumericAnswer, type QuizQuestion } from "@/lib/course/quiz";
import { QUIZZES } from "@/lib/course/quizzes";

type Numeric = Extract<QuizQuestion, { kind: "numeric" }>;
const numericQuestions = Object.entries(QUIZZES).flatMap(([slug, quiz]) => quiz.filter((q): q is Numeric => q.kind === "numeric").map((q) => ({ slug, q })));
const question = (slug: string, id: string) => {
  const q = QUIZZES[slug]?.find((x) => x.id === id);
  assert.ok(q, `${slug}/${id} exists`);
  return q;
};
const accepts = (q: QuizQuestion, typed: string) => {
  const value = parseNumericAnswer(typed);
  return value !== null && isCorrect(q, value);
};

test("numbers, decimal commas, fractions and scientific notation are read; anything else is refused", () => {
  const read: [string, number][] = [
    ["0.25", 0.25],
    [".25", 0.25],
    ["0,25", 0.25],
    ["1/4", 0.25],
    [" 1 / 4 ", 0.25],
    ["-1/4", -0.25],
    ["−1/4", -0.25], // U+2212, as copied from a formula
    ["+3", 3],
    ["40/51", 40 / 51],
    ["0.18/0.32", 0.5625],
    ["2.5e-3", 0.0025],
    ["1E3", 1000],
  ];
  for (const [typed, value] of read) assert.equal(parseNumericAnswer(typed), value, JSON.stringify(typed));
  for (const typed of ["", "  ", "one half", "1/0", "1/2/3", "1,000.5", "0x10", "1e", "--1", "Infinity", "NaN", "1 2", "√2"]) {
    assert.equal(parseNumericAnswer(typed), null, JSON.stringify(typed));
  }
  assert.match(NUMERIC_ANSWER_HINT, /fraction/);
  assert.match(NUMERIC_ANSWER_HINT, /1\/4/);
});

test("every numeric answer is accepted as written, and as a fraction where it is one", () => {
  for (const { slug, q } of numericQuestions) {
    assert.ok(accepts(q, String(q.answer)), `${slug}/${q.id}: ${q.answer}`);
    assert.ok(accepts(q, answerText(q)), `${slug}/${q.id}: the answer as shown, ${answerText(q)}`);
    // A fraction with a small denominator that equals the answer (4/51, 26/3, 9/16, …) is accepted exactly.
    for (let b = 2; b <= 200; b++) {
      const a = Math.round(q.answer * b);
      if (Math.abs(a / b - q.answer) < 1e-12 && Math.abs(a % b) !== 0) {
        assert.ok(accepts(q, `${a}/${b}`), `${slug}/${q.id}: ${a}/${b}`);
        break;
      }
    }
  }
});

test("the lecture's fractions are accepted where the answer is one", () => {
  assert.ok(accepts(question("markov-chains-mcmc", "stationary-pi2"), "40/51"));
  assert.ok(accepts(question("markov-chains-mcmc", "stationary-pi2"), "40 / 51"));
  assert.ok(accepts(question("markov-chains-mcmc", "stationary-pi2"), "0,7843"));
  assert.ok(!accepts(question("markov-chains-mcmc", "stationary-pi2"), "4/51"), "π₁ is not π₂");
  assert.ok(accepts(question("parametric-density-estimation", "mle-variance"), "26/3"));
  assert.ok(!accepts(question("parametric-density-estimation", "mle-variance"), "13"), "the unbiased N − 1 estimate is not the MLE");
  assert.ok(accepts(question("discriminative-vs-generative", "bayes-posterior"), "9/16"));
  assert.ok(accepts(question("discriminative-vs-generative", "bayes-posterior"), "0.18/0.32"));
});

test("a prompt that asks for n decimals accepts the answer rounded to n decimals", () => {
  const words: Record<string, number> = { two: 2, three: 3, four: 4 };
  let asked = 0;
  for (const { slug, q } of numericQuestions) {
    const match = /\b(\d|two|three|four) decimals\b/i.exec(q.prompt);
    if (!match) continue;
    asked++;
    const digits = words[match[1].toLowerCase()] ?? Number(match[1]);
    const rounded = q.answer.toFixed(digits);
    assert.ok(accepts(q, rounded), `${slug}/${q.id}: ${rounded} (answer ${q.answer} ± ${q.tolerance})`);
  }
  assert.ok(asked >= 10, `${asked} prompts ask for a number of decimals`);
});

test("no question is asked twice: prompts, and choice lists, differ across the whole course", () => {
  const normalise = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  const prompts = new Map<string, string>();
  const choiceSets = new Map<string, string>();
  for (const [slug, quiz] of Object.entries(QUIZZES)) {
    for (const q of quiz) {
      const where = `${slug}/${q.id}`;
      const prompt = normalise(q.prompt);
      assert.ok(!prompts.has(prompt), `${where} asks the same as ${prompts.get(prompt)}`);
      prompts.set(prompt, where);
      if (q.kind === "choice") {
        const set = q.choices.map(normalise).sort().join(" | ");
        assert.ok(!choiceSets.has(set), `${where} offers the same choices as ${choiceSets.get(set)}`);
        choiceSets.set(set, where);
      }
    }
  }
});

test("the answer shown after “Show the answer” is the right choice, or the number (whole, or to 6 significant digits)", () => {
  const choice = QUIZZES.gan.find((q) => q.kind === "choice")!;
  assert.equal(answerText(choice), choice.kind === "choice" ? choice.choices[choice.answer] : "");
  assert.equal(answerText({ id: "x", kind: "numeric", prompt: "p", answer: 40 / 51, tolerance: 0.0005, explanation: "e" }), "0.784314");
  assert.equal(answerText({ id: "x", kind: "numeric", prompt: "p", answer: 2017, tolerance: 0, explanation: "e" }), "2017");
  assert.equal(answerText({ id: "x", kind: "numeric", prompt: "p", answer: 2 ** 20, tolerance: 0.5, explanation: "e" }), "1048576");
  assert.equal(answerText({ id: "x", kind: "numeric", prompt: "p", answer: -0.9163, tolerance: 0.001, explanation: "e" }), "-0.9163");
});
