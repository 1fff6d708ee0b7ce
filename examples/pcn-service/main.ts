// Starts the PCN service from the environment:
//   node --conditions=@linkwork/source --import tsx examples/pcn-service/main.ts
// Every variable is described in docs/service.md. In short:
//   PORT (default 3000), HOST (default 127.0.0.1), LINKWORK_SCHEME=open|gp-only (default open);
//   where events and the projections' checkpoints are kept (memory when none is set; at most one):
//   DATABASE_URL, LINKWORK_PGLITE_DIR, EVENTSTORE_CONNECTION_STRING;
//   bearer tokens: LINKWORK_OIDC_ISSUER, LINKWORK_OIDC_AUDIENCE (required), LINKWORK_OIDC_JWKS_URL (default:
//   the issuer's discovery document's jwks_uri), LINKWORK_ROLE_MAP (JSON: identity provider role ->
//   linkWorker|pcnManager|evaluator|administrator), LINKWORK_ROLE_CLAIM, LINKWORK_PCN_CLAIM, LINKWORK_WHO_CLAIM;
//   LINKWORK_AUDIT_RETENTION_DAYS (required), LINKWORK_EVALUATION_KEY, LINKWORK_BODY_LIMIT_BYTES,
//   LINKWORK_REQUESTS_PER_MINUTE, LINKWORK_TRUSTED_PROXIES.
// The PostgreSQL schema is migrated at start (safe to repeat; `linkwork migrate` does the same).
// SIGTERM or SIGINT: graceful shutdown (commands in flight finish and answer).
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import {
  generalPracticeSchemePolicy,
  gpOnlySchemePolicy,
  openSchemePolicy,
  validationFailed,
  type CheckpointStore,
  type EventStore,
} from "@linkwork/core";
import { Role, type AuditTrail } from "@linkwork/core/authorisation";
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
  LINKWORK_OIDC_ISSUER: z.url(),
  LINKWORK_OIDC_AUDIENCE: z.string().min(1),
  LINKWORK_OIDC_JWKS_URL: z.url().optional(),
  LINKWORK_ROLE_MAP: z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "must be JSON: an object of identity provider role -> Linkwork role" });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().min(1), Role)),
  LINKWORK_ROLE_CLAIM: z.string().min(1).default("roles"),
  LINKWORK_PCN_CLAIM: z.string().min(1).default("pcn"),
  LINKWORK_WHO_CLAIM: z.string().min(1).default("sub"),
  LINKWORK_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1),
  LINKWORK_EVALUATION_KEY: z.string().min(32).optional(),
  LINKWORK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1).optional(),
  LINKWORK_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  /** The reverse proxies to believe (Fastify's trustProxy: addresses or CIDR ranges, comma-separated). */
  LINKWORK_TRUSTED_PROXIES: z.string().min(1).optional(),
});
type Environment = z.infer<typeof Environment>;

const schemes = { open: openSchemePolicy, "gp-only": gpOnlySchemePolicy, "general-practice": generalPracticeSchemePolicy } as const;

interface Storage {
  readonly store?: EventStore;
  readonly checkpoints?: CheckpointStore;
  /** PostgreSQL keeps the audit trail in its own table; elsewhere it is in memory (lost at restart). */
  readonly auditTrail?: AuditTrail;
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

/**
 * The issuer's JWKS URL: configured, or the `jwks_uri` of its OpenID Connect discovery document
 * (`<issuer>/.well-known/openid-configuration`, OpenID Connect Discovery 1.0 §4).
 */
async function jwksUrl(environment: Environment): Promise<E.Either<string, string>> {
  if (environment.LINKWORK_OIDC_JWKS_URL !== undefined) return E.right(environment.LINKWORK_OIDC_JWKS_URL);
  const discovery = `${environment.LINKWORK_OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`;
  try {
    const response = await fetch(discovery, { signal: AbortSignal.timeout(10_000) });
    const document = z.object({ jwks_uri: z.url() }).safeParse(await response.json());
    return document.success ? E.right(document.data.jwks_uri) : E.left(`${discovery} has no jwks_uri; set LINKWORK_OIDC_JWKS_URL`);
  } catch {
    return E.left(`${discovery} could not be read; set LINKWORK_OIDC_JWKS_URL`);
  }
}

async function main(): Promise<number> {
  const environment = Environment.safeParse(process.env);
  if (!environment.success) {
    console.error(validationFailed("environment", environment.error).message);
    return 1;
  }
  const env = environment.data;
  const keys = await jwksUrl(env);
  if (E.isLeft(keys)) {
    console.error(keys.left);
    return 1;
  }
  const storage = await openStorage(env);
  if (E.isLeft(storage)) {
    console.error(storage.left);
    return 1;
  }
  const { store, checkpoints, auditTrail } = storage.right;
  const service = createPcnService({
    ...(store === undefined ? {} : { store }),
    ...(checkpoints === undefined ? {} : { checkpoints }),
    ...(auditTrail === undefined ? {} : { auditTrail }),
    policy: schemes[env.LINKWORK_SCHEME],
    authentication: {
      issuer: env.LINKWORK_OIDC_ISSUER,
      audience: env.LINKWORK_OIDC_AUDIENCE,
      keys: { jwksUrl: keys.right },
      claims: { who: env.LINKWORK_WHO_CLAIM, role: env.LINKWORK_ROLE_CLAIM, pcn: env.LINKWORK_PCN_CLAIM, roles: env.LINKWORK_ROLE_MAP },
    },
    auditRetentionDays: env.LINKWORK_AUDIT_RETENTION_DAYS,
    ...(env.LINKWORK_EVALUATION_KEY === undefined ? {} : { evaluationExport: { key: env.LINKWORK_EVALUATION_KEY } }),
    limits: {
      ...(env.LINKWORK_BODY_LIMIT_BYTES === undefined ? {} : { bodyBytes: env.LINKWORK_BODY_LIMIT_BYTES }),
      ...(env.LINKWORK_REQUESTS_PER_MINUTE === undefined ? {} : { requestsPerWindow: env.LINKWORK_REQUESTS_PER_MINUTE, windowMs: 60_000 }),
    },
    ...(env.LINKWORK_TRUSTED_PROXIES === undefined ? {} : { trustProxy: env.LINKWORK_TRUSTED_PROXIES }),
    logger: true,
  });
  if (E.isLeft(service)) {
    console.error(service.left.message);
    await storage.right.close();
    return 1;
  }
  const address = await service.right.listen(env.PORT, env.HOST);
  service.right.app.log.info(`Linkwork PCN service (${env.LINKWORK_SCHEME} scheme) listening on ${address}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await service.right.close();
  await storage.right.close();
  return 0;
}

process.exitCode = await main();
