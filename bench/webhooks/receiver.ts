/**
 * The benchmark's receiver, run as a child process so its CPU is not the sender's: a bare
 * node:http server on 127.0.0.1 answering 204 once the body is read. Reports its port over IPC.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    received++;
    res.writeHead(204);
    res.end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on("message", (msg: { cmd?: string }) => {
  if (msg.cmd === "count") process.send?.({ received });
  if (msg.cmd === "stop") server.close(() => process.exit(0));
});
