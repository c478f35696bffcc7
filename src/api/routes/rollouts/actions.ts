import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { queueRolloutCommand, type RolloutActionType } from "../../../services/rollouts-commands.ts";
import { toRolloutSummary } from "../../../services/rollouts-view.ts";
import type { App, AppEnv } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { ActionResultSchema, ApproveSchema } from "./schemas.ts";

const ACTIONS: Record<RolloutActionType, { summary: string; description: string }> = {
  pause: {
    summary: "Pause a rollout",
    description:
      "Installs already running finish and their wave may complete; nothing new starts until resume.",
  },
  resume: {
    summary: "Resume a paused rollout",
    description: "Waves move on again, through any gate still shut.",
  },
  approve: {
    summary: "Approve the wave waiting at an approval gate",
    description:
      "Opens the gate of the wave that waits for approval (after the previous wave finished and soaked).",
  },
  abort: {
    summary: "Abort a rollout",
    description:
      "Stops starting clusters. Clusters already updated stay as they are; use rollback to undo them.",
  },
  rollback: {
    summary: "Roll a rollout back",
    description:
      "Stops starting clusters and returns every cluster the rollout changed to the version it ran before " +
      "(uninstalling only where the strategy asked for it), through normal install runs.",
  },
};

function actionRoute(type: RolloutActionType) {
  return createRoute({
    method: "post",
    path: `/v1/rollouts/{id}/${type}`,
    tags: ["Rollouts"],
    ...ACTIONS[type],
    security,
    middleware: [requireScope("write")] as const,
    request: { params: IdParam },
    responses: {
      202: json(ActionResultSchema, "Queued: the rollout worker applies it next"),
      ...problems(404, 409),
    },
  });
}

/** Approve takes an optional body naming the wave; an empty request approves whichever wave waits. */
const approveRoute = createRoute({
  method: "post",
  path: "/v1/rollouts/{id}/approve",
  tags: ["Rollouts"],
  ...ACTIONS.approve,
  security,
  middleware: [requireScope("write")] as const,
  request: {
    params: IdParam,
    body: { required: false, content: { "application/json": { schema: ApproveSchema } } },
  },
  responses: {
    202: json(ActionResultSchema, "Queued: the rollout worker applies it next"),
    ...problems(404, 409),
  },
});

/** Queues the command (409 with the machine's reason when it would be ignored) and answers 202. */
async function queue(c: Context<AppEnv>, type: RolloutActionType, id: string, waveIndex?: number) {
  const { tenantId, keyId } = c.var.caller;
  const result = await c.var.deps.db.transaction((tx) =>
    queueRolloutCommand(tx, {
      tenantId,
      rolloutId: id,
      type,
      ...(waveIndex === undefined ? {} : { waveIndex }),
      requestedBy: `key:${keyId}`,
    }),
  );
  if (!result) throw ApiError.notFound(`rollout ${id}`);
  if (result.refused !== undefined) throw new ApiError("conflict", result.refused);
  return { command: { id: result.command.id, type: result.command.type }, rollout: toRolloutSummary(result) };
}

export function registerRolloutActions(app: App) {
  for (const type of ["pause", "resume", "abort", "rollback"] as const) {
    app.openapi(actionRoute(type), async (c) => c.json(await queue(c, type, c.req.valid("param").id), 202));
  }
  app.openapi(approveRoute, async (c) => {
    const { waveIndex } = c.req.valid("json") ?? {};
    return c.json(await queue(c, "approve", c.req.valid("param").id, waveIndex), 202);
  });
}
