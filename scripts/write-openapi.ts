/** `npm run openapi`: regenerates openapi.yaml from the routes. */
import { writeFileSync } from "node:fs";
import { openApiYaml } from "../src/api/openapi.ts";

writeFileSync(new URL("../openapi.yaml", import.meta.url), openApiYaml());
process.stdout.write("wrote openapi.yaml\n");
