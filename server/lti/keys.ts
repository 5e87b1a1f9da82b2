// GenLab's own signing keys as an LTI tool: RS256 pairs in the database (every process signs with the
// same one), the newest signs. Rotation retires the signing key but keeps it in the public key set
// for RETIRED_KEY_SERVED_MS, longer than anything it signed lives (client assertions: 5 minutes;
// deep-linking responses: 10), so an LMS verifying late still finds it.
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import type { Db } from "../db";

export const SIGNING_ALGORITHM = "RS256";
const RETIRED_KEY_SERVED_MS = 60 * 60 * 1000;
/** Processes re-read the keys this often, so a rotation elsewhere reaches them. */
const CACHE_MS = 60 * 1000;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

export interface ToolKeys {
  /** The key to sign with now (one is made on first use). */
  signingKey(): Promise<SigningKey>;
  /** The public JSON Web Key Set LMSs verify GenLab's signatures with: the signing key and recently retired ones. */
  publicKeySet(): Promise<{ keys: JWK[] }>;
  /** A new signing key; the old one retires (and stays in the key set a while). */
  rotate(): Promise<string>;
}

export function createToolKeys(db: Db, now: () => number = Date.now): ToolKeys {
  let cached: { at: number; signing: SigningKey; published: JWK[] } | null = null;

  const load = async () => {
    if (cached && now() - cached.at < CACHE_MS) return cached;
    let rows = await db.ltiKey.findMany({
      where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(now() - RETIRED_KEY_SERVED_MS) } }] },
      orderBy: { createdAt: "desc" },
    });
    if (!rows.some((row) => row.retiredAt === null)) {
      await addKey();
      rows = await db.ltiKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });
    }
    const current = rows.find((row) => row.retiredAt === null)!;
    const privateKey = (await importJWK(current.privateJwk as JWK, SIGNING_ALGORITHM)) as CryptoKey;
    cached = { at: now(), signing: { kid: current.kid, privateKey }, published: rows.map((row) => row.publicJwk as JWK) };
    return cached;
  };

  const addKey = async () => {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true, modulusLength: 2048 });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: "sig" };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALGORITHM };
    // Two processes starting at once may both add one; the newest signs, both are published.
    await db.ltiKey.create({ data: { kid, publicJwk, privateJwk } });
    return kid;
  };

  return {
    signingKey: async () => (await load()).signing,
    publicKeySet: async () => ({ keys: (await load()).published }),
    rotate: async () => {
      const retiredAt = new Date(now());
      await db.ltiKey.updateMany({ where: { retiredAt: null }, data: { retiredAt } });
      const kid = await addKey();
      cached = null;
      return kid;
    },
  };
}
