/**
 * A format-neutral view of a chat message: what to say, before any format's markup. Every
 * string here is raw user-visible text (not escaped) and already cut to a sane length, so one
 * 10 kB cluster name cannot blow a payload limit.
 */
import type { MeshEvent, RolloutSummary } from "../event.ts";
import type { DeliveryInput } from "../message.ts";
import { oneLine, progressLine, truncate } from "./text.ts";

export type Tone = "good" | "info" | "warning" | "danger";

/** One line of the list part of a message (a failing cluster, or one event of a digest). */
export interface ViewItem {
  title: string;
  text: string;
}

/** What every chat format renders. */
export interface ChatView {
  title: string;
  tone: Tone;
  /** One line under the title: the rollout's progress, or when a single event happened. */
  summary: string;
  facts: { label: string; value: string }[];
  itemsHeading: string;
  /** Noun for the "…and N more" line. */
  itemsNoun: string;
  items: ViewItem[];
  links: { label: string; url: string }[];
  /** Chat thread grouping: the rollout id, so a rollout's messages form one thread. */
  threadKey?: string;
  occurredAt: string;
  /** Plain one-line text for notifications and clients that cannot show cards. */
  fallback: string;
}

const MAX_TITLE = 140;
const MAX_NAME = 100;
const MAX_REASON = 120;
const MAX_DETAIL = 300;
const MAX_FACT = 200;
const MAX_DATA_FACTS = 8;

function clip(text: string, max: number): string {
  return truncate(oneLine(text), max);
}

function rolloutHeadline(type: string, r: RolloutSummary, event: MeshEvent): string {
  switch (type) {
    case "rollout.started":
      return "started";
    case "rollout.wave.completed": {
      const wave = typeof event.data.wave === "number" ? event.data.wave : r.wave;
      return `wave ${wave}/${r.waves} completed`;
    }
    case "rollout.completed":
    case "rollout.succeeded":
      return "completed";
    case "rollout.halted":
      return "halted";
    case "rollout.failed":
      return "failed";
    case "rollout.paused":
      return "paused";
    case "rollout.resumed":
      return "resumed";
    case "run.failed":
      return r.clustersFailed > 1
        ? `${r.clustersFailed} clusters failed`
        : `cluster ${event.clusterName ?? event.clusterId ?? "?"} failed`;
    default:
      return type;
  }
}

function rolloutTone(r: RolloutSummary, type: string): Tone {
  if (
    type === "rollout.halted" ||
    type === "rollout.failed" ||
    r.state === "halted" ||
    r.state === "failed"
  ) {
    return "danger";
  }
  if (r.clustersFailed > 0) return "warning";
  if (type === "rollout.completed" || type === "rollout.succeeded") return "good";
  return "info";
}

function rolloutView(r: RolloutSummary, headline: MeshEvent): ChatView {
  const title = clip(`Rollout ${r.name}: ${rolloutHeadline(headline.type, r, headline)}`, MAX_TITLE);
  const summary = progressLine(r);
  return {
    title,
    tone: rolloutTone(r, headline.type),
    summary,
    facts: [
      { label: "Profile", value: clip(r.profile, MAX_FACT) },
      { label: "Version", value: String(r.version) },
      { label: "State", value: clip(r.state, MAX_FACT) },
    ],
    itemsHeading: "Failures",
    itemsNoun: "failures",
    items: r.failures.map((f) => ({
      title: clip(f.cluster, MAX_NAME),
      text: clip(f.message ? `${f.reason}: ${f.message}` : f.reason, MAX_REASON + MAX_DETAIL),
    })),
    links: [{ label: "View rollout", url: r.links.rollout }],
    threadKey: r.id,
    occurredAt: headline.occurredAt,
    fallback: `${title} · ${summary}`,
  };
}

function eventTitle(e: MeshEvent): string {
  const where = e.clusterName ?? e.clusterId;
  if (e.type === "webhook.ping") return "Test notification from meshfleet";
  if (e.type === "cluster.drifted") return `Cluster ${where ?? "?"} drifted`;
  if (e.type === "webhook.disabled") return "A webhook subscription was disabled";
  return where ? `${e.type} on ${where}` : e.type;
}

function eventTone(e: MeshEvent): Tone {
  if (/\.(failed|halted|disabled)$/.test(e.type)) return "danger";
  if (e.type === "cluster.drifted") return "warning";
  return "info";
}

function scalarFacts(data: Record<string, unknown>): { label: string; value: string }[] {
  const facts: { label: string; value: string }[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (facts.length >= MAX_DATA_FACTS) break;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      facts.push({ label: clip(key, MAX_NAME), value: clip(String(value), MAX_FACT) });
    }
  }
  return facts;
}

function eventsView(events: MeshEvent[]): ChatView {
  const first = events[0];
  if (first === undefined) throw new TypeError("a chat message needs at least one event");
  const rolloutId = events.every((e) => e.rolloutId === first.rolloutId) ? first.rolloutId : undefined;
  if (events.length === 1) {
    const title = clip(eventTitle(first), MAX_TITLE);
    const facts = [{ label: "Type", value: first.type }];
    if (first.clusterName ?? first.clusterId) {
      facts.push({ label: "Cluster", value: clip(first.clusterName ?? first.clusterId ?? "", MAX_FACT) });
    }
    return {
      title,
      tone: eventTone(first),
      summary: first.occurredAt,
      facts: [...facts, ...scalarFacts(first.data)],
      itemsHeading: "",
      itemsNoun: "",
      items: [],
      links: [],
      ...(rolloutId ? { threadKey: rolloutId } : {}),
      occurredAt: first.occurredAt,
      fallback: `${title} · ${first.occurredAt}`,
    };
  }
  const last = events[events.length - 1] ?? first;
  const title = `${events.length} events`;
  const summary = `${first.occurredAt} – ${last.occurredAt}`;
  return {
    title,
    tone: events.some((e) => eventTone(e) === "danger") ? "danger" : "info",
    summary,
    facts: [],
    itemsHeading: "Events",
    itemsNoun: "events",
    items: events.map((e) => ({ title: clip(eventTitle(e), MAX_TITLE), text: e.occurredAt })),
    links: [],
    ...(rolloutId ? { threadKey: rolloutId } : {}),
    occurredAt: last.occurredAt,
    fallback: `${title} · ${summary}`,
  };
}

/** Builds the neutral view of whatever a chat delivery carries. */
export function chatView(input: DeliveryInput): ChatView {
  switch (input.kind) {
    case "rollout":
      return rolloutView(input.rollout, input.headline);
    case "events":
      return eventsView(input.events);
    case "event":
      return eventsView([input.event]);
  }
}
