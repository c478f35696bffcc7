/**
 * Test-only Worker: the project's crypto over HTTP, so a test can seal in workerd and open on
 * Node, and the reverse. It is not part of the production app and is never deployed.
 */
import { hashApiKey } from "../../../src/crypto/api-keys.ts";
import { createKeyRing } from "../../../src/crypto/keyring.ts";

interface CryptoRequest {
  spec: string;
  aad: string;
  plaintext?: string;
  envelope?: string;
  key?: string;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const body = (await request.json()) as CryptoRequest;
    const path = new URL(request.url).pathname;
    try {
      if (path === "/hash") return Response.json({ hash: await hashApiKey(body.key ?? "") });
      const ring = await createKeyRing(body.spec);
      if (path === "/seal")
        return Response.json({ envelope: await ring.seal(body.plaintext ?? "", body.aad) });
      if (path === "/open")
        return Response.json({ plaintext: await ring.open(body.envelope ?? "", body.aad) });
      return new Response("not found", { status: 404 });
    } catch (err) {
      return Response.json({ error: (err as Error).message || (err as Error).name }, { status: 400 });
    }
  },
};
