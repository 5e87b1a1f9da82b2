import type { IncomingHttpHeaders, IncomingMessage, Server as HttpServer } from "node:http";
import type { BlockList } from "node:net";
import { fromNodeHeaders } from "better-auth/node";
import type { Pool } from "pg";
import { Server, type Socket } from "socket.io";
import {
  type AnnouncedLeaderboardUpdate,
  type ClientToServerEvents,
  EVENTS,
  MAX_CLIENT_MESSAGE_BYTES,
  type ServerToClientEvents,
} from "@/lib/realtime/protocol";
import type { Auth } from "../auth";
import type { Db } from "../db";
import type { CourseRole } from "../generated/prisma/client";
import { logger } from "../observability/log";
import { countSockets } from "../observability/metrics";
import { clientAddress } from "../security/client-address";
import type { Actor } from "../services/courses";
import { localFirstPostgresAdapter } from "./adapter-pool";
import { closeSocket, listenToClientEvents, newRealtimeStats } from "./client-events";
import { leaderboardAnnouncer, leaderboardHandlers } from "./leaderboard";
import { createLiveRuntime } from "./live";
import { listenToPoolEvents, poolHandlers } from "./pool";
import type { RealtimePublisher } from "./publisher";
import { CONNECTION_LIMITS, KeyedBuckets, newRateBuckets, type RateBucket, type TokenBucket } from "./rate-limit";
import { SocketsPerUser } from "./user-sockets";

const socketLog = logger("socket");
const SESSION_ENDED = "You signed out, so this page's live updates stopped. Sign in again to see them.";
const sessionRoom = (sessionId: string) => `session:${sessionId}`;
const TOO_MANY_CONNECTIONS = "Too many live connections from here; wait a few seconds and reload.";

/** Sockets one user may hold on one server process (a few tabs); a newer one closes the oldest. */
export const MAX_SOCKETS_PER_USER = 5;
const TOO_MANY_SOCKETS =
  `GenLab is open in more than ${MAX_SOCKETS_PER_USER} tabs or windows with your account, so this one, the oldest, ` +
  "stopped receiving live updates. Reload it to use it again (another tab will then stop).";

interface SocketData {
  user: Actor;
  buckets: Record<RateBucket | "refused", TokenBucket>;
  /** This socket's room changes, handled one after another (client-events.ts). */
  roomChanges: Promise<void>;
  /** Leaderboards followed: [courseId, exerciseSlug] as JSON → the exercise's room. */
  leaderboards: Map<string, string>;
  /** Courses whose worker-pool jobs it follows, with the user's role there. */
  poolCourses: Map<string, CourseRole>;
  /** Live sessions joined, with the user's role in each. */
  liveSessions: Map<string, CourseRole>;
}

export type GenlabIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type GenlabSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * A browser sends Origin on every cross-site request and on every WebSocket handshake, so a foreign
 * one means another site's page is trying to use the visitor's cookie: refused. No Origin at all is
 * a non-browser client (carrying no victim's cookie) or a same-origin GET, which browsers send without it.
 */
function foreignOriginRefusal(origin: string | undefined, allowedOrigins: readonly string[]): string | null {
  if (origin === undefined || allowedOrigins.includes(origin)) return null;
  return `Live connections from ${origin} are refused: open GenLab from its own address.`;
}

/**
 * socket.io delivers; PostgreSQL stays the source of truth. Every socket comes from an allowed
 * origin and a signed-in user (checked on connect from the session cookie), and every event goes
 * through client-events.ts: rate limit, validation, authorization.
 */
export function createRealtimeGateway(
  httpServer: HttpServer,
  deps: { db: Db; auth: Auth; socketAdapterPool?: Pool; poolEventsPool?: Pool; allowedOrigins: readonly string[]; trustedProxies: BlockList },
) {
  const io: GenlabIo = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    // Called for every handshake, polling or WebSocket; later requests carry the session id it issued.
    allowRequest: (req: IncomingMessage, answer) => {
      const refusal = foreignOriginRefusal(req.headers.origin, deps.allowedOrigins);
      answer(refusal ?? "", refusal === null);
    },
  });
  // The long-polling transport's answers are this server's too: the same headers as every other API answer.
  io.engine.on("headers", (headers: Record<string, string>) => {
    headers["X-Content-Type-Options"] = "nosniff";
    headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'";
  });
  // Several server processes, one PostgreSQL: broadcasts travel between them by LISTEN/NOTIFY.
  if (deps.socketAdapterPool) {
    io.adapter(localFirstPostgresAdapter(deps.socketAdapterPool));
  }

  /** The session behind the socket's cookie, checked on connect and again before joining a room: sign-out ends it. */
  const sessionUser = async (headers: IncomingHttpHeaders): Promise<Actor | null> => {
    const session = await deps.auth.api.getSession({ headers: fromNodeHeaders(headers) });
    return session ? { id: session.user.id, name: session.user.name, email: session.user.email } : null;
  };

  const handshakesByAddress = new KeyedBuckets(CONNECTION_LIMITS.handshakesPerAddress);
  const handshakesByUser = new KeyedBuckets(CONNECTION_LIMITS.handshakesPerUser);
  io.use(async (socket, next) => {
    // Before the session lookup (a query): a flood of handshakes from one place costs nothing.
    if (!handshakesByAddress.take(clientAddress(socket.request, deps.trustedProxies))) return next(new Error(TOO_MANY_CONNECTIONS));
    try {
      const session = await deps.auth.api.getSession({ headers: fromNodeHeaders(socket.request.headers) });
      if (!session) return next(new Error("Please sign in first."));
      const user = { id: session.user.id, name: session.user.name, email: session.user.email };
      if (!handshakesByUser.take(user.id)) return next(new Error(TOO_MANY_CONNECTIONS));
      // Signing out (server/security/auth-requests.ts) closes the sockets of that session, on every process.
      socket.join(sessionRoom(session.session.id));
      socket.data = {
        user,
        buckets: newRateBuckets(),
        roomChanges: Promise.resolve(),
        leaderboards: new Map(),
        poolCourses: new Map(),
        liveSessions: new Map(),
      };
      next();
    } catch {
      next(new Error("Could not check your session; please reload."));
    }
  });

  const stats = newRealtimeStats();
  const live = createLiveRuntime(io, deps.db, stats);
  const handlers = { ...leaderboardHandlers(deps.db), ...poolHandlers(deps.db), ...live.handlers };
  // Scores stored here reach every process's sockets (the adapter); a worker's, announced on every
  // process by NOTIFY, only this process's sockets.
  // Each announcement says about how many pages watch (this process's share × the processes the adapter knows).
  const announceTo = (target: GenlabIo | GenlabIo["local"]) => (room: string, update: Omit<AnnouncedLeaderboardUpdate, "watchers">) =>
    void io
      .of("/")
      .adapter.serverCount()
      .then((servers) => target.to(room).emit(EVENTS.leaderboardUpdated, { ...update, watchers: (io.of("/").adapter.rooms.get(room)?.size ?? 0) * servers }));
  const leaderboard = leaderboardAnnouncer(announceTo(io));
  const workersLeaderboard = leaderboardAnnouncer(announceTo(io.local));
  const stopPoolEvents = deps.poolEventsPool ? listenToPoolEvents(deps.poolEventsPool, io, workersLeaderboard.announce) : async () => {};
  const userSockets = new SocketsPerUser<GenlabSocket>(MAX_SOCKETS_PER_USER);
  const stopCountingSockets = countSockets(() => io.of("/").sockets.size);

  io.on("connection", (socket) => {
    const userId = socket.data.user.id;
    for (const oldest of userSockets.add(userId, socket)) {
      stats.evictedSockets++;
      closeSocket(oldest, TOO_MANY_SOCKETS);
    }
    // "disconnect" is reserved: socket.io's parser refuses it from a client, so only a real close removes the socket.
    socket.on("disconnect", () => userSockets.remove(userId, socket));
    listenToClientEvents(socket, handlers, { stats, sessionUser: (s) => sessionUser(s.request.headers) });
  });

  const publisher: RealtimePublisher = {
    leaderboardUpdated: (event) => {
      // Inside the submission's request: the record carries its requestId.
      socketLog.debug({ exerciseId: event.exerciseId }, `announced ${EVENTS.leaderboardUpdated}`);
      leaderboard.announce(event);
    },
    // A failed broadcast must not fail the change already committed: clients resync on their next event or rejoin.
    liveStateChanged: (sessionId) => live.publishState(sessionId).catch((error: unknown) => logger("live").warn({ err: error }, "broadcast")),
    livePollAnswered: (sessionId, pollId) => live.pollAnswered(sessionId, pollId),
  };

  return {
    io,
    publisher,
    stats,
    /** A session ended (signed out): its sockets are told and closed, wherever they are connected. */
    endSession: (sessionId: string) => {
      io.to(sessionRoom(sessionId)).emit(EVENTS.error, { message: SESSION_ENDED, disconnecting: true });
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    /** Closes every socket's connection, not the server: clients reconnect by themselves, to whichever process takes them. */
    dropConnections: () => io.engine.close(),
    close: async () => {
      stopCountingSockets();
      live.close();
      leaderboard.flush();
      workersLeaderboard.flush();
      await stopPoolEvents();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
