// Request bodies past their cap are never read to the end: the answer (413) goes out, then the
// connection closes (Node would otherwise read and discard the rest of an endless upload to keep the
// connection alive). Request heads Node cannot take (past 16 KB) get a 431 the client can read.
import type http from "node:http";
import type { Duplex, Readable } from "node:stream";

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
  if (res.writableFinished) lingerThenClose(req);
  else res.once("finish", () => lingerThenClose(req));
}

/** Reads and drops up to LINGER_BYTES or LINGER_MS of what the client still sends, then cuts the connection. */
function lingerThenClose(stream: Readable) {
  let dropped = 0;
  stream.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) stream.destroy();
  });
  stream.resume();
  setTimeout(() => stream.destroy(), LINGER_MS).unref();
}

/**
 * Node's answer to a request it cannot parse (a URL and headers past its 16 KB limit, a malformed
 * request line) closes the socket at once; a client still sending its long request then sees the
 * connection reset instead of the answer. This answers in words and lingers, like closeAfterAnswer.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const body = JSON.stringify({
    error: tooLarge ? "The request's address and headers are larger than this server accepts (16 KB)." : "The request could not be read as HTTP.",
  });
  socket.end(
    `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  lingerThenClose(socket);
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
