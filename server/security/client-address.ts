// Who is asking, for rate limits: the peer's address, or — only when the peer is a proxy named in
// GENLAB_TRUSTED_PROXIES — the address that proxy saw, read from the right of X-Forwarded-For
// (each proxy appends; anything left of the first untrusted hop is the client's own claim).
import type http from "node:http";
import net from "node:net";

/** "::ffff:10.0.0.1" (an IPv4 client of a dual-stack socket) → "10.0.0.1". */
const unmapped = (address: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;

/** IPv4 as it is; IPv6 by its /64, which one household or phone gets whole. */
export function addressKey(address: string): string {
  if (!net.isIPv6(address)) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

const isTrusted = (address: string, trustedProxies: net.BlockList) => trustedProxies.check(address, net.isIPv6(address) ? "ipv6" : "ipv4");

/** Whether the request came straight from one of the proxies whose headers are believed. */
export function peerIsTrustedProxy(req: http.IncomingMessage, trustedProxies: net.BlockList): boolean {
  const peer = unmapped(req.socket.remoteAddress ?? "unknown");
  return net.isIP(peer) !== 0 && isTrusted(peer, trustedProxies);
}

export function clientAddress(req: http.IncomingMessage, trustedProxies: net.BlockList): string {
  const peer = unmapped(req.socket.remoteAddress ?? "unknown");
  if (!peerIsTrustedProxy(req, trustedProxies)) return addressKey(peer);
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = unmapped(hops[i].replace(/^\[(.*)\]$/, "$1"));
    if (!net.isIP(hop)) break; // garbage: the last good hop is as far as the trusted chain reaches
    client = hop;
    if (!isTrusted(hop, trustedProxies)) break;
  }
  return addressKey(client);
}
