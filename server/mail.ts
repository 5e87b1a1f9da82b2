// Email, only when GENLAB_SMTP_URL is set: invite links and password-reset links. Sending never holds
// up a request: messages go out in the background (a few at a time) and a failure is logged, since
// the staff member also has the link on screen to send by hand.
import nodemailer from "nodemailer";
import { lineLogger } from "./observability/log";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Queues the message; resolves once it was handed to the SMTP server (or failed, logged). */
  send(message: MailMessage): Promise<boolean>;
  close(): void;
}

/** Messages in flight at once: a 300-row roster import must not open 300 SMTP connections. */
const MAX_PARALLEL_SENDS = 4;
/** An SMTP server that does not answer is given up on after this long. */
const SMTP_TIMEOUT_MS = 15_000;

export function createMailer(smtpUrl: string, from: string, log: (line: string) => void = lineLogger("mail", "warn")): Mailer {
  // Timeouts set here (an SMTP URL's own query parameters still win) so a silent server cannot hold a send for minutes.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (running >= MAX_PARALLEL_SENDS) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return {
    async send(message) {
      await slot();
      try {
        await transport.sendMail({ from, ...message });
        return true;
      } catch (error) {
        log(`[mail] could not send "${message.subject}" to ${message.to}: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      } finally {
        release();
      }
    },
    close: () => transport.close(),
  };
}
