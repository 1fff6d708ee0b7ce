// Starts the PCN service from the environment:
//   node --conditions=@linkwork/source --import tsx examples/pcn-service/main.ts
// PORT (default 3000), HOST (default 127.0.0.1), LINKWORK_SCHEME=open|gp-only (default open).
// It keeps events in memory; docs/embedding.md shows how to pass another EventStore instead.
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { gpOnlySchemePolicy, openSchemePolicy, validationFailed } from "@linkwork/core";
import { createPcnService } from "./pcn-service.js";

const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LINKWORK_SCHEME: z.enum(["open", "gp-only"]).default("open"),
});

const schemes = { open: openSchemePolicy, "gp-only": gpOnlySchemePolicy } as const;

async function main(): Promise<number> {
  const environment = Environment.safeParse(process.env);
  if (!environment.success) {
    console.error(validationFailed("environment", environment.error).message);
    return 1;
  }
  const { PORT, HOST, LINKWORK_SCHEME } = environment.data;
  const service = createPcnService({ policy: schemes[LINKWORK_SCHEME], logger: true });
  if (E.isLeft(service)) {
    console.error(service.left.message);
    return 1;
  }
  const address = await service.right.listen(PORT, HOST);
  service.right.app.log.info(`Linkwork PCN service (${LINKWORK_SCHEME} scheme) listening on ${address}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await service.right.close();
  return 0;
}

process.exitCode = await main();
