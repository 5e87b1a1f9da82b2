// What the server trusts, in one value built from the environment (server/index.ts) or by tests.
import net from "node:net";

export interface SecuritySettings {
  /** The origin browsers use to reach GenLab (GENLAB_URL), e.g. https://genlab.example.org. */
  publicOrigin: string;
  /** Origins allowed to open sockets and post sign-in forms: the public one, its loopback twins, GENLAB_EXTRA_ORIGINS. */
  allowedOrigins: readonly string[];
  /** Peers whose X-Forwarded-For is believed (GENLAB_TRUSTED_PROXIES). */
  trustedProxies: net.BlockList;
  /** CSP frame-ancestors sources (GENLAB_FRAME_ANCESTORS). */
  frameAncestors: string;
  /** The registered LMSs' web origins, which may frame GenLab too (server/lti/platforms.ts). */
  lmsFrameOrigins?: () => readonly string[];
  /** Next.js development mode: its hot reload needs eval and a websocket of its own. */
  dev: boolean;
}

export interface SecuritySettingsInput {
  publicOrigin: string;
  /** The port the server listens on: http://localhost:PORT and http://127.0.0.1:PORT are always allowed. */
  port?: number;
  extraOrigins?: readonly string[];
  trustedProxies?: readonly string[];
  frameAncestors?: string;
  dev?: boolean;
}

export function securitySettings(input: SecuritySettingsInput): SecuritySettings {
  const loopback = input.port === undefined ? [] : [`http://localhost:${input.port}`, `http://127.0.0.1:${input.port}`];
  const origins = [input.publicOrigin, ...loopback, ...(input.extraOrigins ?? [])].map((o) => new URL(o).origin);
  return {
    publicOrigin: new URL(input.publicOrigin).origin,
    allowedOrigins: [...new Set(origins)],
    trustedProxies: parseTrustedProxies(input.trustedProxies ?? []),
    frameAncestors: input.frameAncestors ?? "'self'",
    dev: input.dev ?? false,
  };
}

/** "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8" → a BlockList; anything else stops the server with its name. */
export function parseTrustedProxies(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/");
    const type = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
    const bits = prefix === undefined ? null : Number(prefix);
    const maxBits = type === "ipv4" ? 32 : 128;
    if (!type || extra !== undefined || (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))) {
      throw new Error(`GENLAB_TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range such as 10.0.0.0/8.`);
    }
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}
