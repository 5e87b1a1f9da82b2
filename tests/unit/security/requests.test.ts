// The small pure parts of "safe by default": redirect targets, display names, client addresses,
// trusted proxies and the superjson input guard.
import assert from "node:assert/strict";
import type http from "node:http";
import { test } from "node:test";
import superjson from "superjson";
import { safeNext } from "@/app/_lib/errors";
import { checkDisplayName, DISPLAY_NAME_MAX_CHARACTERS } from "@/lib/users/display-name";
import { deserializeRequestInput } from "@/server/api/transformer";
import { MAX_INPUT_DEPTH } from "@/server/security/json-depth";
import { addressKey, clientAddress } from "@/server/security/client-address";
import { parseTrustedProxies, securitySettings } from "@/server/security/settings";

test("sign-in redirects go to same-origin paths only", () => {
  const refused = [
    "https://evil.example/",
    "//evil.example",
    "/\t/evil.example", // what /sign-in?next=/%09/evil.example decodes to; browsers drop the tab
    "/\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\u0000/evil.example",
    "/..//evil.example", // normalises to //evil.example
    "/.//evil.example",
    "/%2e%2e//evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
    null,
    undefined,
  ];
  for (const next of refused) assert.equal(safeNext(next), "/courses", JSON.stringify(next));
  assert.equal(safeNext("/courses/abc/live?code=K7P2QX#top"), "/courses/abc/live?code=K7P2QX#top");
  assert.equal(safeNext("/courses/../sign-up"), "/sign-up", "normalised, and still here");
  assert.equal(safeNext("/%2F%2Fevil.example"), "/%2F%2Fevil.example", "an encoded slash stays a path segment");
});

test("display names: NFC, spaces collapsed, 1–64 characters, no control, direction or invisible characters", () => {
  assert.deepEqual(checkDisplayName("  Zoe\u0301   Martin "), { ok: true, name: "Zoé Martin" });
  assert.deepEqual(checkDisplayName("李小龍"), { ok: true, name: "李小龍" });
  assert.deepEqual(checkDisplayName("🙂".repeat(DISPLAY_NAME_MAX_CHARACTERS)), { ok: true, name: "🙂".repeat(64) }, "characters, not UTF-16 units");
  const refusals: [unknown, RegExp][] = [
    ["", /enter your name/],
    ["   ", /enter your name/],
    ["x".repeat(65), /at most 64 characters/],
    ["x".repeat(12 * 1024 * 1024), /at most 64 characters/],
    ["Alice\u202Egnp.exe", /text-direction/],
    ["Bob\u2066x\u2069", /text-direction/],
    ["Ev\u200Be", /invisible/],
    ["Mal\uFEFFlory", /invisible/],
    ["\u3164", /invisible/], // a Hangul filler: looks like no name at all
    ["Instructor\u2800", /invisible/],
    ["Tab\there", /control/],
    ["Line\nbreak", /control/],
    [42, /must be text/],
  ];
  for (const [name, message] of refusals) {
    const checked = checkDisplayName(name);
    assert.equal(checked.ok, false, JSON.stringify(name).slice(0, 40));
    if (!checked.ok) assert.match(checked.message, message);
  }
});

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } }) as unknown as http.IncomingMessage;

test("client address: the peer, unless it is a trusted proxy; X-Forwarded-For read from the right", () => {
  const none = parseTrustedProxies([]);
  assert.equal(clientAddress(request("203.0.113.5", "1.2.3.4"), none), "203.0.113.5", "no trusted proxy: the header is ignored");
  assert.equal(clientAddress(request("::ffff:203.0.113.5"), none), "203.0.113.5");
  const proxies = parseTrustedProxies(["10.0.0.0/8", "::1"]);
  assert.equal(clientAddress(request("10.1.2.3", "198.51.100.7"), proxies), "198.51.100.7");
  assert.equal(clientAddress(request("::ffff:10.1.2.3", "198.51.100.7"), proxies), "198.51.100.7", "IPv4-mapped peers match IPv4 ranges");
  assert.equal(clientAddress(request("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9"), proxies), "198.51.100.7", "the client's own claim left of it is ignored");
  assert.equal(clientAddress(request("10.1.2.3", "garbage"), proxies), "10.1.2.3");
  assert.equal(clientAddress(request("10.1.2.3"), proxies), "10.1.2.3");
  assert.equal(clientAddress(request("203.0.113.5", "198.51.100.7"), proxies), "203.0.113.5", "a peer outside the list is not believed");
  assert.equal(clientAddress(request("::1", "2001:db8:aa:bb:1:2:3:4"), proxies), "2001:db8:aa:bb::/64");
  assert.equal(addressKey("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(addressKey("2001:0db8:0000:0001:ffff:0:0:1"), "2001:db8:0:1::/64");
});

test("settings: trusted proxies must be addresses or CIDR ranges; allowed origins include the loopback twins", () => {
  for (const bad of ["10.0.0.0/33", "example.org", "10.0.0.1/8/1", "::1/129", ""]) {
    assert.throws(() => parseTrustedProxies([bad]), /GENLAB_TRUSTED_PROXIES/, bad);
  }
  const settings = securitySettings({ publicOrigin: "https://genlab.example.org/", port: 3000, extraOrigins: ["https://lms.example.org"] });
  assert.deepEqual(settings.allowedOrigins, ["https://genlab.example.org", "http://localhost:3000", "http://127.0.0.1:3000", "https://lms.example.org"]);
  assert.equal(settings.frameAncestors, "'self'");
});

test("request input: superjson's values kept, shared-reference metadata never applied, depth refused before any walk", () => {
  const date = new Date("2026-12-24T23:59:00Z");
  assert.deepEqual(deserializeRequestInput(superjson.serialize({ due: date, weight: Number.NaN, note: undefined })), {
    due: date,
    weight: Number.NaN,
    note: undefined,
  });
  // A client's shared object arrives in full twice (superjson's default); the identity metadata is dropped.
  const shared = { x: [1, 2] };
  const sent = JSON.parse(JSON.stringify(superjson.serialize({ a: shared, b: shared }))); // as it travels
  assert.ok(sent.meta?.referentialEqualities, "set-up: superjson records the shared object");
  const received = deserializeRequestInput(sent) as { a: unknown; b: unknown };
  assert.deepEqual(received, { a: shared, b: shared });
  assert.notEqual(received.a, received.b, "copies, not one object");
  // What a bomb claims (b is a) is not applied: b stays the empty object it literally is.
  assert.deepEqual(deserializeRequestInput({ json: { a: { deep: [1] }, b: {} }, meta: { referentialEqualities: { a: ["b"] }, v: 1 } }), {
    a: { deep: [1] },
    b: {},
  });
  let deep: unknown = 1;
  for (let i = 0; i <= MAX_INPUT_DEPTH; i++) deep = [deep];
  assert.throws(() => deserializeRequestInput({ json: deep }), /nested more than 32 levels/, "33 levels");
  assert.deepEqual(deserializeRequestInput({ json: (deep as unknown[])[0] }), (deep as unknown[])[0], "32 levels are fine");
  let veryDeep: unknown = 1;
  for (let i = 0; i < 200_000; i++) veryDeep = [veryDeep];
  assert.throws(() => deserializeRequestInput({ json: veryDeep }), /nested more than/, "refused without overflowing the stack");
  assert.throws(() => deserializeRequestInput("not an envelope"), /format this server expects/);
  assert.throws(() => deserializeRequestInput({ json: { a: 1 }, meta: { values: { a: ["bigint"] } } }), /value type this server does not accept/);
  assert.throws(
    () => deserializeRequestInput({ json: { a: 1 }, meta: { values: { "a.__proto__.polluted": ["undefined"] } } }),
    /value annotations do not match/,
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
