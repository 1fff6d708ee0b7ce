// Starts the PCN service from the environment:
//   node --conditions=@linkwork/source --import tsx examples/pcn-service/main.ts
// PORT (default 3000), HOST (default 127.0.0.1), LINKWORK_SCHEME=open|gp-only (default open), and
// where events and the projections' checkpoints are kept (memory when none is set; at most one):
//   DATABASE_URL (postgres://user:password@host:5432/db): a PostgreSQL server;
//   LINKWORK_PGLITE_DIR (a folder): PostgreSQL embedded in this process (PGlite), kept in that folder;
//   EVENTSTORE_CONNECTION_STRING (esdb://host:2113?tls=false): EventStoreDB / KurrentDB.
// The PostgreSQL schema is migrated at start (safe to repeat; `linkwork migrate` does the same).
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { generalPracticeSchemePolicy, gpOnlySchemePolicy, openSchemePolicy, validationFailed, type CheckpointStore, type EventStore } from "@linkwork/core";
import { eventStoreDb } from "@linkwork/store-eventstore";
import { pgliteStores, postgresStores } from "@linkwork/store-postgres";
import { createPcnService } from "./pcn-service.js";

const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LINKWORK_SCHEME: z.enum(["open", "gp-only", "general-practice"]).default("open"),
  DATABASE_URL: z.string().min(1).optional(),
  LINKWORK_PGLITE_DIR: z.string().min(1).optional(),
  EVENTSTORE_CONNECTION_STRING: z.string().min(1).optional(),
});
type Environment = z.infer<typeof Environment>;

const schemes = { open: openSchemePolicy, "gp-only": gpOnlySchemePolicy, "general-practice": generalPracticeSchemePolicy } as const;

interface Storage {
  readonly store?: EventStore;
  readonly checkpoints?: CheckpointStore;
  close(): Promise<void>;
}

/** The store by configuration: memory unless one variable names a database. */
async function openStorage(environment: Environment): Promise<E.Either<string, Storage>> {
  const { DATABASE_URL, LINKWORK_PGLITE_DIR, EVENTSTORE_CONNECTION_STRING } = environment;
  const chosen = [DATABASE_URL, LINKWORK_PGLITE_DIR, EVENTSTORE_CONNECTION_STRING].filter((value) => value !== undefined);
  if (chosen.length > 1) return E.left("set at most one of DATABASE_URL, LINKWORK_PGLITE_DIR and EVENTSTORE_CONNECTION_STRING");
  if (EVENTSTORE_CONNECTION_STRING !== undefined) {
    const database = eventStoreDb({ connectionString: EVENTSTORE_CONNECTION_STRING });
    return E.isLeft(database) ? E.left(`EVENTSTORE_CONNECTION_STRING: ${database.left.message}`) : E.right(database.right);
  }
  if (DATABASE_URL === undefined && LINKWORK_PGLITE_DIR === undefined) return E.right({ close: () => Promise.resolve() });
  const [variable, opened] =
    DATABASE_URL !== undefined
      ? (["DATABASE_URL", postgresStores({ connectionString: DATABASE_URL })] as const)
      : (["LINKWORK_PGLITE_DIR", await pgliteStores({ dataDir: LINKWORK_PGLITE_DIR! })] as const);
  if (E.isLeft(opened)) return E.left(`${variable}: ${opened.left.message}`);
  const migrated = await opened.right.migrate();
  if (E.isLeft(migrated)) {
    await opened.right.close();
    return E.left(`${variable}: ${migrated.left.message}`);
  }
  return E.right(opened.right);
}

async function main(): Promise<number> {
  const environment = Environment.safeParse(process.env);
  if (!environment.success) {
    console.error(validationFailed("environment", environment.error).message);
    return 1;
  }
  const { PORT, HOST, LINKWORK_SCHEME } = environment.data;
  const storage = await openStorage(environment.data);
  if (E.isLeft(storage)) {
    console.error(storage.left);
    return 1;
  }
  const { store, checkpoints } = storage.right;
  const service = createPcnService({
    ...(store === undefined ? {} : { store }),
    ...(checkpoints === undefined ? {} : { checkpoints }),
    policy: schemes[LINKWORK_SCHEME],
    logger: true,
  });
  if (E.isLeft(service)) {
    console.error(service.left.message);
    await storage.right.close();
    return 1;
  }
  const address = await service.right.listen(PORT, HOST);
  service.right.app.log.info(`Linkwork PCN service (${LINKWORK_SCHEME} scheme) listening on ${address}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await service.right.close();
  await storage.right.close();
  return 0;
}

process.exitCode = await main();
