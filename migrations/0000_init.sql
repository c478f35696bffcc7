CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"scope" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"kubeconfig_sealed" text NOT NULL,
	"kubeconfig_context" text,
	"allow_insecure_tls" boolean DEFAULT false NOT NULL,
	"server" text NOT NULL,
	"auth_kind" text NOT NULL,
	"fingerprint" text NOT NULL,
	"credentials_version" integer DEFAULT 1 NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"desired_profile" text,
	"desired_version" integer,
	"desired_generation" integer DEFAULT 0 NOT NULL,
	"desired_uninstall" boolean DEFAULT false NOT NULL,
	"phase" text DEFAULT 'Pending' NOT NULL,
	"observed_release" text,
	"observed_profile" text,
	"observed_version" integer,
	"observed_generation" integer,
	"last_run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"type" text NOT NULL,
	"cluster_id" uuid,
	"subject_id" text,
	"actor" text,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "mesh_profile_versions" (
	"profile_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"version" integer NOT NULL,
	"release_version" text NOT NULL,
	"istio_profile" text NOT NULL,
	"namespace" text NOT NULL,
	"revision" text,
	"overlays" jsonb NOT NULL,
	"drift_policy" text NOT NULL,
	"wait_timeout_seconds" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mesh_profile_versions_profile_id_version_pk" PRIMARY KEY("profile_id","version")
);
--> statement-breakpoint
CREATE TABLE "mesh_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"latest_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"job" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"relayed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "release_profiles" (
	"release_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"objects" jsonb NOT NULL,
	"digest" text NOT NULL,
	CONSTRAINT "release_profiles_release_id_name_pk" PRIMARY KEY("release_id","name")
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"version" text NOT NULL,
	"kubernetes_min" text NOT NULL,
	"kubernetes_max" text NOT NULL,
	"crds" jsonb NOT NULL,
	"content_digest" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mesh_profile_versions" ADD CONSTRAINT "mesh_profile_versions_profile_id_mesh_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."mesh_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mesh_profiles" ADD CONSTRAINT "mesh_profiles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_profiles" ADD CONSTRAINT "release_profiles_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_tenant_idx" ON "api_keys" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "clusters_tenant_name_uq" ON "clusters" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "clusters_tenant_id_idx" ON "clusters" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "clusters_labels_gin" ON "clusters" USING gin ("labels" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "events_tenant_seq_idx" ON "events" USING btree ("tenant_id","seq");--> statement-breakpoint
CREATE INDEX "events_tenant_cluster_idx" ON "events" USING btree ("tenant_id","cluster_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "mesh_profiles_tenant_name_uq" ON "mesh_profiles" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "mesh_profiles_tenant_id_idx" ON "mesh_profiles" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("id") WHERE relayed_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "releases_tenant_version_uq" ON "releases" USING btree ("tenant_id","version");