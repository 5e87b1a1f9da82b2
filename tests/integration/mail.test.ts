// Email through a real SMTP conversation (smtp-server on a local port): invite links and
// password-reset links reach the inbox and work; a reset request says the same for every address
// and mails one link per account per 10 minutes; an SMTP server that is down costs the request nothing.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { SMTPServer } from "smtp-server";
import { createMailer, type Mailer } from "@/server/mail";
import { callerFor, createUser, openTestContext, unique } from "../support/database";

const ctx = openTestContext();
const ORIGIN = "https://genlab.example.org";
interface Received {
  to: string[];
  text: string;
}
const inbox: Received[] = [];
let smtp: SMTPServer;
let mail: Mailer;

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let text = "";
      stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      stream.on("end", () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  mail = createMailer(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, "GenLab <no-reply@genlab.example.org>", () => {});
});
after(async () => {
  mail.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
  await ctx.db.$disconnect();
});

const as = (user: Awaited<ReturnType<typeof createUser>> | null) => callerFor({ ...ctx, mail, publicOrigin: ORIGIN }, user).caller;

/** The first message to `address` that arrives within 10 s. */
async function messageTo(address: string): Promise<Received> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const found = inbox.find((m) => m.to.includes(address));
    if (found) return found;
  }
  throw new Error(`no email to ${address}`);
}

/** The link in a plain-text email (quoted-printable soft line breaks undone). */
const linkIn = (message: Received, path: string) => {
  const body = message.text.replace(/=\r?\n/g, "");
  const match = new RegExp(`${ORIGIN.replace(/\./g, "\\.")}${path}[\\w-]+`).exec(body);
  assert.ok(match, `a ${path} link in:\n${body}`);
  return new URL(match[0]);
};

describe("email", () => {
  test("an invite is mailed with a link that works", async () => {
    const [teacher, invitee] = await Promise.all(["Teacher", "Invitee"].map((n) => createUser(ctx.auth, n)));
    const course = await as(teacher).course.create({ title: `Mailed ${unique()}` });
    const invite = await as(teacher).roster.invite({ courseId: course.id, email: invitee.email, role: "TEACHING_ASSISTANT" });
    assert.equal(invite.emailed, true);
    const message = await messageTo(invitee.email);
    assert.match(message.text.replace(/=\r?\n/g, ""), /Teacher invites you to .* as a teaching assistant/);
    const link = linkIn(message, "/invite/");
    assert.equal(link.pathname, invite.path, "the same link as on screen");
    assert.equal((await as(invitee).roster.acceptInvite({ token: link.pathname.split("/").pop()! })).role, "TEACHING_ASSISTANT");
    await ctx.db.course.delete({ where: { id: course.id } });
  });

  test("“forgot password” mails one link per 10 minutes, answers the same for unknown addresses, and the link sets a password", async () => {
    const user = await createUser(ctx.auth, "Forgetful");
    assert.deepEqual(await as(null).account.requestPasswordReset({ email: `nobody-${unique()}@example.org` }), { emailConfigured: true });
    assert.deepEqual(await as(null).account.requestPasswordReset({ email: user.email.toUpperCase() }), { emailConfigured: true });
    const link = linkIn(await messageTo(user.email), "/reset-password/");
    await as(null).account.requestPasswordReset({ email: user.email });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(inbox.filter((m) => m.to.includes(user.email)).length, 1, "no second email within 10 minutes");
    await as(null).account.resetPassword({ token: link.pathname.split("/").pop()!, newPassword: "from the inbox" });
    await ctx.auth.api.signInEmail({ body: { email: user.email, password: "from the inbox" } });
  });

  test("without SMTP nothing is mailed and the page is told so; an SMTP server that is down costs the request nothing", async () => {
    assert.deepEqual(await callerFor(ctx, null).caller.account.requestPasswordReset({ email: "someone@example.org" }), { emailConfigured: false });
    const logged: string[] = [];
    const down = createMailer("smtp://127.0.0.1:9", "GenLab <no-reply@example.org>", (line) => logged.push(line));
    const teacher = await createUser(ctx.auth, "Teacher Two");
    const course = await callerFor({ ...ctx, mail: down, publicOrigin: ORIGIN }, teacher).caller.course.create({ title: `Down ${unique()}` });
    const started = Date.now();
    const invite = await callerFor({ ...ctx, mail: down, publicOrigin: ORIGIN }, teacher).caller.roster.invite({
      courseId: course.id,
      email: "someone@example.org",
      role: "STUDENT",
    });
    assert.ok(Date.now() - started < 2000, "answered without waiting for SMTP");
    assert.equal(invite.emailed, true);
    for (const deadline = Date.now() + 20_000; logged.length === 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 100));
    assert.match(logged[0] ?? "", /could not send .* to someone@example\.org/);
    down.close();
    await ctx.db.course.delete({ where: { id: course.id } });
  });
});
