// Request bodies past their cap are never read to the end: the answer (413) goes out, then the
// connection closes (Node would otherwise read and discard the rest of an endless upload to keep the
// connection alive).
import type http from "node:http";

export class BodyTooLarge extends Error {}

/** After an early answer, how much more of the body is read and dropped before the connection is cut. */
const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 2000;

/**
 * Once the answer is sent (or now, if it was), the connection closes without the rest of the body
 * being read. Closing a socket with unread data resets it, which can destroy the answer before the
 * client reads it; so, as web servers do, it lingers: up to 1 MB or 2 s more is read and dropped
 * (a client that has its answer stops sending), then the connection is cut.
 */
export function closeAfterAnswer(req: http.IncomingMessage, res: http.ServerResponse) {
  res.shouldKeepAlive = false;
  const linger = () => {
    let dropped = 0;
    req.on("data", (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) req.destroy();
    });
    req.resume();
    setTimeout(() => req.destroy(), LINGER_MS).unref();
  };
  if (res.writableFinished) linger();
  else res.once("finish", linger);
}

/** Reads the whole body into memory, refusing (BodyTooLarge) past `limit` bytes, declared or sent. */
export function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"]) > limit) {
      closeAfterAnswer(req, res);
      return reject(new BodyTooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off("data", onData);
      req.pause();
      closeAfterAnswer(req, res);
      reject(new BodyTooLarge());
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/**
 * Counts the bytes of a body someone else reads (tRPC, which refuses past `limit` itself) and closes
 * the connection once they pass the limit. Returns the count so far.
 */
export function countBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): () => number {
  let bytes = 0;
  const onData = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes <= limit) return;
    req.off("data", onData);
    closeAfterAnswer(req, res);
  };
  req.on("data", onData);
  return () => bytes;
}
