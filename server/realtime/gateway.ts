import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/postgres-adapter";
import { fromNodeHeaders } from "better-auth/node";
import type { Pool } from "pg";
import { Server, type Socket } from "socket.io";
import {
  type Ack,
  type ClientToServerEvents,
  EVENTS,
  exerciseRoom,
  leaderboardSubscribeSchema,
  type ServerToClientEvents,
} from "@/lib/realtime/protocol";
import { describeValidationError } from "@/lib/exercises/validation";
import type { Auth } from "../auth";
import type { Db } from "../db";
import type { Actor } from "../services/courses";
import { requireEnrollment } from "../services/courses";
import { DomainError } from "../services/errors";
import { requireCourseExercise, requireDefinition } from "../services/exercises";
import { createLiveRuntime, type LiveSocketData, newLiveSocketData } from "./live";
import { listenToPoolEvents, registerPoolHandlers } from "./pool";
import type { RealtimePublisher } from "./publisher";

interface SocketData {
  user: Actor;
  live: LiveSocketData;
}

export type GenlabIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type GenlabSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * socket.io delivers; PostgreSQL stays the source of truth. Every socket is a signed-in user
 * (checked on connect from the session cookie) and every event is validated and authorized.
 */
export function createRealtimeGateway(
  httpServer: HttpServer,
  deps: { db: Db; auth: Auth; socketAdapterPool?: Pool; poolEventsPool?: Pool; allowedOrigins: readonly string[] },
) {
  const io: GenlabIo = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  // Several server processes, one PostgreSQL: broadcasts travel between them by LISTEN/NOTIFY.
  if (deps.socketAdapterPool) {
    io.adapter(createAdapter(deps.socketAdapterPool, { errorHandler: (error) => console.error("[socket.io adapter]", error.message) }));
  }

  /** The session behind the socket's cookie, checked again for every event: sign-out ends it. */
  const sessionUser = async (headers: import("node:http").IncomingHttpHeaders): Promise<Actor | null> => {
    const session = await deps.auth.api.getSession({ headers: fromNodeHeaders(headers) });
    return session ? { id: session.user.id, name: session.user.name, email: session.user.email } : null;
  };

  io.use(async (socket, next) => {
    try {
      const user = await sessionUser(socket.request.headers);
      if (!user) return next(new Error("Please sign in first."));
      socket.data.user = user;
      socket.data.live = newLiveSocketData();
      next();
    } catch {
      next(new Error("Could not check your session; please reload."));
    }
  });

  const live = createLiveRuntime(io, deps.db, (socket) => sessionUser(socket.request.headers));
  const stopPoolEvents = deps.poolEventsPool ? listenToPoolEvents(deps.poolEventsPool, io) : async () => {};

  io.on("connection", (socket) => {
    live.register(socket);
    registerPoolHandlers(socket, deps.db, () => sessionUser(socket.request.headers));
    const reply = (ack: unknown, result: Ack) => {
      if (typeof ack === "function") ack(result);
    };
    const failure = (error: unknown): Ack => ({
      ok: false,
      error: error instanceof DomainError ? error.message : "Something went wrong on the server.",
    });

    socket.on(EVENTS.leaderboardSubscribe, async (payload, ack) => {
      const parsed = leaderboardSubscribeSchema.safeParse(payload);
      if (!parsed.success) return reply(ack, { ok: false, error: describeValidationError(parsed.error) });
      try {
        requireDefinition(parsed.data.exerciseSlug);
        const user = await sessionUser(socket.request.headers);
        if (user?.id !== socket.data.user.id) {
          reply(ack, { ok: false, error: "Your session has ended. Please sign in again." });
          socket.disconnect(true);
          return;
        }
        await requireEnrollment(deps.db, user, parsed.data.courseId);
        const exercise = await requireCourseExercise(deps.db, parsed.data.courseId, parsed.data.exerciseSlug);
        const room = exerciseRoom(exercise.id);
        await socket.join(room);
        reply(ack, { ok: true, room });
      } catch (error) {
        reply(ack, failure(error));
      }
    });

    socket.on(EVENTS.leaderboardUnsubscribe, async (payload, ack) => {
      const parsed = leaderboardSubscribeSchema.safeParse(payload);
      if (!parsed.success) return reply(ack, { ok: false, error: describeValidationError(parsed.error) });
      try {
        const exercise = await requireCourseExercise(deps.db, parsed.data.courseId, parsed.data.exerciseSlug);
        await socket.leave(exerciseRoom(exercise.id));
        reply(ack, { ok: true });
      } catch (error) {
        reply(ack, failure(error));
      }
    });
  });

  const publisher: RealtimePublisher = {
    leaderboardUpdated: (event) => io.to(exerciseRoom(event.exerciseId)).emit(EVENTS.leaderboardUpdated, event),
    // A failed broadcast must not fail the change already committed: clients resync on their next event or rejoin.
    liveStateChanged: (sessionId) => live.publishState(sessionId).catch((error) => console.error("[live] broadcast:", error instanceof Error ? error.message : error)),
    livePollAnswered: (sessionId, pollId) => live.pollAnswered(sessionId, pollId),
  };

  return {
    io,
    publisher,
    liveStats: live.stats,
    close: async () => {
      live.close();
      await stopPoolEvents();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
