/**
 * Webhook delivery throughput on loopback: signed `standard` deliveries (format + sign + send
 * through the guarded sender, bounded concurrency) against the same receiver's rate for
 * unsigned posts from a bare undici loop, in the same run.
 *
 *   cd /work/main && npx node bench/webhooks/throughput.ts [--count 20000] [--concurrency 64] [--rounds 5]
 *
 * Bounded: each phase stops after --count requests or 15 s, whichever comes first. Loopback only.
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { Agent, request } from "undici";
import type { MeshEvent } from "../../src/notify/event.ts";
import { renderDelivery } from "../../src/notify/formats/index.ts";
import { createWebhookSender } from "../../src/notify/send/sender.ts";
import { generateWebhookSecret, signedHeaders } from "../../src/notify/sign.ts";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
    rounds: { type: "string", default: "5" },
  },
});
const COUNT = Number(values.count);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const PHASE_LIMIT_MS = 15_000;

/** Runs `task(i)` COUNT times with at most CONCURRENCY in flight; returns completions per second. */
async function drive(
  count: number,
  task: (i: number) => Promise<boolean>,
): Promise<{ rate: number; ok: number; n: number }> {
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const deadline = started + PHASE_LIMIT_MS;
  async function lane(): Promise<void> {
    while (next < count && performance.now() < deadline) {
      if (await task(next++)) ok++;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { rate: next / seconds, ok, n: next };
}

function event(i: number): MeshEvent {
  return {
    id: `evt_bench_${i}`,
    type: "rollout.wave.completed",
    tenantId: "ten_bench",
    occurredAt: new Date().toISOString(),
    clusterId: `cl_${i % 500}`,
    clusterName: `prod-eu-${i % 500}`,
    rolloutId: "ro_bench",
    data: { wave: 3, waves: 7, clustersReady: 41, clustersTotal: 120, clustersFailed: 1 },
  };
}

async function main(): Promise<void> {
  const child: ChildProcess = fork(new URL("./receiver.ts", import.meta.url), { stdio: "inherit" });
  const [{ port }] = (await once(child, "message")) as [{ port: number }];
  const url = `http://127.0.0.1:${port}/hook`;
  const secret = generateWebhookSecret();
  const sampleBody = renderDelivery("standard", { kind: "event", event: event(0) }).body;

  // Baseline: a bare undici loop posting a prebuilt, unsigned body. No SSRF guard, no formatting.
  const bare = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const bareTask = async () => {
    const res = await request(url, {
      dispatcher: bare,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: sampleBody,
    });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 300;
  };

  // Measured: what a worker does per delivery — render, sign, send through the guarded sender.
  const sender = createWebhookSender({
    allowLoopback: true,
    allowInsecure: true,
    connectionsPerOrigin: CONCURRENCY,
  });
  const now = Math.floor(Date.now() / 1000);
  const signedTask = async (i: number) => {
    const rendered = renderDelivery("standard", { kind: "event", event: event(i) });
    const headers = await signedHeaders({
      id: `evt_bench_${i}`,
      timestamp: now,
      body: rendered.body,
      secrets: [secret],
    });
    const res = await sender.send({
      url,
      headers: { "content-type": rendered.contentType, ...headers },
      body: rendered.body,
    });
    return res.status !== undefined && res.status >= 200 && res.status < 300;
  };

  // Format + sign alone, to show where the time goes.
  const signOnly = async (i: number) => {
    const rendered = renderDelivery("standard", { kind: "event", event: event(i) });
    await signedHeaders({ id: `evt_bench_${i}`, timestamp: now, body: rendered.body, secrets: [secret] });
    return true;
  };

  await drive(2000, bareTask); // warm-up: JIT, sockets
  await drive(2000, signedTask);

  const rows: { round: number; bare: number; signed: number; ratio: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order so neither phase always runs on a warmer (or busier) machine.
    const first = round % 2 === 1 ? bareTask : signedTask;
    const second = round % 2 === 1 ? signedTask : bareTask;
    const r1 = await drive(COUNT, first);
    const r2 = await drive(COUNT, second);
    const [b, s] = round % 2 === 1 ? [r1, r2] : [r2, r1];
    if (b.ok !== b.n || s.ok !== s.n)
      throw new Error(`non-2xx responses: bare ${b.ok}/${b.n}, signed ${s.ok}/${s.n}`);
    rows.push({
      round,
      bare: Math.round(b.rate),
      signed: Math.round(s.rate),
      ratio: Number((s.rate / b.rate).toFixed(3)),
    });
  }
  const sign = await drive(COUNT, signOnly);

  child.send({ cmd: "count" });
  const [{ received }] = (await once(child, "message")) as [{ received: number }];
  child.send({ cmd: "stop" });
  await Promise.all([bare.close(), sender.close()]);

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.table(rows);
  console.log(
    JSON.stringify(
      {
        node: process.version,
        count: COUNT,
        concurrency: CONCURRENCY,
        bareUnsignedPerSec: median(rows.map((r) => r.bare)),
        signedStandardPerSec: median(rows.map((r) => r.signed)),
        ratio: median(rows.map((r) => r.ratio)),
        formatAndSignOnlyPerSec: Math.round(sign.rate),
        receiverCounted: received,
        target: 1000,
      },
      null,
      2,
    ),
  );
}

await main();
