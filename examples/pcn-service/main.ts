// Starts the PCN service from the environment:
//   node --conditions=@linkwork/source --import tsx examples/pcn-service/main.ts
// PORT (default 3000), HOST (default 127.0.0.1), LINKWORK_SCHEME=open|gp-only (default open),
// EVENTSTORE_CONNECTION_STRING (esdb://host:2113?tls=false): keep events in EventStoreDB / KurrentDB
// instead of memory, with the projections' checkpoints there too.
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { gpOnlySchemePolicy, openSchemePolicy, validationFailed } from "@linkwork/core";
import { eventStoreDb } from "@linkwork/store-eventstore";
import { createPcnService } from "./pcn-service.js";

const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LINKWORK_SCHEME: z.enum(["open", "gp-only"]).default("open"),
  EVENTSTORE_CONNECTION_STRING: z.string().min(1).optional(),
});

const schemes = { open: openSchemePolicy, "gp-only": gpOnlySchemePolicy } as const;

async function main(): Promise<number> {
  const environment = Environment.safeParse(process.env);
  if (!environment.success) {
    console.error(validationFailed("environment", environment.error).message);
    return 1;
  }
  const { PORT, HOST, LINKWORK_SCHEME, EVENTSTORE_CONNECTION_STRING } = environment.data;
  // Store by configuration: memory unless a connection string names an EventStoreDB / KurrentDB node.
  const database = EVENTSTORE_CONNECTION_STRING === undefined ? null : eventStoreDb({ connectionString: EVENTSTORE_CONNECTION_STRING });
  if (database !== null && E.isLeft(database)) {
    console.error(`EVENTSTORE_CONNECTION_STRING: ${database.left.message}`);
    return 1;
  }
  const storage = database === null ? {} : { store: database.right.store, checkpoints: database.right.checkpoints };
  const service = createPcnService({ ...storage, policy: schemes[LINKWORK_SCHEME], logger: true });
  if (E.isLeft(service)) {
    console.error(service.left.message);
    await database?.right.close();
    return 1;
  }
  const address = await service.right.listen(PORT, HOST);
  service.right.app.log.info(`Linkwork PCN service (${LINKWORK_SCHEME} scheme) listening on ${address}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await service.right.close();
  await database?.right.close();
  return 0;
}

process.exitCode = await main();
