// Submission.contentHash: equal answers hash equal whatever their key order; any change in a value changes it.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { canonicalJson, checkSubmission, contentHashOf } from "@/server/services/scoring";

test("canonical JSON sorts keys at every level and keeps array order", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
});

test("the content hash is the SHA-256 of the canonical JSON, blind to key order only", () => {
  const body = {
    mean: [1, 2],
    covariance: [
      [1, 0],
      [0, 1],
    ],
  };
  const reordered = {
    covariance: [
      [1, 0],
      [0, 1],
    ],
    mean: [1, 2],
  };
  assert.equal(contentHashOf(body), createHash("sha256").update(canonicalJson(body)).digest("hex"));
  assert.equal(contentHashOf(reordered), contentHashOf(body));
  assert.notEqual(contentHashOf({ ...body, mean: [1, 2.000001] }), contentHashOf(body));
  assert.notEqual(contentHashOf({ ...body, mean: [2, 1] }), contentHashOf(body), "array order matters");
});

test("checking a submission hashes what was validated: keys the schema drops do not count", () => {
  const checked = checkSubmission("markov-chain", { body: { pi: [0.2, 0.5, 0.3], note: "dropped by the schema" } });
  assert.equal(checked.contentHash, contentHashOf({ pi: [0.2, 0.5, 0.3] }));
});
