// A simulated LMS: an LTI 1.3 platform on loopback (node:http + jose) for integration and end-to-end tests.
// It implements, from the platform's side, LTI Core 1.3 (OIDC third-party-initiated login, the id_token launch
// with form_post), Deep Linking 2.0, Assignment and Grade Services 2.0 (line items, scores, results), Names and Role
// Provisioning Services 2.0, Dynamic Registration 1.0 and the IMS Security Framework's client-credentials grant
// (a JWT client assertion checked against the tool's JWKS, fetched afresh each time so rotated keys are seen).
//
// It reproduces these quirks of the two platforms it imitates:
// - Canvas: the issuer is https://canvas.instructure.com, not the server's origin; login_hint is an opaque string
//   that is not `sub`; login initiation carries canvas_region and lti_storage_target=_parent; roles add institution and
//   system roles; a TA gets membership#Instructor beside the TeachingAssistant sub-role; a score with an older timestamp
//   than the stored one is refused (400), an equal one is accepted; scoreGiven becomes the grade whatever the
//   gradingProgress; the https://canvas.instructure.com/lti/submission extension sets submittedAt; ungradable users are
//   refused with 422; errors are JSON `{errors: {type, message}}`; removed members vanish from NRPS.
// - Moodle: the issuer is the origin; service URLs carry `?type_id=N` (the scores URL puts `/scores` before the query);
//   the context type is the deprecated short name "CourseSection"; only a FullyGraded score sets the grade; a score
//   whose timestamp is not later than the stored one, compared in whole seconds as Moodle does, is refused with 409;
//   service POSTs must carry the exact IMS media type; removed members stay in NRPS with status "Inactive".
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as jose from "jose";

export type LmsMode = "canvas" | "moodle";
export type LmsRole = "Learner" | "Instructor" | "TeachingAssistant" | "Administrator";
export interface LmsUser {
  sub: string;
  name: string;
  email: string;
  givenName?: string;
  familyName?: string;
}
export interface ToolRegistration {
  clientId: string;
  deploymentId: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  deepLinkingUrl?: string;
}

type MessageType = "LtiResourceLinkRequest" | "LtiDeepLinkingRequest";
interface LaunchParams {
  user: string;
  contextId: string;
  resourceLinkId?: string;
  messageType?: MessageType;
  /** The tool to launch; the LMS's own clientId when left out (a dynamically registered tool has another). */
  clientId?: string;
}
interface LineItemSpec {
  scoreMaximum: number;
  label: string;
  resourceId?: string;
  tag?: string;
}
interface ResourceLink {
  id: string;
  title: string;
  url?: string;
  custom?: Record<string, string>;
  lineItem?: LineItemSpec;
}
interface StoredLink extends ResourceLink {
  contextId: string;
  lineItemUrl?: string;
}
interface Tool extends ToolRegistration {
  redirectUris: string[];
  scopes: string[];
  /** Moodle's tool type id: in service URLs (`type_id`, `bindings/N`). */
  typeId: number;
}
interface Course {
  id: string;
  title: string;
  label: string;
  members: Map<string, { user: LmsUser; roles: LmsRole[]; active: boolean }>;
}
interface LineItem extends LineItemSpec {
  number: number;
  contextId: string;
  resourceLinkId?: string;
  startDateTime?: string;
  endDateTime?: string;
}
interface Grade {
  resultId: number;
  userSub: string;
  scoreGiven: number | null;
  timestamp: string;
  timestampMs: number;
  submittedAt?: string;
  activityProgress: string;
  gradingProgress: string;
  comment?: string;
}
interface Reply {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}
interface ServiceRoute {
  kind: "lineItems" | "lineItem" | "scores" | "results" | "memberships";
  contextId: string;
  lineItemNumber?: number;
  typeId?: string;
}

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
const AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
const NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
const DL_SETTINGS_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
const DL_CONTENT_ITEMS_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items";
const DL_DATA_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/data";
const DL_MESSAGE_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/msg";
const TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";
const CANVAS_SUBMISSION = "https://canvas.instructure.com/lti/submission";
const CANVAS_ISSUER = "https://canvas.instructure.com";
const SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
};
const ALL_SCOPES = Object.values(SCOPES);
const AGS_SCOPES = [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score];
const MEDIA = {
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItemContainer: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  score: "application/vnd.ims.lis.v1.score+json",
  resultContainer: "application/vnd.ims.lis.v2.resultcontainer+json",
  membershipContainer: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
};
const LIS = "http://purl.imsglobal.org/vocab/lis/v2/";
/** Context roles; a sub-role comes with its principal role, as LTI 1.3 recommends (and Canvas does). */
const ROLE_URIS: Record<LmsRole, string[]> = {
  Learner: [`${LIS}membership#Learner`],
  Instructor: [`${LIS}membership#Instructor`],
  TeachingAssistant: [`${LIS}membership#Instructor`, `${LIS}membership/Instructor#TeachingAssistant`],
  Administrator: [`${LIS}institution/person#Administrator`],
};
/** Canvas's institution roles: "student" for a student enrolment, "teacher" for teacher and TA enrolments. */
const CANVAS_INSTITUTION_ROLES: Partial<Record<LmsRole, string>> = {
  Learner: `${LIS}institution/person#Student`,
  Instructor: `${LIS}institution/person#Instructor`,
  TeachingAssistant: `${LIS}institution/person#Instructor`,
};
const ACTIVITY_PROGRESS = ["Initialized", "Started", "InProgress", "Submitted", "Completed"];
const GRADING_PROGRESS = ["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"];
const MOODLE_TYPE_ID = 7;
const ID_TOKEN_LIFETIME_S = 300;
const ACCESS_TOKEN_LIFETIME_S = 3600;
const MESSAGE_HINT_LIFETIME_MS = 5 * 60_000;
const NRPS_DEFAULT_PAGE_SIZE = 2; // small, so that tests exercise paging
const MAX_BODY_BYTES = 1_000_000;

class Refusal extends Error {
  constructor(readonly reply: Reply) {
    super(reply.body);
  }
}
const text = (status: number, message: string): Reply => ({ status, body: message, contentType: "text/plain; charset=utf-8" });
const json = (status: number, value: unknown, contentType = "application/json"): Reply => ({ status, body: JSON.stringify(value), contentType });
const html = (status: number, markup: string): Reply => ({ status, body: markup, contentType: "text/html; charset=utf-8" });
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
const opaque = () => randomBytes(18).toString("base64url");
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isStringRecord = (value: unknown): value is Record<string, string> => isRecord(value) && Object.values(value).every((v) => typeof v === "string");
const mediaTypeOf = (request: IncomingMessage) => (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();

function splitName(user: LmsUser): { given: string; family: string } {
  const [first = "", ...rest] = user.name.split(" ");
  return { given: user.givenName ?? first, family: user.familyName ?? rest.join(" ") };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Refusal(text(413, "request body too large"));
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJsonBody(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export class SimulatedLms {
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
  readonly authLoginUrl: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  readonly tokenAudience: string;
  readonly openidConfigurationUrl: string;
  readonly registrationEndpoint: string;
  /** The id_token of the last successful authentication response. */
  lastIdToken: string | undefined;
  tokensIssued = 0;
  readonly scorePosts: Array<{ lineItemUrl: string; body: unknown; status: number; responseBody: string; at: Date }> = [];
  readonly deepLinkResponses: jose.JWTPayload[] = [];
  readonly registrations: Array<{ request: Record<string, unknown>; clientId: string; deploymentId: string }> = [];

  private readonly tools = new Map<string, Tool>();
  private readonly courses = new Map<string, Course>();
  private readonly users = new Map<string, LmsUser>();
  private readonly links = new Map<string, StoredLink>(); // by `${contextId} ${linkId}`
  private readonly items = new Map<number, LineItem>();
  private readonly gradesByItem = new Map<number, Map<string, Grade>>();
  private readonly pendingLaunches = new Map<string, LaunchParams & { clientId: string; expiresAt: number }>();
  private readonly deepLinkingData = new Map<string, { contextId: string; clientId: string }>();
  private readonly accessTokens = new Map<string, { clientId: string; scopes: string[]; expiresAt: number }>();
  private readonly usedAssertionIds = new Set<string>();
  private readonly registrationTokens = new Set<string>();
  private readonly sessionKey = opaque();
  private failures = { remaining: 0, status: 500 };
  private nextLineItem = 1;
  private nextResult = 1;
  private nextLinkNumber = 1;
  private nextTypeId = MOODLE_TYPE_ID;
  private readonly strayKeys = new Map<"unknown" | "other", CryptoKey>();

  constructor(
    readonly mode: LmsMode,
    readonly origin: string,
    private readonly server: Server,
    private readonly keys: { privateKey: CryptoKey; publicJwk: jose.JWK; kid: string },
    ids: { clientId?: string; deploymentId?: string },
  ) {
    const canvas = mode === "canvas";
    this.issuer = canvas ? CANVAS_ISSUER : origin;
    this.clientId = ids.clientId ?? (canvas ? "10000000000001" : "aBcDeF123");
    this.deploymentId = ids.deploymentId ?? (canvas ? "1:abc123" : "1");
    this.authLoginUrl = `${origin}${canvas ? "/api/lti/authorize_redirect" : "/mod/lti/auth.php"}`;
    this.tokenUrl = `${origin}${canvas ? "/login/oauth2/token" : "/mod/lti/token.php"}`;
    this.jwksUrl = `${origin}${canvas ? "/api/lti/security/jwks" : "/mod/lti/certs.php"}`;
    this.tokenAudience = this.tokenUrl;
    this.openidConfigurationUrl = `${origin}${canvas ? "/api/lti/security/openid-configuration" : "/mod/lti/openid-configuration.php"}`;
    this.registrationEndpoint = `${origin}${canvas ? "/api/lti/registrations" : "/mod/lti/openid-registration.php"}`;
    server.on("request", (request: IncomingMessage, response: ServerResponse) => void this.respond(request, response));
  }

  // ---- Test set-up -------------------------------------------------------------------------------------------

  registerTool(tool: ToolRegistration): void {
    const redirectUris = [tool.launchUrl, ...(tool.deepLinkingUrl ? [tool.deepLinkingUrl] : [])];
    this.tools.set(tool.clientId, { ...tool, redirectUris, scopes: ALL_SCOPES, typeId: this.nextTypeId++ });
  }

  addCourse(context: { id: string; title: string; label?: string }): void {
    this.courses.set(context.id, { id: context.id, title: context.title, label: context.label ?? context.id, members: new Map() });
  }

  enrol(contextId: string, user: LmsUser, roles: LmsRole[]): void {
    this.users.set(user.sub, user);
    this.course(contextId).members.set(user.sub, { user, roles, active: true });
  }

  unenrol(contextId: string, sub: string): void {
    const member = this.course(contextId).members.get(sub);
    if (!member) throw new Error(`${sub} is not enrolled in ${contextId}`);
    member.active = false;
  }

  addResourceLink(contextId: string, link: ResourceLink): StoredLink {
    this.course(contextId);
    const stored: StoredLink = { ...link, contextId };
    if (link.lineItem) stored.lineItemUrl = this.lineItemUrl(this.createLineItem(contextId, { ...link.lineItem, resourceLinkId: link.id }));
    this.links.set(`${contextId} ${link.id}`, stored);
    return stored;
  }

  /** The next `count` AGS and NRPS calls (not the token endpoint) answer `status`. */
  failNext(count: number, status = 500): void {
    this.failures = { remaining: count, status };
  }

  /** Every access token issued so far stops working (the tool must fetch a new one). */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expiresAt = 0;
  }

  grades(contextId: string) {
    return [...this.items.values()]
      .filter((item) => item.contextId === contextId)
      .flatMap((item) =>
        [...(this.gradesByItem.get(item.number)?.values() ?? [])].map((grade) => ({
          lineItemUrl: this.lineItemUrl(item),
          lineItemLabel: item.label,
          resourceId: item.resourceId,
          userSub: grade.userSub,
          scoreGiven: grade.scoreGiven,
          scoreMaximum: item.scoreMaximum,
          timestamp: grade.timestamp,
          submittedAt: grade.submittedAt,
          activityProgress: grade.activityProgress,
          gradingProgress: grade.gradingProgress,
          comment: grade.comment,
        })),
      );
  }

  lineItems(contextId: string) {
    return [...this.items.values()].filter((item) => item.contextId === contextId).map((item) => this.lineItemJson(item));
  }

  // ---- Launches ----------------------------------------------------------------------------------------------

  /** What the LMS sends the browser to: the tool's login URL with the OIDC third-party login initiation parameters. */
  loginInitiation(params: LaunchParams): URL {
    const tool = this.tool(params.clientId ?? this.clientId);
    const launch = { ...params, clientId: tool.clientId, messageType: params.messageType ?? ("LtiResourceLinkRequest" as const) };
    if (!this.membership(launch.contextId, launch.user).active) throw new Error(`${launch.user} is no longer enrolled in ${launch.contextId}`);
    const messageHint = opaque();
    this.pendingLaunches.set(messageHint, { ...launch, expiresAt: Date.now() + MESSAGE_HINT_LIFETIME_MS });
    const url = new URL(tool.loginUrl);
    url.searchParams.set("iss", this.issuer);
    url.searchParams.set("login_hint", this.loginHint(launch.user));
    url.searchParams.set("target_link_uri", this.targetLinkUri(tool, launch));
    url.searchParams.set("lti_message_hint", messageHint);
    url.searchParams.set("client_id", tool.clientId);
    url.searchParams.set("lti_deployment_id", tool.deploymentId);
    if (this.mode === "canvas") {
      url.searchParams.set("canvas_region", "us-east-1");
      url.searchParams.set("lti_storage_target", "_parent");
    }
    return url;
  }

  idTokenClaims(params: LaunchParams & { nonce: string }): Record<string, unknown> {
    const tool = this.tool(params.clientId ?? this.clientId);
    const course = this.course(params.contextId);
    const member = this.membership(params.contextId, params.user);
    const messageType = params.messageType ?? "LtiResourceLinkRequest";
    const link = params.resourceLinkId === undefined ? undefined : this.link(params.contextId, params.resourceLinkId);
    const canvas = this.mode === "canvas";
    const { given, family } = splitName(member.user);
    const now = Math.floor(Date.now() / 1000);
    const roleUris = member.roles.flatMap((role) => [...ROLE_URIS[role], ...(canvas ? [CANVAS_INSTITUTION_ROLES[role] ?? []].flat() : [])]);
    const roles = [...new Set(canvas ? [...roleUris, `${LIS}system/person#User`] : roleUris)];
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      aud: tool.clientId,
      azp: tool.clientId,
      sub: member.user.sub,
      exp: now + ID_TOKEN_LIFETIME_S,
      iat: now,
      nonce: params.nonce,
      name: member.user.name,
      given_name: given,
      family_name: family,
      email: member.user.email,
      locale: "en",
      [`${LTI}message_type`]: messageType,
      [`${LTI}version`]: "1.3.0",
      [`${LTI}deployment_id`]: tool.deploymentId,
      [`${LTI}target_link_uri`]: this.targetLinkUri(tool, { ...params, messageType }),
      [`${LTI}roles`]: roles,
      [`${LTI}context`]: {
        id: course.id,
        label: course.label,
        title: course.title,
        type: canvas ? [`${LIS}course#CourseOffering`] : ["CourseSection"],
      },
      [`${LTI}tool_platform`]: canvas
        ? { guid: "simulated-canvas-guid:canvas-lms", name: "Simulated Canvas", product_family_code: "canvas", version: "cloud" }
        : { guid: new URL(this.origin).hostname, name: "Simulated Moodle", product_family_code: "moodle", version: "2024100700" },
      [`${LTI}launch_presentation`]: { document_target: "iframe", return_url: this.returnUrl(course.id, link?.id), locale: "en" },
      [AGS_CLAIM]: {
        scope: AGS_SCOPES,
        lineitems: this.lineItemsUrl(course.id, tool),
        ...(link?.lineItemUrl ? { lineitem: this.withTypeId(link.lineItemUrl, tool) } : {}),
      },
      [NRPS_CLAIM]: { context_memberships_url: this.membershipsUrl(course.id, tool), service_versions: ["2.0"] },
      ...(canvas
        ? { [`${LTI}lti11_legacy_user_id`]: this.loginHint(member.user.sub), errors: { errors: {} } }
        : { [`${LTI}ext`]: { user_username: member.user.email, lms: "moodle-2" } }),
    };
    if (link?.custom) claims[`${LTI}custom`] = link.custom;
    if (messageType === "LtiResourceLinkRequest") {
      if (!link) throw new Error("a resource link launch needs resourceLinkId");
      claims[`${LTI}resource_link`] = { id: link.id, title: link.title };
    } else {
      const data = opaque();
      this.deepLinkingData.set(data, { contextId: course.id, clientId: tool.clientId });
      claims[DL_SETTINGS_CLAIM] = {
        deep_link_return_url: this.deepLinkReturnUrl(course.id, tool),
        accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: ["iframe", "window"],
        accept_media_types: "application/vnd.ims.lti.v1.ltilink",
        accept_multiple: false,
        accept_lineitem: true,
        auto_create: true,
        data,
      };
    }
    return claims;
  }

  /** RS256 with the platform key; "unknown": a key whose kid is not in the JWKS; "other": another key under the platform's kid. */
  async signIdToken(claims: Record<string, unknown>, options: { key?: "platform" | "unknown" | "other"; kid?: string } = {}): Promise<string> {
    const which = options.key ?? "platform";
    let key = this.keys.privateKey;
    if (which !== "platform") {
      key = this.strayKeys.get(which) ?? (await jose.generateKeyPair("RS256")).privateKey;
      this.strayKeys.set(which, key);
    }
    const kid = options.kid ?? (which === "unknown" ? `unknown-${opaque()}` : this.keys.kid);
    return new jose.SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(key);
  }

  async launchForm(params: LaunchParams & { nonce: string }): Promise<{ idToken: string; claims: Record<string, unknown> }> {
    const claims = this.idTokenClaims(params);
    return { idToken: await this.signIdToken(claims), claims };
  }

  /** The tool's registration initiation URL with `openid_configuration` and a fresh single-use `registration_token`. */
  registrationUrl(toolInitiationUrl: string): URL {
    const token = opaque();
    this.registrationTokens.add(token);
    const url = new URL(toolInitiationUrl);
    url.searchParams.set("openid_configuration", this.openidConfigurationUrl);
    url.searchParams.set("registration_token", token);
    return url;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  // ---- HTTP --------------------------------------------------------------------------------------------------

  private async respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let reply: Reply;
    try {
      reply = await this.route(request, new URL(request.url ?? "/", this.origin));
    } catch (error) {
      reply = error instanceof Refusal ? error.reply : text(500, `simulated LMS failed: ${String(error)}`);
    }
    response.writeHead(reply.status, { "content-type": reply.contentType, "cache-control": "no-store", ...reply.headers });
    response.end(reply.body);
  }

  private async route(request: IncomingMessage, url: URL): Promise<Reply> {
    const method = request.method ?? "GET";
    const path = url.pathname;
    const at = (address: string) => path === new URL(address).pathname;
    if (at(this.jwksUrl) && method === "GET") return json(200, { keys: [this.keys.publicJwk] });
    if ((at(this.openidConfigurationUrl) || path === "/.well-known/openid-configuration") && method === "GET") return json(200, this.platformConfiguration());
    if (at(this.authLoginUrl) && (method === "GET" || method === "POST")) {
      return this.authorize(method === "GET" ? url.searchParams : await this.formBody(request));
    }
    if (at(this.tokenUrl) && method === "POST") return this.issueAccessToken(request);
    if (at(this.registrationEndpoint) && method === "POST") return this.register(request);
    const service = this.serviceRoute(path, url);
    if (service) return this.serveService(request, url, service);
    const deepLinkReturn = this.mode === "canvas" ? /^\/courses\/([^/]+)\/deep_linking_response$/.exec(path)?.[1] : undefined;
    if (method === "POST" && (deepLinkReturn || (this.mode === "moodle" && path === "/mod/lti/contentitem_return.php"))) {
      return this.acceptDeepLinks(request, decodeURIComponent(deepLinkReturn ?? url.searchParams.get("course") ?? ""));
    }
    if (method === "GET") return this.lmsPage(path, url);
    return text(404, `no route for ${method} ${path}`);
  }

  private async formBody(request: IncomingMessage): Promise<URLSearchParams> {
    if (mediaTypeOf(request) !== "application/x-www-form-urlencoded") throw new Refusal(text(400, "expected an application/x-www-form-urlencoded body"));
    return new URLSearchParams(await readBody(request));
  }

  // ---- OIDC authentication (LTI Core 1.3 §5.1) ---------------------------------------------------------------

  private async authorize(params: URLSearchParams): Promise<Reply> {
    const refuse = (why: string) => new Refusal(text(400, why));
    if (!(params.get("scope") ?? "").split(" ").includes("openid")) throw refuse("scope must include openid");
    for (const [name, expected] of [
      ["response_type", "id_token"],
      ["response_mode", "form_post"],
      ["prompt", "none"],
    ]) {
      if (params.get(name) !== expected) throw refuse(`${name} must be ${expected}, got ${JSON.stringify(params.get(name))}`);
    }
    const tool = this.tools.get(params.get("client_id") ?? "");
    if (!tool) throw refuse(`unknown client_id ${JSON.stringify(params.get("client_id"))}`);
    const redirectUri = params.get("redirect_uri") ?? "";
    if (!tool.redirectUris.includes(redirectUri)) throw refuse(`redirect_uri ${JSON.stringify(redirectUri)} is not registered for this tool`);
    const nonce = params.get("nonce");
    const state = params.get("state");
    if (!nonce) throw refuse("nonce is missing");
    if (!state) throw refuse("state is missing");
    const launch = this.pendingLaunches.get(params.get("lti_message_hint") ?? "");
    if (!launch || launch.expiresAt < Date.now() || launch.clientId !== tool.clientId) throw refuse("lti_message_hint does not match a pending launch");
    if (params.get("login_hint") !== this.loginHint(launch.user)) throw refuse("login_hint does not match the launch's user");
    const idToken = await this.signIdToken(this.idTokenClaims({ ...launch, nonce }));
    this.lastIdToken = idToken;
    const fields = { id_token: idToken, state, ...(this.mode === "canvas" ? { lti_storage_target: "_parent" } : {}) };
    const inputs = Object.entries(fields)
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
      .join("");
    return html(
      200,
      page(
        "Launching…",
        `<form method="post" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form>` +
          "<script>document.forms[0].submit();</script>",
      ),
    );
  }

  // ---- Client credentials (IMS Security Framework §4.1, RFC 7523) -------------------------------------------

  private async issueAccessToken(request: IncomingMessage): Promise<Reply> {
    const oauthError = (error: string, description: string) => new Refusal(json(400, { error, error_description: description }));
    if (mediaTypeOf(request) !== "application/x-www-form-urlencoded") throw oauthError("invalid_request", "expected application/x-www-form-urlencoded");
    const form = new URLSearchParams(await readBody(request));
    if (form.get("grant_type") !== "client_credentials") throw oauthError("unsupported_grant_type", "grant_type must be client_credentials");
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
      throw oauthError("invalid_request", "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    }
    const assertion = form.get("client_assertion") ?? "";
    let claimedClient: unknown;
    try {
      claimedClient = jose.decodeJwt(assertion).sub;
    } catch {
      throw oauthError("invalid_client", "client_assertion is not a JWT");
    }
    const tool = this.tools.get(String(claimedClient));
    if (!tool) throw oauthError("invalid_client", `unknown client ${JSON.stringify(claimedClient)}`);
    const payload = await this.verifyToolJwt(tool, assertion, { issuer: tool.clientId, subject: tool.clientId, audience: this.tokenAudience }, (why) =>
      oauthError("invalid_client", why),
    );
    const replayKey = `${tool.clientId} ${String(payload.jti)}`;
    if (this.usedAssertionIds.has(replayKey)) throw oauthError("invalid_client", "client_assertion jti was already used");
    this.usedAssertionIds.add(replayKey);
    // RFC 6749 §3.3: the server may grant less than asked; it refuses only when nothing it supports was asked for.
    const granted = (form.get("scope") ?? "").split(/\s+/).filter((scope) => tool.scopes.includes(scope));
    if (granted.length === 0) throw oauthError("invalid_scope", "no supported scope requested");
    const accessToken = opaque();
    this.accessTokens.set(accessToken, { clientId: tool.clientId, scopes: granted, expiresAt: Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000 });
    this.tokensIssued++;
    return json(200, { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TOKEN_LIFETIME_S, scope: granted.join(" ") });
  }

  /** Verifies a JWT the tool signed, with the tool's JWKS fetched now (so rotated keys are picked up at once). */
  private async verifyToolJwt(
    tool: Tool,
    jwt: string,
    expected: { issuer: string; audience: string; subject?: string },
    refuse: (why: string) => Refusal,
  ): Promise<jose.JWTPayload> {
    let keys: jose.JSONWebKeySet;
    try {
      const response = await fetch(tool.jwksUrl, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      keys = (await response.json()) as jose.JSONWebKeySet;
    } catch (error) {
      throw refuse(`cannot fetch the tool's JWKS at ${tool.jwksUrl}: ${String(error)}`);
    }
    try {
      const required = expected.subject ? ["exp", "iat", "jti"] : ["exp", "iat", "nonce"];
      const { payload } = await jose.jwtVerify(jwt, jose.createLocalJWKSet(keys), {
        ...expected,
        algorithms: ["RS256"],
        requiredClaims: required,
        clockTolerance: 5,
      });
      return payload;
    } catch (error) {
      throw refuse(`JWT rejected: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // ---- AGS and NRPS ------------------------------------------------------------------------------------------

  private serviceRoute(path: string, url: URL): ServiceRoute | undefined {
    const patterns: Array<[RegExp, ServiceRoute["kind"]]> =
      this.mode === "canvas"
        ? [
            [/^\/api\/lti\/courses\/([^/]+)\/line_items$/, "lineItems"],
            [/^\/api\/lti\/courses\/([^/]+)\/line_items\/(\d+)$/, "lineItem"],
            [/^\/api\/lti\/courses\/([^/]+)\/line_items\/(\d+)\/scores$/, "scores"],
            [/^\/api\/lti\/courses\/([^/]+)\/line_items\/(\d+)\/results$/, "results"],
            [/^\/api\/lti\/courses\/([^/]+)\/names_and_roles$/, "memberships"],
          ]
        : [
            [/^\/mod\/lti\/services\.php\/([^/]+)\/lineitems$/, "lineItems"],
            [/^\/mod\/lti\/services\.php\/([^/]+)\/lineitems\/(\d+)\/lineitem$/, "lineItem"],
            [/^\/mod\/lti\/services\.php\/([^/]+)\/lineitems\/(\d+)\/lineitem\/scores$/, "scores"],
            [/^\/mod\/lti\/services\.php\/([^/]+)\/lineitems\/(\d+)\/lineitem\/results$/, "results"],
            [/^\/mod\/lti\/services\.php\/CourseSection\/([^/]+)\/bindings\/([^/]+)\/memberships$/, "memberships"],
          ];
    for (const [pattern, kind] of patterns) {
      const match = pattern.exec(path);
      if (!match) continue;
      const contextId = decodeURIComponent(match[1]);
      if (kind === "memberships") return { kind, contextId, typeId: match[2] };
      return { kind, contextId, lineItemNumber: match[2] ? Number(match[2]) : undefined, typeId: url.searchParams.get("type_id") ?? undefined };
    }
    return undefined;
  }

  private serviceError(status: number, message: string): Refusal {
    if (this.mode === "moodle") return new Refusal(text(status, message));
    const types: Record<number, string> = {
      400: "bad_request",
      401: "unauthorized",
      404: "not_found",
      405: "method_not_allowed",
      415: "unsupported_media_type",
      422: "unprocessable_entity",
    };
    return new Refusal(json(status, { errors: { type: types[status] ?? "internal_server_error", message } }));
  }

  private async serveService(request: IncomingMessage, url: URL, route: ServiceRoute): Promise<Reply> {
    const method = request.method ?? "GET";
    const recordScore = (status: number, body: unknown, responseBody: string) =>
      this.scorePosts.push({ lineItemUrl: this.lineItemUrlByNumber(route), body, status, responseBody, at: new Date() });
    const rawBody = method === "POST" || method === "PUT" ? await readBody(request) : "";
    try {
      const reply = await this.dispatchService(request, method, url, route, rawBody);
      if (route.kind === "scores") recordScore(reply.status, parseJsonBody(rawBody) ?? rawBody, reply.body);
      return reply;
    } catch (error) {
      if (route.kind === "scores" && error instanceof Refusal) recordScore(error.reply.status, parseJsonBody(rawBody) ?? rawBody, error.reply.body);
      throw error;
    }
  }

  private async dispatchService(request: IncomingMessage, method: string, url: URL, route: ServiceRoute, rawBody: string): Promise<Reply> {
    if (this.failures.remaining > 0) {
      this.failures.remaining--;
      const { reply } = this.serviceError(this.failures.status, "simulated failure");
      return { ...reply, headers: [429, 503].includes(this.failures.status) ? { "retry-after": "1" } : undefined };
    }
    const allowed: Record<ServiceRoute["kind"], string[]> = {
      lineItems: ["GET", "POST"],
      lineItem: ["GET", "PUT", "DELETE"],
      scores: ["POST"],
      results: ["GET"],
      memberships: ["GET"],
    };
    if (!allowed[route.kind].includes(method)) {
      throw this.mode === "canvas" ? this.serviceError(404, "The specified resource does not exist.") : this.serviceError(405, `${method} is not allowed here`);
    }
    const needed = {
      lineItems: method === "GET" ? [SCOPES.lineItem, SCOPES.lineItemReadonly] : [SCOPES.lineItem],
      lineItem: method === "GET" ? [SCOPES.lineItem, SCOPES.lineItemReadonly] : [SCOPES.lineItem],
      scores: [SCOPES.score],
      results: [SCOPES.resultReadonly],
      memberships: [SCOPES.memberships],
    }[route.kind];
    const tool = this.authenticate(request, needed);
    if (this.mode === "moodle" && route.typeId !== String(tool.typeId)) {
      throw this.serviceError(400, `type_id ${JSON.stringify(route.typeId ?? null)} does not match the tool (expected ${tool.typeId})`);
    }
    const course = this.courses.get(route.contextId);
    if (!course) throw this.serviceError(404, "Context not found");
    if (route.kind === "memberships") return this.memberships(course, url);
    if (route.kind === "lineItems") return method === "GET" ? this.listLineItems(course, url, tool) : this.postLineItem(request, course, rawBody, tool);
    const item = this.items.get(route.lineItemNumber ?? 0);
    if (!item || item.contextId !== course.id) throw this.serviceError(404, "The specified resource does not exist.");
    if (route.kind === "scores") return this.postScore(request, item, course, rawBody, tool);
    if (route.kind === "results") return this.results(item, url);
    if (method === "GET") return json(200, this.lineItemJson(item, tool), MEDIA.lineItem);
    if (method === "DELETE") {
      this.items.delete(item.number);
      this.gradesByItem.delete(item.number);
      return { status: 204, body: "", contentType: "text/plain" };
    }
    Object.assign(item, this.readLineItem(request, course, rawBody, MEDIA.lineItem), { resourceLinkId: item.resourceLinkId });
    return json(200, this.lineItemJson(item, tool), MEDIA.lineItem);
  }

  private authenticate(request: IncomingMessage, anyOf: string[]): Tool {
    const challenge = (error: string, why: string) =>
      new Refusal({ ...this.serviceError(401, why).reply, headers: { "www-authenticate": `Bearer error="${error}", error_description="${why}"` } });
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const token = bearer ? this.accessTokens.get(bearer) : undefined;
    if (!token) throw challenge("invalid_token", bearer ? "unknown access token" : "missing bearer token");
    if (token.expiresAt <= Date.now()) throw challenge("invalid_token", "access token expired");
    if (!anyOf.some((scope) => token.scopes.includes(scope))) throw challenge("insufficient_scope", `needs one of: ${anyOf.join(" ")}`);
    return this.tool(token.clientId);
  }

  private readLineItem(request: IncomingMessage, course: Course, rawBody: string, mediaType: string) {
    const contentType = mediaTypeOf(request);
    if (contentType !== mediaType && !(this.mode === "canvas" && contentType === "application/json")) {
      throw this.serviceError(415, `Content-Type must be ${mediaType}`);
    }
    const body = parseJsonBody(rawBody);
    if (!body) throw this.serviceError(400, "body is not a JSON object");
    const { scoreMaximum, label, resourceId, tag, resourceLinkId, startDateTime, endDateTime } = body;
    if (typeof scoreMaximum !== "number" || !(scoreMaximum > 0)) throw this.serviceError(400, "scoreMaximum must be a number greater than 0");
    if (typeof label !== "string" || !label.trim()) throw this.serviceError(400, "label is missing");
    for (const [name, value] of Object.entries({ resourceId, tag, resourceLinkId, startDateTime, endDateTime })) {
      if (value !== undefined && typeof value !== "string") throw this.serviceError(400, `${name} must be a string`);
    }
    if (typeof resourceLinkId === "string" && !this.links.has(`${course.id} ${resourceLinkId}`)) {
      throw this.serviceError(400, `resourceLinkId ${resourceLinkId} is not a link in this context`);
    }
    const optional = { resourceId, tag, resourceLinkId, startDateTime, endDateTime } as Record<string, string | undefined>;
    return { scoreMaximum, label, ...optional };
  }

  private postLineItem(request: IncomingMessage, course: Course, rawBody: string, tool: Tool): Reply {
    const spec = this.readLineItem(request, course, rawBody, MEDIA.lineItem);
    const item = this.createLineItem(course.id, spec);
    return json(this.mode === "moodle" ? 201 : 200, this.lineItemJson(item, tool), MEDIA.lineItem);
  }

  private listLineItems(course: Course, url: URL, tool: Tool): Reply {
    const filters = { resourceLinkId: "resource_link_id", resourceId: "resource_id", tag: "tag" } as const;
    const matching = [...this.items.values()].filter(
      (item) =>
        item.contextId === course.id &&
        Object.entries(filters).every(([field, param]) => !url.searchParams.has(param) || item[field as keyof typeof filters] === url.searchParams.get(param)),
    );
    return this.paged(
      url,
      matching.map((item) => this.lineItemJson(item, tool)),
      undefined,
      (slice) => slice,
      MEDIA.lineItemContainer,
    );
  }

  private postScore(request: IncomingMessage, item: LineItem, course: Course, rawBody: string, tool: Tool): Reply {
    const canvas = this.mode === "canvas";
    // Moodle answers every malformed score with one message; Canvas names the problem.
    const malformed = (status: number, message: string) => this.serviceError(canvas ? status : 400, canvas ? message : `Incorrect score received: ${message}`);
    if (mediaTypeOf(request) !== MEDIA.score && !(canvas && mediaTypeOf(request) === "application/json")) {
      throw this.serviceError(415, `Content-Type must be ${MEDIA.score}`);
    }
    const score = parseJsonBody(rawBody);
    if (!score) throw malformed(400, "body is not a JSON object");
    const required = (name: string) => {
      const value = score[name];
      if (typeof value !== "string" || !value) throw malformed(400, `${name} is missing`);
      return value;
    };
    const [userId, activityProgress, gradingProgress, timestamp] = ["userId", "activityProgress", "gradingProgress", "timestamp"].map(required);
    const { scoreGiven, scoreMaximum, comment } = score;
    if (!ACTIVITY_PROGRESS.includes(activityProgress)) throw malformed(400, `activityProgress ${activityProgress} is not valid`);
    if (!GRADING_PROGRESS.includes(gradingProgress)) throw malformed(400, `gradingProgress ${gradingProgress} is not valid`);
    const timestampMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(timestampMs)) throw malformed(400, `Provided timestamp of ${timestamp} not a valid timestamp`);
    if (scoreGiven !== undefined && (typeof scoreGiven !== "number" || scoreGiven < 0)) throw malformed(400, "scoreGiven must be a number >= 0");
    if (scoreGiven !== undefined && scoreMaximum === undefined) throw malformed(422, "ScoreMaximum not supplied when ScoreGiven present");
    if (scoreMaximum !== undefined && (typeof scoreMaximum !== "number" || !(scoreMaximum > 0))) throw malformed(422, "ScoreMaximum must be greater than 0");
    if (comment !== undefined && typeof comment !== "string") throw malformed(400, "comment must be a string");
    const member = course.members.get(userId);
    if (!member?.active || !member.roles.includes("Learner")) throw malformed(422, "User not found in course or is not a student");

    const grades = this.gradesByItem.get(item.number) ?? new Map<string, Grade>();
    this.gradesByItem.set(item.number, grades);
    const previous = grades.get(userId);
    if (previous && canvas && timestampMs < previous.timestampMs) {
      throw this.serviceError(400, `Provided timestamp of ${timestamp} before last updated timestamp of ${previous.timestamp}`);
    }
    if (previous && !canvas && Math.floor(timestampMs / 1000) <= Math.floor(previous.timestampMs / 1000)) {
      throw this.serviceError(409, `Refusing score with an earlier timestamp for item ${item.number} and user ${userId}`);
    }
    const submission = canvas && isRecord(score[CANVAS_SUBMISSION]) ? score[CANVAS_SUBMISSION] : {};
    const submittedAt = typeof submission.submitted_at === "string" ? submission.submitted_at : previous?.submittedAt;
    if (submittedAt && Date.parse(submittedAt) > Date.now() + 60_000)
      throw this.serviceError(400, `Provided submitted_at timestamp of ${submittedAt} in the future`);
    // The gradebook keeps points out of the line item's maximum, whatever maximum the tool scored against.
    const graded = typeof scoreGiven === "number" && (canvas || gradingProgress === "FullyGraded");
    const grade: Grade = {
      resultId: previous?.resultId ?? this.nextResult++,
      userSub: userId,
      scoreGiven: graded ? (scoreGiven * item.scoreMaximum) / Number(scoreMaximum) : null,
      timestamp,
      timestampMs,
      submittedAt,
      activityProgress,
      gradingProgress,
      comment: typeof comment === "string" ? comment : undefined,
    };
    grades.set(userId, grade);
    if (!canvas) return { status: 200, body: "", contentType: "application/json" };
    return json(200, { resultUrl: this.resultUrl(item, grade.resultId, tool) });
  }

  private results(item: LineItem, url: URL): Reply {
    const userFilter = url.searchParams.get("user_id");
    const results = [...(this.gradesByItem.get(item.number)?.values() ?? [])]
      .filter((grade) => userFilter === null || grade.userSub === userFilter)
      .map((grade) => ({
        id: this.resultUrl(item, grade.resultId),
        scoreOf: this.lineItemUrl(item),
        userId: grade.userSub,
        ...(grade.scoreGiven === null ? {} : { resultScore: grade.scoreGiven, resultMaximum: item.scoreMaximum }),
        ...(grade.comment ? { comment: grade.comment } : {}),
      }));
    return this.paged(url, results, undefined, (slice) => slice, MEDIA.resultContainer);
  }

  private memberships(course: Course, url: URL): Reply {
    const roleFilter = url.searchParams.get("role");
    const rlid = url.searchParams.get("rlid");
    if (rlid !== null && !this.links.has(`${course.id} ${rlid}`)) throw this.serviceError(400, `rlid ${rlid} is not a link in this context`);
    const members = [...course.members.values()]
      .filter((member) => member.active || this.mode === "moodle")
      .map((member) => {
        const { given, family } = splitName(member.user);
        const roles = [...new Set(member.roles.flatMap((role) => ROLE_URIS[role]))];
        return {
          status: member.active ? "Active" : "Inactive",
          name: member.user.name,
          given_name: given,
          family_name: family,
          email: member.user.email,
          user_id: member.user.sub,
          roles,
        };
      })
      .filter((member) => roleFilter === null || member.roles.some((role) => role === roleFilter || role.endsWith(`#${roleFilter}`)));
    const limit = Number(url.searchParams.get("limit") ?? NRPS_DEFAULT_PAGE_SIZE);
    if (!Number.isInteger(limit) || limit < 1) throw this.serviceError(400, "limit must be a positive integer");
    return this.paged(
      url,
      members,
      limit,
      (slice) => ({ id: url.href, context: { id: course.id, label: course.label, title: course.title }, members: slice }),
      MEDIA.membershipContainer,
    );
  }

  /**
   * One page of `items` (all of them when neither `limit` nor `defaultLimit` is set); Canvas pages with `page` (from 1),
   * Moodle with `from` (an offset). `Link: <next>; rel="next"` while more remain.
   */
  private paged<T>(url: URL, items: T[], defaultLimit: number | undefined, wrap: (slice: T[]) => unknown, mediaType: string): Reply {
    const limitParam = url.searchParams.get("limit");
    const limit = limitParam === null ? (defaultLimit ?? Math.max(1, items.length)) : Math.max(1, Math.floor(Number(limitParam)) || 1);
    const cursor = this.mode === "canvas" ? "page" : "from";
    const start =
      this.mode === "canvas" ? (Math.max(1, Number(url.searchParams.get("page") ?? 1)) - 1) * limit : Math.max(0, Number(url.searchParams.get("from") ?? 0));
    const slice = items.slice(start, start + limit);
    const reply = json(200, wrap(slice), mediaType);
    if (start + limit < items.length) {
      const next = new URL(url);
      next.searchParams.set("limit", String(limit));
      next.searchParams.set(cursor, String(this.mode === "canvas" ? start / limit + 2 : start + limit));
      reply.headers = { link: `<${next.href}>; rel="next"` };
    }
    return reply;
  }

  // ---- Deep Linking 2.0 response -----------------------------------------------------------------------------

  private async acceptDeepLinks(request: IncomingMessage, returnContextId: string): Promise<Reply> {
    const refuse = (why: string) => new Refusal(text(400, why));
    const jwt = (await this.formBody(request)).get("JWT");
    if (!jwt) throw refuse("the JWT form field is missing");
    let issuer: unknown;
    try {
      issuer = jose.decodeJwt(jwt).iss;
    } catch {
      throw refuse("JWT is not a JWT");
    }
    const tool = this.tools.get(String(issuer));
    if (!tool) throw refuse(`iss ${JSON.stringify(issuer)} is not a registered client_id`);
    const payload = await this.verifyToolJwt(tool, jwt, { issuer: tool.clientId, audience: this.issuer }, refuse);
    if (payload[`${LTI}message_type`] !== "LtiDeepLinkingResponse") throw refuse("message_type must be LtiDeepLinkingResponse");
    if (payload[`${LTI}version`] !== "1.3.0") throw refuse("version must be 1.3.0");
    if (payload[`${LTI}deployment_id`] !== tool.deploymentId) throw refuse(`deployment_id must be ${tool.deploymentId}`);
    const issued = this.deepLinkingData.get(String(payload[DL_DATA_CLAIM]));
    if (!issued || issued.clientId !== tool.clientId) throw refuse("data does not match a deep linking request of this tool");
    if (issued.contextId !== returnContextId) throw refuse("the return URL's course does not match the deep linking request");
    const contentItems = payload[DL_CONTENT_ITEMS_CLAIM] ?? [];
    if (!Array.isArray(contentItems)) throw refuse("content_items must be an array");
    if (contentItems.length > 1) throw refuse("accept_multiple is false: at most one content item");
    const links = contentItems.map((item: unknown) => {
      if (!isRecord(item) || item.type !== "ltiResourceLink")
        throw refuse(`content item type ${JSON.stringify(isRecord(item) ? item.type : item)} is not accepted`);
      const { title, url, custom, lineItem } = item;
      if (title !== undefined && typeof title !== "string") throw refuse("title must be a string");
      if (url !== undefined && typeof url !== "string") throw refuse("url must be a string");
      if (custom !== undefined && !isStringRecord(custom)) throw refuse("custom must map names to strings");
      let lineItemSpec: LineItemSpec | undefined;
      if (lineItem !== undefined) {
        if (!isRecord(lineItem) || typeof lineItem.scoreMaximum !== "number" || !(lineItem.scoreMaximum > 0)) throw refuse("lineItem.scoreMaximum must be > 0");
        const label = lineItem.label ?? title ?? "Untitled";
        if (typeof label !== "string") throw refuse("lineItem.label must be a string");
        const { resourceId, tag } = lineItem;
        if ((resourceId !== undefined && typeof resourceId !== "string") || (tag !== undefined && typeof tag !== "string"))
          throw refuse("lineItem.resourceId and tag must be strings");
        lineItemSpec = { scoreMaximum: lineItem.scoreMaximum, label, resourceId, tag };
      }
      const id = this.mode === "canvas" ? randomUUID() : this.freeLinkNumber(issued.contextId);
      return { id, title: title ?? "Untitled", url, custom, lineItem: lineItemSpec };
    });
    for (const link of links) this.addResourceLink(issued.contextId, link);
    this.deepLinkResponses.push(payload);
    const message = typeof payload[DL_MESSAGE_CLAIM] === "string" ? `<p>${escapeHtml(payload[DL_MESSAGE_CLAIM])}</p>` : "";
    return html(200, page("Deep linking", `<p>Linked: ${escapeHtml(links.map((link) => link.title).join(", "))}</p>${message}`));
  }

  // ---- Dynamic Registration 1.0 ------------------------------------------------------------------------------

  private platformConfiguration() {
    return {
      issuer: this.issuer,
      authorization_endpoint: this.authLoginUrl,
      registration_endpoint: this.registrationEndpoint,
      jwks_uri: this.jwksUrl,
      token_endpoint: this.tokenUrl,
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", ...ALL_SCOPES],
      response_types_supported: ["id_token"],
      id_token_signing_alg_values_supported: ["RS256"],
      claims_supported: ["iss", "aud", "sub", "iat", "exp", "nonce", "name", "given_name", "family_name", "email", "locale"],
      subject_types_supported: ["public", "pairwise"],
      [PLATFORM_CONFIGURATION]: {
        product_family_code: this.mode,
        version: this.mode === "canvas" ? "cloud" : "2024100700",
        messages_supported: [{ type: "LtiResourceLinkRequest" }, { type: "LtiDeepLinkingRequest" }],
        variables: ["Context.id", "ResourceLink.id", "User.id", "Person.email.primary"],
      },
    };
  }

  private async register(request: IncomingMessage): Promise<Reply> {
    const refuse = (why: string) => new Refusal(json(400, { error: "invalid_client_metadata", error_description: why }));
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    if (!token || !this.registrationTokens.has(token)) {
      throw new Refusal(json(401, { error: "invalid_token", error_description: "a valid, unused registration_token is required as Bearer" }));
    }
    if (mediaTypeOf(request) !== "application/json") throw refuse("Content-Type must be application/json");
    const body = parseJsonBody(await readBody(request));
    if (!body) throw refuse("body is not a JSON object");
    const isUrl = (value: unknown) => typeof value === "string" && URL.canParse(value);
    const strings = (value: unknown) => (Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined);
    if (body.application_type !== "web") throw refuse("application_type must be web");
    if (!strings(body.response_types)?.includes("id_token")) throw refuse("response_types must include id_token");
    const grants = strings(body.grant_types);
    if (!grants?.includes("implicit") || !grants.includes("client_credentials")) throw refuse("grant_types must include implicit and client_credentials");
    if (!isUrl(body.initiate_login_uri)) throw refuse("initiate_login_uri must be a URL");
    const redirectUris = strings(body.redirect_uris);
    if (!redirectUris?.length || !redirectUris.every(isUrl)) throw refuse("redirect_uris must be a non-empty list of URLs");
    if (typeof body.client_name !== "string" || !body.client_name) throw refuse("client_name is missing");
    if (!isUrl(body.jwks_uri)) throw refuse("jwks_uri must be a URL");
    if (body.token_endpoint_auth_method !== "private_key_jwt") throw refuse("token_endpoint_auth_method must be private_key_jwt");
    if (typeof body.scope !== "string") throw refuse("scope must be a space-separated string");
    const configuration = body[TOOL_CONFIGURATION];
    if (!isRecord(configuration)) throw refuse(`${TOOL_CONFIGURATION} is missing`);
    if (typeof configuration.domain !== "string" || !configuration.domain) throw refuse("domain is missing");
    if (!isUrl(configuration.target_link_uri)) throw refuse("target_link_uri must be a URL");
    if (configuration.claims !== undefined && !strings(configuration.claims)) throw refuse("claims must be a list of strings");
    const messages = configuration.messages ?? [];
    if (!Array.isArray(messages) || !messages.every((message) => isRecord(message) && typeof message.type === "string"))
      throw refuse("messages must be a list of {type}");
    const deepLinking = messages.find((message) => message.type === "LtiDeepLinkingRequest");

    this.registrationTokens.delete(token); // single use, once it has registered a tool
    const number = this.registrations.length + 2;
    const clientId = this.mode === "canvas" ? String(10000000000001 + number - 1) : opaque().slice(0, 15);
    const deploymentId = this.mode === "canvas" ? `${number}:${opaque().slice(0, 8)}` : String(number);
    this.tools.set(clientId, {
      clientId,
      deploymentId,
      loginUrl: body.initiate_login_uri as string,
      launchUrl: configuration.target_link_uri as string,
      jwksUrl: body.jwks_uri as string,
      deepLinkingUrl: isUrl(deepLinking?.target_link_uri) ? (deepLinking?.target_link_uri as string) : undefined,
      redirectUris,
      scopes: body.scope.split(/\s+/).filter((scope) => ALL_SCOPES.includes(scope)),
      typeId: this.nextTypeId++,
    });
    this.registrations.push({ request: body, clientId, deploymentId });
    return json(200, { ...body, client_id: clientId, [TOOL_CONFIGURATION]: { ...configuration, deployment_id: deploymentId } });
  }

  // ---- Pages a browser visits --------------------------------------------------------------------------------

  private lmsPage(path: string, url: URL): Reply {
    const [, contextPart, rest] = /^\/courses\/([^/]+)\/(.+)$/.exec(path) ?? [];
    const course = contextPart === undefined ? undefined : this.courses.get(decodeURIComponent(contextPart));
    if (path === "/mod/lti/return.php" || (course && rest === "external_content/success/external_tool_redirect")) {
      const notes = ["lti_msg", "lti_errormsg"].flatMap((name) =>
        url.searchParams.get(name) ? [`<p class="${name}">${escapeHtml(url.searchParams.get(name) ?? "")}</p>`] : [],
      );
      return html(200, page("Back in the course", `<h1>Back in the course</h1>${notes.join("")}`));
    }
    if (!course) return text(404, `no page at ${path}`);
    if (rest === "gradebook") {
      const rows = this.grades(course.id).map((grade) => {
        const student = this.users.get(grade.userSub)?.name ?? grade.userSub;
        const score = `${grade.scoreGiven ?? "–"} / ${grade.scoreMaximum}`;
        return `<tr>${[grade.lineItemLabel, student, score, grade.gradingProgress, grade.timestamp].map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`;
      });
      const head = ["Line item", "Student", "Score", "Grading progress", "Timestamp"].map((name) => `<th>${name}</th>`).join("");
      return html(
        200,
        page(
          `Gradebook: ${course.title}`,
          `<h1>Gradebook: ${escapeHtml(course.title)}</h1><table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`,
        ),
      );
    }
    const linkId = /^links\/([^/]+)$/.exec(rest ?? "")?.[1];
    if (linkId === undefined && rest !== "deep_linking") return text(404, `no page at ${path}`);
    const user = url.searchParams.get("user");
    if (!user) return text(400, "the user query parameter is required");
    const resourceLinkId = linkId === undefined ? undefined : decodeURIComponent(linkId);
    const messageType = resourceLinkId === undefined ? "LtiDeepLinkingRequest" : "LtiResourceLinkRequest";
    let heading: string;
    let src: URL;
    try {
      heading = resourceLinkId === undefined ? "Add content" : this.link(course.id, resourceLinkId).title;
      src = this.loginInitiation({ user, contextId: course.id, resourceLinkId, messageType });
    } catch (error) {
      return text(404, error instanceof Error ? error.message : String(error)); // an unknown link or a user not in the course
    }
    return html(
      200,
      page(
        `${course.title}: ${heading}`,
        `<h1>${escapeHtml(course.title)}: ${escapeHtml(heading)}</h1>` +
          `<iframe name="tool" title="GenLab" allow="fullscreen" style="width:100%;height:900px" src="${escapeHtml(src.href)}"></iframe>`,
      ),
    );
  }

  // ---- Lookups and URLs --------------------------------------------------------------------------------------

  private tool(clientId: string): Tool {
    const tool = this.tools.get(clientId);
    if (!tool) throw new Error(`no tool registered with client_id ${clientId}`);
    return tool;
  }

  private course(contextId: string): Course {
    const course = this.courses.get(contextId);
    if (!course) throw new Error(`no course ${contextId}`);
    return course;
  }

  private membership(contextId: string, sub: string) {
    const member = this.course(contextId).members.get(sub);
    if (!member) throw new Error(`${sub} is not enrolled in ${contextId}`);
    return member;
  }

  private link(contextId: string, linkId: string): StoredLink {
    const link = this.links.get(`${contextId} ${linkId}`);
    if (!link) throw new Error(`no resource link ${linkId} in ${contextId}`);
    return link;
  }

  /** Moodle's resource link ids are course module numbers: the next one not taken in the course. */
  private freeLinkNumber(contextId: string): string {
    while (this.links.has(`${contextId} ${this.nextLinkNumber}`)) this.nextLinkNumber++;
    return String(this.nextLinkNumber++);
  }

  /** Canvas: an opaque per-user string (not `sub`); Moodle: the user id, which is also `sub`. */
  private loginHint(sub: string): string {
    return this.mode === "canvas" ? createHash("sha256").update(`login-hint ${sub}`).digest("hex").slice(0, 40) : sub;
  }

  private targetLinkUri(tool: Tool, launch: LaunchParams): string {
    if (launch.messageType === "LtiDeepLinkingRequest") return tool.deepLinkingUrl ?? tool.launchUrl;
    return (launch.resourceLinkId === undefined ? undefined : this.link(launch.contextId, launch.resourceLinkId).url) ?? tool.launchUrl;
  }

  private createLineItem(contextId: string, spec: LineItemSpec & { resourceLinkId?: string; startDateTime?: string; endDateTime?: string }): LineItem {
    const item: LineItem = { ...spec, number: this.nextLineItem++, contextId };
    this.items.set(item.number, item);
    return item;
  }

  private lineItemJson(item: LineItem, tool?: Tool) {
    const { number, contextId, ...fields } = item;
    return { id: this.lineItemUrl({ number, contextId }, tool), ...fields };
  }

  private lineItemsUrl(contextId: string, tool?: Tool): string {
    const context = encodeURIComponent(contextId);
    if (this.mode === "canvas") return `${this.origin}/api/lti/courses/${context}/line_items`;
    return `${this.origin}/mod/lti/services.php/${context}/lineitems?type_id=${tool?.typeId ?? MOODLE_TYPE_ID}`;
  }

  private lineItemUrl(item: Pick<LineItem, "number" | "contextId">, tool?: Tool): string {
    const context = encodeURIComponent(item.contextId);
    if (this.mode === "canvas") return `${this.origin}/api/lti/courses/${context}/line_items/${item.number}`;
    return `${this.origin}/mod/lti/services.php/${context}/lineitems/${item.number}/lineitem?type_id=${tool?.typeId ?? MOODLE_TYPE_ID}`;
  }

  /** `…/results/N` goes on the path, before Moodle's query string. */
  private resultUrl(item: LineItem, resultId: number, tool?: Tool): string {
    const url = new URL(this.lineItemUrl(item, tool));
    url.pathname += `/results/${resultId}`;
    return url.href;
  }

  private lineItemUrlByNumber(route: ServiceRoute): string {
    const item = this.items.get(route.lineItemNumber ?? 0);
    return item ? this.lineItemUrl(item) : `(no line item ${route.lineItemNumber})`;
  }

  /** A stored line item URL (made with the first tool's type id) as another tool sees it. */
  private withTypeId(lineItemUrl: string, tool: Tool): string {
    if (this.mode === "canvas") return lineItemUrl;
    const url = new URL(lineItemUrl);
    url.searchParams.set("type_id", String(tool.typeId));
    return url.href;
  }

  private membershipsUrl(contextId: string, tool: Tool): string {
    const context = encodeURIComponent(contextId);
    if (this.mode === "canvas") return `${this.origin}/api/lti/courses/${context}/names_and_roles`;
    return `${this.origin}/mod/lti/services.php/CourseSection/${context}/bindings/${tool.typeId}/memberships`;
  }

  private deepLinkReturnUrl(contextId: string, tool: Tool): string {
    const context = encodeURIComponent(contextId);
    if (this.mode === "canvas") return `${this.origin}/courses/${context}/deep_linking_response?modal=true`;
    return `${this.origin}/mod/lti/contentitem_return.php?course=${context}&id=${tool.typeId}&sesskey=${this.sessionKey}`;
  }

  private returnUrl(contextId: string, linkId?: string): string {
    const context = encodeURIComponent(contextId);
    if (this.mode === "canvas") return `${this.origin}/courses/${context}/external_content/success/external_tool_redirect`;
    return `${this.origin}/mod/lti/return.php?course=${context}&launch_container=3&instanceid=${encodeURIComponent(linkId ?? "")}&sesskey=${this.sessionKey}`;
  }
}

export async function startSimulatedLms(options: {
  mode: LmsMode;
  tool?: Omit<ToolRegistration, "clientId" | "deploymentId">;
  clientId?: string;
  deploymentId?: string;
}): Promise<SimulatedLms> {
  const { publicKey, privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kid = `platform-${opaque()}`;
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const lms = new SimulatedLms(options.mode, origin, server, { privateKey, publicJwk, kid }, options);
  if (options.tool) lms.registerTool({ ...options.tool, clientId: lms.clientId, deploymentId: lms.deploymentId });
  return lms;
}
