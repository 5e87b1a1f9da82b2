// Security headers on every response. Pages get a Content-Security-Policy with a fresh nonce: Next.js
// reads it from the request's own Content-Security-Policy header and puts it on its scripts
// (app/layout.tsx renders every page per request for that), and 'strict-dynamic' lets those scripts
// load the app's chunks. Everything else (JSON, wasm, models) gets a policy that allows nothing.
import { randomBytes } from "node:crypto";
import type http from "node:http";
import type { SecuritySettings } from "./settings";

/** Who may frame GenLab: GENLAB_FRAME_ANCESTORS and the registered LMSs ('none' gives way to them). */
function frameAncestors(settings: SecuritySettings): string {
  const lms = settings.lmsFrameOrigins?.() ?? [];
  if (lms.length === 0) return settings.frameAncestors;
  return [...(settings.frameAncestors === "'none'" ? [] : [settings.frameAncestors]), ...lms].join(" ");
}

function pagePolicy(nonce: string, settings: SecuritySettings, ancestors: string): string {
  const https = settings.publicOrigin.startsWith("https:");
  return [
    "default-src 'self'",
    // wasm-unsafe-eval: TensorFlow.js and onnxruntime compile WebAssembly; dev mode's hot reload evaluates code.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${settings.dev ? " 'unsafe-eval'" : ""}`,
    // React and KaTeX set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Sets the headers every response carries; for pages (`kind: "page"`) also the nonce-bearing CSP, on the request for Next.js too. */
export function applySecurityHeaders(req: http.IncomingMessage, res: http.ServerResponse, settings: SecuritySettings, kind: "page" | "other"): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (settings.publicOrigin.startsWith("https:")) res.setHeader("Strict-Transport-Security", "max-age=31536000");
  const ancestors = frameAncestors(settings);
  // Older browsers know only X-Frame-Options; it cannot express a list of LMS origins.
  if (ancestors === "'self'") res.setHeader("X-Frame-Options", "SAMEORIGIN");
  if (kind === "page") {
    const policy = pagePolicy(randomBytes(16).toString("base64"), settings, ancestors);
    req.headers["content-security-policy"] = policy;
    res.setHeader("Content-Security-Policy", policy);
  } else {
    res.setHeader("Content-Security-Policy", `default-src 'none'; frame-ancestors ${ancestors}`);
  }
}
