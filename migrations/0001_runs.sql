CREATE TABLE "rate_limits" (
	"bucket" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_bucket_window_start_pk" PRIMARY KEY("bucket","window_start")
);
--> statement-breakpoint
CREATE TABLE "run_steps" (
	"run_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error_reason" text,
	"error_message" text,
	"output" jsonb,
	CONSTRAINT "run_steps_run_id_name_pk" PRIMARY KEY("run_id","name")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"cluster_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"generation" integer NOT NULL,
	"profile" text,
	"profile_version" integer,
	"release_version" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"inventory" jsonb,
	"error_reason" text,
	"error_message" text,
	"retries" integer DEFAULT 0 NOT NULL,
	"rollout_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "inventory" jsonb;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "drift_fingerprint" text;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "drift_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "run_steps" ADD CONSTRAINT "run_steps_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "runs_cluster_generation_kind_uq" ON "runs" USING btree ("cluster_id","generation","kind");--> statement-breakpoint
CREATE INDEX "runs_tenant_cluster_idx" ON "runs" USING btree ("tenant_id","cluster_id","id");