// What `npm start` prints once it serves: where, the demo accounts (the way Jupyter prints its
// token), and who can reach it.
import { DEMO_ACCOUNTS, DEMO_COURSE } from "@/lib/course/modules";
import { isLoopbackHost } from "@/lib/live/join-link";
import type { seedEmbeddedDemo } from "./services/seed";

export interface StartBannerInput {
  url: string;
  host: string;
  port: number;
  embedded: boolean;
  demo: Awaited<ReturnType<typeof seedEmbeddedDemo>> | null;
}

export function startBanner({ url, host, port, embedded, demo }: StartBannerInput): string {
  const lines = [`GenLab is ready at ${url}${embedded ? " (embedded PostgreSQL)" : ""}`];
  if (demo) {
    const students = DEMO_ACCOUNTS.filter((a) => !a.role).map((a) => a.email);
    const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!.email;
    lines.push("", `  Demo course "${DEMO_COURSE.title}", join code ${DEMO_COURSE.joinCode}`);
    lines.push(`  Instructor ${instructor}; students ${students.join(", ")}`);
    lines.push(
      demo.passwordWorks ? `  Demo password: ${demo.password}   (from ${demo.passwordFrom})` : "  Demo password: changed since it was set (not shown)",
    );
  }
  lines.push("");
  if (isLoopbackHost(host)) {
    lines.push(`  Only this computer can open it (HOST=${host}). To serve a class on this network:`);
    lines.push(`    HOST=0.0.0.0 GENLAB_URL=http://<this computer's address>:${port} npm start`);
  } else if (isLoopbackHost(new URL(url).hostname)) {
    lines.push(`  Listening on ${host}:${port}, but GENLAB_URL is ${url}: join links and QR codes will point`);
    lines.push(`  students at their own computer. Set GENLAB_URL=http://<this computer's address>:${port}.`);
  } else {
    lines.push(`  Listening on ${host}:${port}; students open ${url}`);
  }
  return lines.join("\n");
}
