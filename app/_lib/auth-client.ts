"use client";
import { createAuthClient } from "better-auth/react";

/** Better Auth's browser client; the server is the same origin. */
export const authClient = createAuthClient();
