// GenLab's LTI endpoints (the addresses an LMS administrator registers, shown on /lti):
//   GET|POST /lti/login          OIDC login initiation → 302 to the LMS's authorization endpoint, state cookie set
//   POST     /lti/launch         the LMS's id_token → checks (launch.ts) → account, enrolment (admission.ts) →
//                                a session cookie that works inside the LMS's frame → 303 to the assignment or picker
//   GET      /lti/jwks           GenLab's public keys
//   GET      /lti/canvas.json    Canvas's developer key configuration
//   GET      /lti/register       Dynamic Registration (dynamic-registration.ts), with a one-time invite
//   GET      /lti/deep-link/<id> posts an answered deep-linking request back to the LMS (a self-submitting form)
// A refused launch is a small page in words with its status; every launch and refusal is logged.
import { randomBytes } from "node:crypto";
import type http from "node:http";
import type net from "node:net";
import type { Auth } from "../auth";
import type { Db } from "../db";
import { sendJson } from "../http-json";
import { logger } from "../observability/log";
import { clientAddress } from "../security/client-address";
import { BodyTooLarge, closeAfterAnswer, readBody } from "../security/request-body";
import { createSessionCookie } from "../security/session-token";
import { admitLaunch, type LaunchDestination } from "./admission";
import { DEEP_LINK_PATH, deepLinkResponse } from "./deep-linking";
import { completeDynamicRegistration, REGISTER_PATH } from "./dynamic-registration";
import { canvasDeveloperKey } from "@/lib/lti/registration";
import { LAUNCH_PATH, type LtiTool } from "./tool";
import { LaunchRefused, type LoginInitiation, STATE_COOKIE_PREFIX, startLogin, verifyLaunch } from "./launch";

export const LTI_PATHS = { login: "/lti/login", launch: LAUNCH_PATH, jwks: "/lti/jwks", canvas: "/lti/canvas.json" } as const;
/** An id_token with a large custom claim is some KB; a login form less. */
const FORM_BODY_BYTES = 64 * 1024;
const log = logger("lti");

export const isLtiEndpoint = (path: string) =>
  Object.values(LTI_PATHS).includes(path as never) || path === REGISTER_PATH || path.startsWith(`${DEEP_LINK_PATH}/`);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function sendPage(res: http.ServerResponse, status: number, title: string, paragraphs: string[], headers: http.OutgoingHttpHeaders = {}, body = "") {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · GenLab</title></head>` +
      `<body><main><h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}${body}</main></body></html>`,
  );
}

/** The form fields of a POST (application/x-www-form-urlencoded), or the query of a GET. */
async function formOf(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<URLSearchParams> {
  if (req.method === "GET") return url.searchParams;
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "")) throw new LaunchRefused(400, "The LMS's request is not a form post.");
  try {
    return new URLSearchParams((await readBody(req, res, FORM_BODY_BYTES)).toString("utf8"));
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new LaunchRefused(400, "The LMS's request is larger than GenLab accepts (64 KB).");
    throw error;
  }
}

function cookieNamed(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

const destinationPath = (destination: LaunchDestination) => {
  switch (destination.kind) {
    case "assignment":
      return `/courses/${destination.courseId}/assignments/${destination.assignmentId}`;
    case "course":
      return `/courses/${destination.courseId}`;
    case "deep-link":
      return `/lti/pick/${destination.requestId}`;
    case "not-linked":
      return null;
  }
};

export interface LtiHttpDeps {
  db: Db;
  auth: Auth;
  tool: LtiTool;
  publicOrigin: string;
  trustedProxies: net.BlockList;
  /** After a launch into a linked LMS course (a roster resync when it is due). */
  launched?: (courseId: string) => void;
  /** The request's address over its limit (the API's, per address): a refusal in words; null: go on. */
  overLimit: (req: http.IncomingMessage) => Promise<{ message: string } | null>;
}

export function createLtiHttpHandler({ db, auth, tool, publicOrigin, trustedProxies, launched, overLimit }: LtiHttpDeps) {
  const { keys, launchUrl } = tool;
  const https = publicOrigin.startsWith("https:");
  // Inside an LMS's frame GenLab is a third party: only SameSite=None cookies reach it, Partitioned
  // (CHIPS) where third-party cookies are blocked. Those need Secure, which browsers accept on https
  // and on localhost; elsewhere (plain http on a LAN) the cookie is Lax and launches work in a new tab.
  const secureContext = https || ["localhost", "127.0.0.1", "[::1]"].includes(new URL(publicOrigin).hostname);
  const crossSiteCookie = (name: string, value: string, path: string, maxAgeS: number) =>
    `${name}=${value}; Path=${path}; Max-Age=${maxAgeS}; HttpOnly; ${secureContext ? "SameSite=None; Secure; Partitioned" : "SameSite=Lax"}`;

  const login = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const form = await formOf(req, res, url);
    const initiation = Object.fromEntries(
      ["iss", "login_hint", "target_link_uri", "lti_message_hint", "client_id", "lti_deployment_id"].flatMap((name) => {
        const value = form.get(name);
        return value ? [[name, value.slice(0, 2048)]] : [];
      }),
    ) as LoginInitiation;
    const { redirect, state, maxAgeS } = await startLogin(db, initiation, launchUrl);
    res.writeHead(302, {
      location: redirect.toString(),
      "set-cookie": crossSiteCookie(`${STATE_COOKIE_PREFIX}${state}`, "1", LTI_PATHS.launch, maxAgeS),
      "cache-control": "no-store",
    });
    res.end();
  };

  const launch = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    if (req.method !== "POST") throw new LaunchRefused(400, "Launches are posted by the LMS.");
    const form = await formOf(req, res, url);
    const state = form.get("state") ?? undefined;
    const verified = await verifyLaunch(db, {
      idToken: form.get("id_token") ?? undefined,
      state,
      stateInCookie: !!state && cookieNamed(req, `${STATE_COOKIE_PREFIX}${state}`) === "1",
    });
    const { userId, destination } = await admitLaunch(db, verified.platform, verified.claims);
    const session = await createSessionCookie(auth, userId, { ipAddress: clientAddress(req, trustedProxies), userAgent: req.headers["user-agent"] });
    const cookies = [
      crossSiteCookie(session.name, session.value, "/", session.maxAgeS),
      crossSiteCookie(`${STATE_COOKIE_PREFIX}${state}`, "", LTI_PATHS.launch, 0),
    ];
    if (destination.kind === "assignment" || destination.kind === "course") launched?.(destination.courseId);
    const path = destinationPath(destination);
    if (path) {
      res.writeHead(303, { location: path, "set-cookie": cookies, "cache-control": "no-store" });
      return void res.end();
    }
    sendPage(
      res,
      200,
      "Not set up in GenLab yet",
      [
        `“${destination.kind === "not-linked" ? destination.contextTitle : ""}” is not linked to a GenLab course yet.`,
        destination.kind === "not-linked" && destination.staff
          ? "Add GenLab to it from the LMS's tool picker (Deep Linking): you will choose the GenLab course and assignment there."
          : "Your instructor has not added GenLab's assignments to this course yet.",
      ],
      { "set-cookie": cookies },
    );
  };

  /** The instructor's choice goes back to the LMS: a form posted to its return URL, by a script this response allows. */
  const returnDeepLink = async (res: http.ServerResponse, requestId: string) => {
    const answer = await deepLinkResponse(db, requestId);
    if (!answer) throw new LaunchRefused(404, "This link for the LMS is unknown or has expired: add GenLab again from the LMS.");
    const nonce = randomBytes(16).toString("base64");
    // The server's policy (nothing runs, framed by the LMSs) plus this page's one script. No
    // form-action: an LMS's return address may redirect, and browsers check redirects against it too.
    sendPage(
      res,
      200,
      "Back to the LMS",
      ["Sending your choice to the LMS…"],
      { "content-security-policy": `${String(res.getHeader("content-security-policy"))}; script-src 'nonce-${nonce}'` },
      `<form id="return" method="post" action="${escapeHtml(answer.returnUrl)}"><input type="hidden" name="JWT" value="${escapeHtml(answer.response)}"><button type="submit">Continue</button></form>` +
        `<script nonce="${nonce}">document.getElementById("return").submit()</script>`,
    );
  };

  /** Dynamic Registration: registers both ways, then asks the LMS (its window or frame) to close GenLab's page. */
  const register = async (res: http.ServerResponse, url: URL) => {
    const registered = await completeDynamicRegistration(db, publicOrigin, url.searchParams);
    await tool.frameOrigins.refresh();
    // Shown in the LMS's frame before that LMS was known: framing this confirmation is harmless.
    res.removeHeader("X-Frame-Options");
    const nonce = randomBytes(16).toString("base64");
    sendPage(
      res,
      200,
      "GenLab is registered",
      [`This LMS (${registered.issuer}) can now add GenLab to its courses. Client id ${registered.clientId}, deployment ${registered.deploymentId}.`],
      { "content-security-policy": `default-src 'none'; script-src 'nonce-${nonce}'` },
      `<script nonce="${nonce}">(window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*")</script>`,
    );
  };

  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    try {
      // Logins, launches and registrations write rows before anyone is known: limited per address first.
      const refusal = await overLimit(req);
      if (refusal) throw new LaunchRefused(429, refusal.message);
      if (url.pathname === REGISTER_PATH) return await register(res, url);
      if (url.pathname === LTI_PATHS.jwks) return sendJson(res, 200, await keys.publicKeySet(), { "access-control-allow-origin": "*" });
      if (url.pathname === LTI_PATHS.canvas) return sendJson(res, 200, canvasDeveloperKey(publicOrigin));
      if (url.pathname === LTI_PATHS.login) return await login(req, res, url);
      if (url.pathname === LTI_PATHS.launch) return await launch(req, res, url);
      return await returnDeepLink(res, url.pathname.slice(DEEP_LINK_PATH.length + 1));
    } catch (error) {
      if (!(error instanceof LaunchRefused)) throw error;
      log.warn({ path: url.pathname, status: error.status, reason: error.message }, "launch refused");
      closeAfterAnswer(req, res);
      const newTab = error.retryInNewTab
        ? `<p><a href="${escapeHtml(`${LTI_PATHS.login}?${new URLSearchParams(error.retryInNewTab as Record<string, string>)}`)}" target="_blank" rel="noopener">Open GenLab in a new tab</a></p>`
        : "";
      sendPage(res, error.status, "GenLab could not open this link", [error.message], {}, newTab);
    }
  };
}
