// A valid input for every tRPC procedure, naming a classroom's objects: what the authorization
// matrix calls and what the fuzz tests take apart. Procedures without input have no entry.
import { QUIZZES } from "@/lib/course/quizzes";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { type Classroom, EXERCISE_ITEM_POINTS, FIXTURE_ASSIGNMENT_ITEMS, type LiveActivity, MARKOV_PI } from "./classroom";
import { unique } from "./database";

/** The gan module's first multiple-choice question. */
export const ganChoiceQuestion = () => QUIZZES.gan.find((q) => q.kind === "choice")!;

/**
 * The module whose quiz progress.answer practises. Not gan: the classroom's assignment grades gan's
 * quiz, and while it is open students take that quiz there (progress.answer refuses them).
 */
export const PRACTICE_MODULE = "hmm";
export const practiceChoiceQuestion = () => QUIZZES[PRACTICE_MODULE].find((q) => q.kind === "choice")!;
/** The practice question whose answer progress.showAnswer shows: not the one progress.answer answers, which showing would close. */
export const practiceShownQuestion = () => QUIZZES[PRACTICE_MODULE].find((q) => q.id !== practiceChoiceQuestion().id)!;

/** Every question of gan's quiz answered correctly, as a graded attempt takes answers (typed text). */
export const ganCorrectAnswers = (): Record<string, string> => Object.fromEntries(QUIZZES.gan.map((q) => [q.id, String(q.answer)]));

/** The module course.setModuleVisibility schedules (no other call uses it). */
export const SCHEDULED_MODULE = "timeline";
/** The password tests/support/database.ts createUser gives every account, and the one a password change or reset sets. */
export const TEST_PASSWORD = "correct-horse-battery";
export const NEW_PASSWORD = "a-new-horse-battery";

/** What the matrix's grade override gives. */
export const OVERRIDE_POINTS = EXERCISE_ITEM_POINTS / 2;

/** The exercise whose held-out set heldout.upload replaces (and heldout.remove removes), and the file: three body masses in kg. */
export const HELDOUT_UPLOAD_SLUG = "kde-bandwidth";
export const HELDOUT_UPLOAD_JSON = "[3.75, 4.2, 5.05]";

/** A far-future deadline: setting it changes the row and closes nothing. */
export const FAR_DEADLINE = new Date(Date.UTC(2099, 0, 1));

/**
 * For the classroom's instructor (answerPoll and submitQuiz: a student; acceptInvite: the student,
 * whose invite it names). `live` and the classroom's changing fields (its join code, the invite to
 * revoke) are read at each call, so they may be filled in or replaced as the calls go. Each call
 * makes a new input (submissions get a new key, invites and imports a new address).
 */
export function procedureInputs(fx: Classroom, live: LiveActivity): Record<string, () => unknown> {
  const course =
    (extra: Record<string, unknown> = {}) =>
    () => ({ courseId: fx.courseId, ...extra });
  const session =
    (extra: Record<string, unknown> = {}) =>
    () => ({ sessionId: live.sessionId, ...extra });
  return {
    "course.join": () => ({ joinCode: fx.joinCode.toLowerCase() }),
    "course.get": course(),
    "course.create": () => ({ title: `Course made by a test ${unique()}`, term: "Spring 2027", timeZone: "Europe/Berlin" }),
    "course.update": course({ description: "Updated by a test.", term: "Winter 2026" }),
    "course.regenerateJoinCode": course(),
    "course.setModuleVisibility": course({ moduleSlug: SCHEDULED_MODULE, hidden: false, releaseAt: FAR_DEADLINE }),
    "course.copy": course({ title: "Copied for the next term", term: "Fall 2027", shiftDays: 7 }),
    "course.setArchived": () => ({ courseId: fx.spare.courseId, archived: true }),
    "course.delete": () => ({ courseId: fx.spare.courseId, confirmTitle: fx.spare.title }),
    "roster.list": course(),
    "roster.invite": () => ({ courseId: fx.courseId, email: `invitee-${unique()}@test.local`, role: "STUDENT", name: "Ada Invitee", section: "Lab B" }),
    "roster.revokeInvite": () => ({ courseId: fx.courseId, inviteId: fx.revocableInviteId }),
    "roster.import": () => ({
      courseId: fx.courseId,
      csv: `email,name,section\n${fx.newcomer.email},${fx.newcomer.name},Lab B\nnot-signed-up-${unique()}@test.local,"Lovelace, Ada",Lab B\n`,
    }),
    "roster.updateMember": () => ({ courseId: fx.courseId, userId: fx.student.id, section: "Lab A" }),
    "roster.removeMember": () => ({ courseId: fx.courseId, userId: fx.dropout.id }),
    "roster.describeInvite": () => ({ token: fx.inviteTokens.student }),
    "roster.acceptInvite": () => ({ token: fx.inviteTokens.student }),
    "assignment.create": () => ({
      courseId: fx.courseId,
      title: "Homework made by a test",
      // Wall-clock time in the course's time zone.
      dueAt: "2098-06-01T23:59",
      latePolicy: { kind: "percentPerDay", percentPerDay: 10, maxDays: 3 },
      items: [
        { exerciseSlug: "gmm-em", points: 10 },
        { quizModuleSlug: "sampling", points: 4, counting: "LAST" },
      ],
    }),
    "assignment.update": () => ({
      assignmentId: fx.assignmentId,
      title: `${fx.assignmentTitle} (revised)`,
      instructions: "Fit the chain, then take the quiz (revised).",
      dueAt: fx.assignmentDueAt,
      items: FIXTURE_ASSIGNMENT_ITEMS,
    }),
    "assignment.delete": () => ({ assignmentId: fx.doomedAssignmentId }),
    "assignment.list": course(),
    "assignment.get": () => ({ assignmentId: fx.assignmentId }),
    "assignment.setExtension": () => ({ assignmentId: fx.assignmentId, userId: fx.student.id, dueAt: FAR_DEADLINE }),
    "assignment.setReleased": () => ({ assignmentId: fx.assignmentId, released: true }),
    "assignment.quiz": () => ({ itemId: fx.quizItemId }),
    "assignment.submitQuiz": () => ({ itemId: fx.quizItemId, answers: ganCorrectAnswers() }),
    "account.updateName": () => ({ name: "Renamed by a test" }),
    "account.changePassword": () => ({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
    "account.createResetLink": () => ({ userId: fx.classmate.id }),
    "account.requestPasswordReset": () => ({ email: fx.student.email }),
    "account.resetPassword": () => ({ token: fx.resetToken, newPassword: NEW_PASSWORD }),
    "account.delete": () => ({ password: TEST_PASSWORD }),
    "gradebook.get": course(),
    "gradebook.student": course({ userId: fx.student.id }),
    "gradebook.override": () => ({ itemId: fx.exerciseItemId, userId: fx.student.id, change: { points: OVERRIDE_POINTS }, reason: "Regraded by hand" }),
    "gradebook.json": course(),
    "gradebook.csv": course({ format: "generic" }),
    "exercise.get": course({ exerciseSlug: "gmm-em" }),
    "exercise.trainingData": course({ exerciseSlug: "gmm-em" }),
    "exercise.challenge": course({ exerciseSlug: "inverse-cdf" }),
    "exercise.setDeadline": course({ exerciseSlug: "gan-ring", deadline: FAR_DEADLINE }),
    "heldout.describe": course({ exerciseSlug: "mle-gaussian" }),
    "heldout.list": course(),
    "heldout.upload": course({ exerciseSlug: HELDOUT_UPLOAD_SLUG, json: HELDOUT_UPLOAD_JSON }),
    "heldout.remove": course({ exerciseSlug: HELDOUT_UPLOAD_SLUG }),
    "submission.submit": () => ({ courseId: fx.courseId, exerciseSlug: "markov-chain", idempotencyKey: `valid-${unique()}`, body: MARKOV_PI }),
    "submission.mine": course({ exerciseSlug: "markov-chain" }),
    "submission.get": () => ({ submissionId: fx.classmateSubmissionId }),
    "leaderboard.get": course({ exerciseSlug: "markov-chain" }),
    "leaderboard.private": course({ exerciseSlug: "mle-gaussian" }),
    "progress.markRead": course({ moduleSlug: "gan" }),
    "progress.quiz": course({ moduleSlug: "gan" }),
    "progress.answer": () => ({ courseId: fx.courseId, moduleSlug: PRACTICE_MODULE, questionId: practiceChoiceQuestion().id, answer: 0 }),
    "progress.showAnswer": () => ({ courseId: fx.courseId, moduleSlug: PRACTICE_MODULE, questionId: practiceShownQuestion().id }),
    "progress.mine": course(),
    "progress.course": course(),
    "live.start": course(),
    "live.list": course(),
    "live.joinByCode": () => ({ code: live.joinCode }),
    "live.state": session(),
    "live.summary": session(),
    "live.exportCsv": session(),
    "live.classPicture": session(),
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
    "lti.tool": () => undefined,
    "lti.platforms": () => undefined,
    "lti.registerPlatform": () => ({
      name: "Matrix LMS",
      issuer: `https://lms-${unique()}.example`,
      clientId: "matrix-client",
      authLoginUrl: "https://lms.example/auth",
      tokenUrl: "https://lms.example/token",
      jwksUrl: "https://lms.example/jwks",
      deploymentIds: ["1"],
    }),
    "lti.removePlatform": () => ({ platformId: MATRIX_LTI.platformId }),
    "lti.createRegistrationLink": () => ({}),
    "lti.deepLinkChoices": () => ({ requestId: MATRIX_LTI.requestId }),
    "lti.answerDeepLink": () => ({ requestId: MATRIX_LTI.requestId, assignmentId: fx.assignmentId }),
    "lti.createConnectCode": () => ({}),
    "lti.connectAccount": () => ({ requestId: MATRIX_LTI.connectRequestId, code: "ABCD-EFGH" }),
    "lti.courseLinks": course(),
    "lti.syncRoster": course(),
    "lti.resendGrades": course(),
    "arena.list": course({ exerciseSlug: "gan-ring" }),
    "arena.open": course({ exerciseSlug: "gan-ring" }),
    "arena.close": () => ({ arenaId: fx.arenaId }),
    "arena.next": () => ({ arenaId: fx.arenaId }),
    "arena.vote": () => ({ matchId: fx.arenaMatchId, outcome: "LEFT" }),
    "arena.results": () => ({ arenaId: fx.arenaId }),
  };
}

/** The LMS registration and the instructor's deep-linking request the lti.* rows name (made by the matrix's `prepare`). */
export const MATRIX_LTI = { platformId: "matrix-lms", requestId: "matrix-deep-link-request", connectRequestId: "matrix-connect-request" };

const NAMES_AN_OBJECT = /(Id|[cC]ode|^token)$/;

/** A value of `field` that names nothing (an invite's or reset link's token is at least 16 characters). */
const nothingFor = (field: string) => (field === "token" ? "no-such-token-anywhere-at-all" : "no-such-thing");

/** The same input with every id, code and token replaced by one that names nothing; undefined when it names no object. */
export function namingNothing(input: unknown): Record<string, unknown> | undefined {
  if (typeof input !== "object" || input === null || !Object.keys(input).some((field) => NAMES_AN_OBJECT.test(field))) return undefined;
  return Object.fromEntries(Object.entries(input).map(([field, value]) => [field, NAMES_AN_OBJECT.test(field) ? nothingFor(field) : value]));
}
