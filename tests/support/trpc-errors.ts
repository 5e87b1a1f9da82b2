// Asserting a tRPC call's refusal: its code and, optionally, that its message says why.
import assert from "node:assert/strict";
import { TRPCError } from "@trpc/server";

export async function rejects(promise: Promise<unknown>, code: TRPCError["code"], message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TRPCError, `a TRPCError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}
