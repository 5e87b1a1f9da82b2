// A valid input for every tRPC procedure, naming a classroom's objects: what the authorization
// matrix calls and what the fuzz tests take apart. Procedures without input have no entry.
import { QUIZZES } from "@/lib/course/quizzes";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { type Classroom, type LiveActivity, MARKOV_PI } from "./classroom";
import { unique } from "./database";

/** The gan module's first multiple-choice question. */
export const ganChoiceQuestion = () => QUIZZES.gan.find((q) => q.kind === "choice")!;

/** A far-future deadline: setting it changes the row and closes nothing. */
export const FAR_DEADLINE = new Date(Date.UTC(2099, 0, 1));

/**
 * For the classroom's instructor (answerPoll: a student). `live` is read at each call, so its fields
 * may be filled in as the session is started. Each call makes a new input (submissions get a new key).
 */
export function procedureInputs(fx: Classroom, live: LiveActivity): Record<string, () => unknown> {
  const course = (extra: Record<string, unknown> = {}) => () => ({ courseId: fx.courseId, ...extra });
  const session = (extra: Record<string, unknown> = {}) => () => ({ sessionId: live.sessionId, ...extra });
  return {
    "course.join": () => ({ joinCode: fx.joinCode.toLowerCase() }),
    "course.get": course(),
    "course.roster": course(),
    "exercise.get": course({ exerciseSlug: "gmm-em" }),
    "exercise.trainingData": course({ exerciseSlug: "gmm-em" }),
    "exercise.setDeadline": course({ exerciseSlug: "gan-ring", deadline: FAR_DEADLINE }),
    "submission.submit": () => ({ courseId: fx.courseId, exerciseSlug: "markov-chain", idempotencyKey: `valid-${unique()}`, body: MARKOV_PI }),
    "submission.mine": course({ exerciseSlug: "markov-chain" }),
    "submission.get": () => ({ submissionId: fx.classmateSubmissionId }),
    "leaderboard.get": course({ exerciseSlug: "markov-chain" }),
    "progress.markRead": course({ moduleSlug: "gan" }),
    "progress.quiz": course({ moduleSlug: "gan" }),
    "progress.answer": () => ({ courseId: fx.courseId, moduleSlug: "gan", questionId: ganChoiceQuestion().id, answer: 0 }),
    "progress.mine": course(),
    "progress.course": course(),
    "live.start": course(),
    "live.list": course(),
    "live.joinByCode": () => ({ code: live.joinCode }),
    "live.state": session(),
    "live.summary": session(),
    "live.exportCsv": session(),
    "live.end": session(),
    "live.setModule": session({ moduleSlug: "gan" }),
    "live.setNavigationLock": session({ locked: true }),
    "live.spotlight": () => ({ sessionId: live.sessionId, userId: fx.student.id }),
    "live.openPoll": session({ poll: { kind: "custom", prompt: "Ready?", choices: ["yes", "no"], correctIndex: null } }),
    "live.answerPoll": () => ({ pollId: live.pollId, choice: 0 }),
    "live.closePoll": () => ({ pollId: live.pollId }),
    "live.revealPoll": () => ({ pollId: live.pollId }),
    "live.startRound": session({ exerciseSlug: "markov-chain", durationSeconds: 600 }),
    "live.endRound": () => ({ roundId: live.roundId }),
    "pool.enqueue": course({ exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 100 }),
    "pool.list": course(),
    "pool.get": () => ({ jobId: fx.classmateJobId }),
    "pool.cancel": () => ({ jobId: fx.classmateJobId }),
    "pool.workers": course(),
    "pool.weights": () => ({ jobId: fx.classmateFinishedJobId }),
  };
}

/** Fields that name something to look up (ids, slugs, codes): a value there either names an object or nothing. */
export const isReferenceField = (field: string) => /(Id|Slug|[cC]ode)$/.test(field);

const NAMES_AN_OBJECT = /(Id|[cC]ode)$/;

/** The same input with every id and code replaced by one that names nothing; undefined when it names no object. */
export function namingNothing(input: unknown): Record<string, unknown> | undefined {
  if (typeof input !== "object" || input === null || !Object.keys(input).some((field) => NAMES_AN_OBJECT.test(field))) return undefined;
  return Object.fromEntries(Object.entries(input).map(([field, value]) => [field, NAMES_AN_OBJECT.test(field) ? "no-such-thing" : value]));
}
