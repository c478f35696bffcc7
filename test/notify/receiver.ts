/**
 * A real HTTP receiver on 127.0.0.1 for the sender tests: it records every request and answers
 * with whatever the test's handler decides.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the receiver saw it. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Decides the answer to one request; may leave `res` open to simulate a slow receiver. */
export type ReceiverHandler = (req: Received, res: ServerResponse, index: number) => void;

/** A running receiver. */
export interface Receiver {
  port: number;
  url: string;
  received: Received[];
  /** TCP connections accepted so far (to observe keep-alive reuse). */
  connections: () => number;
  close(): Promise<void>;
}

/** Starts a receiver; `port` 0 picks a free one, a fixed port brings a receiver back "up". */
export async function startReceiver(handler: ReceiverHandler, port = 0): Promise<Receiver> {
  const received: Received[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(r);
      handler(r, res, received.length - 1);
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    received,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A handler answering every request with one status, headers and body. */
export function answer(status: number, headers: Record<string, string> = {}, body = ""): ReceiverHandler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

/** A port that was free a moment ago: nothing listens there until a receiver is started on it. */
export async function downPort(): Promise<number> {
  const r = await startReceiver(answer(200));
  await r.close();
  return r.port;
}
