// A small sticky load balancer in front of several GenLab web processes, for the failover test and as
// an example of what GenLab needs from one. A real deployment uses nginx, HAProxy or Caddy instead:
// sticky sessions by a cookie the balancer sets (HAProxy `cookie … insert`, Caddy `lb_policy cookie`)
// or by client address (nginx `ip_hash`), WebSocket upgrades passed through (nginx
// `proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"`), long read timeouts
// for sockets and for the streamed answer of POST /api/submissions (no response buffering), and health
// checks that take a stopped process out of rotation. Stickiness matters for socket.io: the pages start
// with HTTP long-polling, whose requests must all reach the process that holds the socket's session.
//
// Here: a client is pinned by the cookie `genlab_backend=<index>`; a new client gets the next backend
// in turn. Before each request the chosen backend must accept a TCP connection; one that does not (a
// killed process, or one that stopped listening to drain) is skipped, the next one that does is used,
// and an HTTP answer re-pins the client to it. A real balancer learns the same from its health checks.
import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import httpProxy from "http-proxy";
import { freePort } from "@/e2e/server";

const BACKEND_COOKIE = "genlab_backend";
/** A backend that does not accept a connection within this is taken as down for this request. */
const CONNECT_TIMEOUT_MS = 1_000;

export interface Balancer {
  /** http://127.0.0.1:<port>: what the browsers (the test's clients) use. */
  url: string;
  /** The backends' base URLs; a cookie names one by its index. Add one, or assign one to move its slot to a new process. */
  backends: string[];
  close(): Promise<void>;
}

/** The index `genlab_backend=<index>` names in a cookie header (null: none, or not one of `count`). */
export function pinnedBackend(cookie: string | undefined, count: number): number | null {
  const match = new RegExp(`(?:^|;\\s*)${BACKEND_COOKIE}=(\\d+)`).exec(cookie ?? "");
  const index = match ? Number(match[1]) : null;
  return index !== null && index < count ? index : null;
}

/** Whether something listens at `url` (a TCP connection is accepted), closing the connection at once. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export async function startBalancer(backendUrls: string[]): Promise<Balancer> {
  const backends = [...backendUrls];
  const proxy = httpProxy.createProxyServer({ xfwd: true });
  let turn = 0;
  /** The backend an HTTP answer pins its client to, when that is not the one its cookie named. */
  const repinned = new WeakMap<http.IncomingMessage, number>();

  /** The pinned backend if it accepts connections, else the first that does, starting with the next in turn. */
  const choose = async (req: http.IncomingMessage): Promise<number | null> => {
    const pinned = pinnedBackend(req.headers.cookie, backends.length);
    const first = pinned ?? turn++ % backends.length;
    for (let offset = 0; offset < backends.length; offset++) {
      const index = (first + offset) % backends.length;
      if (await accepts(backends[index])) {
        if (index !== pinned) repinned.set(req, index);
        return index;
      }
    }
    return null;
  };

  proxy.on("proxyRes", (proxyRes, req, res) => {
    // A backend that dies mid-answer (a streamed submission answer): the client's connection is cut
    // too, so it sees the break instead of waiting for the rest forever.
    proxyRes.once("close", () => {
      if (!proxyRes.complete) res.destroy();
    });
    const index = repinned.get(req);
    if (index === undefined) return;
    const cookies = proxyRes.headers["set-cookie"] ?? [];
    proxyRes.headers["set-cookie"] = [...cookies, `${BACKEND_COOKIE}=${index}; Path=/; HttpOnly; SameSite=Lax`];
  });

  const unavailable = (res: http.ServerResponse) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "No GenLab server answered behind the load balancer. Try again in a few seconds.", code: "BAD_GATEWAY" } }));
  };

  const server = http.createServer((req, res) => {
    void choose(req).then((index) => {
      if (index === null) return unavailable(res);
      // A backend that dies between the check and the request: the client sees a 502 and tries again.
      proxy.web(req, res, { target: backends[index] }, () => unavailable(res));
    });
  });
  // WebSockets: the upgrade request goes where its cookie points (an upgrade's answer cannot re-pin).
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    void choose(req).then((index) => {
      if (index === null) return void socket.destroy();
      proxy.ws(req, socket, head, { target: backends[index] }, () => socket.destroy());
    });
  });

  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    backends,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      proxy.close();
    },
  };
}
