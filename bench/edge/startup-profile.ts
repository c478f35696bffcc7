import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { OFFLINE_ENV, ROOT, WRANGLER } from "../../test/edge/support/bundle.ts";

/**
 * `wrangler check startup`: Cloudflare's own measure of the Worker's start-up CPU (evaluating
 * the bundle's top level), on the bundle it builds from wrangler.toml. Locally measured, so a
 * guide to what Cloudflare would see, not the same number.
 */
export async function wranglerStartupProfile(
  dir: string,
): Promise<{ activeMs: number; profileWindowMs: number }> {
  const outfile = join(dir, "startup.cpuprofile");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [WRANGLER, "check", "startup", "--config", join(ROOT, "wrangler.toml"), "--outfile", outfile],
    { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV } },
  );
  const ms = (label: string) => Number(stdout.match(new RegExp(`${label}: ([\\d.]+) ms`))?.[1] ?? Number.NaN);
  return { activeMs: ms("Active"), profileWindowMs: ms("Profile window") };
}
