import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const run = promisify(execFile);

/** The repository root, where wrangler.toml lives. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** wrangler.js, run with the current Node (24, through the project's pinned `node`). */
export const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

/**
 * Environment for wrangler runs that must stay on this machine: no usage metrics (a lookup of
 * sparrow.cloudflare.com otherwise, `send_metrics = false` notwithstanding) and no download of
 * `request.cf` data from workers.cloudflare.com.
 */
export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
  NO_COLOR: "1",
};

/** The parts of esbuild's metafile the checks read. */
export interface Metafile {
  inputs: Record<string, { bytes: number; imports: { path: string; kind: string; external?: boolean }[] }>;
  outputs: Record<string, { bytes: number }>;
}

/** A bundled Worker: the script that would be uploaded, its sizes and esbuild's metafile. */
export interface WorkerBundle {
  script: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

/**
 * Bundles a Worker exactly as `wrangler deploy` would (same esbuild, same `nodejs_compat`
 * aliasing, same minification) and stops before uploading. `entry` replaces the config's
 * `main`. Nothing leaves the machine (OFFLINE_ENV).
 */
export async function bundleWorker(opts: {
  outdir: string;
  config?: string;
  entry?: string;
}): Promise<WorkerBundle> {
  const metafilePath = join(opts.outdir, "meta.json");
  const args = [WRANGLER, "deploy", ...(opts.entry ? [opts.entry] : []), "--dry-run"];
  args.push("--config", opts.config ?? join(ROOT, "wrangler.toml"), "--outdir", opts.outdir);
  args.push("--metafile", metafilePath);
  await run(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
  });
  const metafile = JSON.parse(await readFile(metafilePath, "utf8")) as Metafile;
  const output = Object.keys(metafile.outputs).find((path) => path.endsWith(".js"));
  if (!output) throw new Error(`wrangler wrote no script into ${opts.outdir}`);
  const script = join(opts.outdir, basename(output));
  const code = await readFile(script);
  return { script, bytes: code.length, gzipBytes: gzipSync(code).length, metafile };
}
