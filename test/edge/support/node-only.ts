import type { Metafile } from "./bundle.ts";

/** Packages that only run on Node: none may reach the Worker bundle. */
const NODE_ONLY_PACKAGES = ["@kubernetes/client-node", "bullmq", "ioredis", "@electric-sql/pglite", "pino"];

/** Node built-ins the Worker must not import, polyfilled or not. */
const NODE_ONLY_BUILTINS = ["child_process", "fs", "fs/promises"];

/** The project's Node-only folders and files. */
const NODE_ONLY_SOURCES = [
  "src/node/",
  "src/k8s/",
  "src/cli/",
  "src/logger-pino.ts",
  "src/db/migrate.ts",
  "workers/",
];

/**
 * Every Node-only module in a bundle, as `module (via importer)`: package files and project
 * sources among the inputs, and built-ins among the imports, whether wrangler left them
 * external or swapped in a polyfill (unenv keeps the built-in's name in its path).
 */
export function nodeOnlyModules(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const pkg = NODE_ONLY_PACKAGES.find((name) => input.includes(`node_modules/${name}/`));
    if (pkg) found.add(pkg);
    const source = NODE_ONLY_SOURCES.find((prefix) => input.startsWith(prefix));
    if (source) found.add(input);
    const polyfill = NODE_ONLY_BUILTINS.find((name) => input.includes(`/unenv/dist/runtime/node/${name}.`));
    if (polyfill) found.add(`${polyfill} (unenv polyfill)`);
    for (const { path } of imports) {
      const bare = path.replace(/^node:/, "");
      if (NODE_ONLY_BUILTINS.includes(bare)) found.add(`${path} (via ${input})`);
    }
  }
  return [...found].sort();
}
