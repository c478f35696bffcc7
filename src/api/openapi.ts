import { stringify } from "yaml";
import { createApp, OPENAPI_INFO } from "./app.ts";
import type { ApiDeps } from "./context.ts";

/** Dependencies for building the route table only: any request through them is a bug. */
const routeTableOnly = new Proxy({} as ApiDeps, {
  get(_target, prop) {
    if (prop === "settings") {
      return {
        allowLoopbackClusters: false,
        allowInsecureWebhooks: false,
        allowLoopbackWebhooks: false,
        bodyLimitBytes: 1,
      };
    }
    throw new Error(`the OpenAPI generator does not serve requests (touched deps.${String(prop)})`);
  },
});

/** The OpenAPI 3.1 document generated from the routes' zod schemas. */
export function openApiDocument() {
  return createApp(routeTableOnly).getOpenAPI31Document(OPENAPI_INFO);
}

/** The document as the YAML committed at the repository root. */
export function openApiYaml(): string {
  return `# Generated from the routes by 'npm run openapi'. Do not edit by hand.\n${stringify(openApiDocument(), { aliasDuplicateObjects: false })}`;
}
