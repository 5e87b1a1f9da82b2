// The inverse-cdf page runs the student's sampler in a Web Worker loaded from /sandbox/inverse-cdf.js
// (server/assets.ts), whose own Content-Security-Policy allows `new Function` and nothing else: no
// network, no scripts. The page's policy does not allow eval, and a worker made from a blob: URL would
// inherit it. The page sends one message, {code, uniforms}: the challenge's uniforms (a Float64Array);
// the worker answers with progress, the samples (one per uniform) or an error.
// Browser-safe (it imports only ./spec); the page takes the path from ./spec and never loads this file.
import { INVERSE_CDF_VALUE_LIMIT } from "./spec";

export { INVERSE_CDF_SANDBOX_PATH } from "./spec";
/** The sandbox's policy: eval for the student's code, nothing to fetch, import or connect to. */
export const SANDBOX_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-eval'";

/**
 * The worker's whole program. Everything lives inside one function scope, so the student's code (compiled
 * with `new Function`, which only sees the global scope) cannot reach the message port or the uniforms.
 * Draw i is the student's function called once, with uniform() returning uniforms[i]: the server checks
 * x_i against that u_i, so a draw must call uniform() exactly once (Math.random is the same function).
 * Network, storage and nested workers are deleted from the global object and its prototypes before the
 * code is compiled (the policy forbids them too).
 */
export function inverseCdfSandboxProgram(): string {
  return `"use strict";
self.onmessage = (event) => {
  self.onmessage = null;
  const { code, uniforms } = event.data;
  const post = self.postMessage.bind(self);
  let now;
  try {
    now = self.performance.now.bind(self.performance);
    if (!(uniforms instanceof Float64Array) || uniforms.length === 0) throw new Error("no uniforms were sent");
  } catch (e) {
    post({ type: "error", title: "The sandbox could not start", detail: String(e) + " (please report this)" });
    return;
  }
  const count = uniforms.length;
  let draw = 0;
  let calls = 0;
  const uniform = () => {
    calls++;
    return uniforms[draw];
  };
  Object.defineProperty(Math, "random", { value: uniform, writable: false, configurable: false });
  for (const name of ["fetch", "XMLHttpRequest", "WebSocket", "WebTransport", "EventSource", "importScripts", "Worker", "SharedWorker",
    "BroadcastChannel", "indexedDB", "caches", "cookieStore", "postMessage", "onmessage", "onmessageerror", "close"]) {
    for (let o = self; o; o = Object.getPrototypeOf(o)) {
      try { delete o[name]; } catch (e) {}
    }
  }
  const where = (e) => {
    const stack = e && typeof e.stack === "string" ? e.stack : "";
    // new Function puts two header lines before the body: "function anonymous(uniform" and ") {".
    const m = /\\(eval at .*?, <anonymous>:(\\d+):\\d+\\)/.exec(stack) || /> Function:(\\d+):\\d+/.exec(stack);
    return m && Number(m[1]) > 2 ? " (line " + (Number(m[1]) - 2) + ")" : "";
  };
  const describe = (e) => (e && e.name ? e.name + ": " : "") + (e && e.message !== undefined ? String(e.message) : String(e));
  let sample;
  try {
    sample = new Function("uniform", String(code));
  } catch (e) {
    post({ type: "error", title: "Your code does not compile", detail: describe(e) });
    return;
  }
  const out = new Float64Array(count);
  let last = now();
  for (let i = 0; i < count; i++) {
    let x;
    draw = i;
    calls = 0;
    try {
      x = sample(uniform);
    } catch (e) {
      post({ type: "error", title: "Your code threw an error on draw " + (i + 1) + where(e), detail: describe(e) });
      return;
    }
    if (calls !== 1) {
      post({
        type: "error",
        title: "Draw " + (i + 1) + (calls === 0 ? " did not call uniform()" : " called uniform() " + calls + " times"),
        detail: "Each draw gets exactly one uniform u, and the server checks that your x is F⁻¹(u) for that u: call uniform() once per draw (Math.random() counts as a call).",
      });
      return;
    }
    if (typeof x !== "number" || !Number.isFinite(x) || Math.abs(x) > ${INVERSE_CDF_VALUE_LIMIT}) {
      const shown = typeof x === "string" ? JSON.stringify(x) : String(x);
      const hint =
        x === undefined ? "Did you forget the return statement (return x;)?"
        : typeof x !== "number" ? "sample() must return a number, not a " + typeof x + "."
        : Number.isNaN(x) ? "NaN usually means the log of a negative number or 0/0: check the formula's two cases."
        : !Number.isFinite(x) ? "Infinity usually means ln(0): check which side of ½ each case handles."
        : "The server accepts values up to ±${INVERSE_CDF_VALUE_LIMIT}; a Laplace(0, 1) draw is almost never beyond ±20.";
      post({ type: "error", title: "Draw " + (i + 1) + " returned " + shown, detail: hint });
      return;
    }
    out[i] = x;
    if (i % 200 === 199 && now() - last > 50) {
      last = now();
      post({ type: "progress", done: i + 1 });
    }
  }
  post({ type: "done", samples: out }, [out.buffer]);
};
`;
}
