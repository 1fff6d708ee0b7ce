import * as E from "fp-ts/lib/Either.js";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from "fastify";
import {
  fieldInvalid,
  linkwork,
  openSchemePolicy,
  type CheckpointStore,
  type DomainError,
  type EventStore,
  type Linkwork,
  type PersonRegister,
  type SchemePolicy,
} from "@linkwork/core";
import { auditRetentionCutoff, roleBasedAuthoriser, type AuditTrail, type Authoriser } from "@linkwork/core/authorisation";
import type { CapacitySettingsInput, ProjectionRunner } from "@linkwork/projections";
import { memoryAuditTrail, memoryCheckpointStore, memoryEventStore, memoryPersonRegister } from "@linkwork/store-memory";
import { apiRoutes, type ApiRoutes } from "./api-routes.js";
import { bearerAuthentication, type Authenticate, type AuthenticationOptions } from "./authentication.js";
import { addCaseRoutes } from "./case-routes.js";
import { dryRunStore } from "./dry-run-store.js";
import { addFhirRoutes } from "./fhir-routes.js";
import { send, type ErrorBody } from "./error-response.js";
import { clientErrorHandler, frameworkError, frameworkErrors, noRoute } from "./framework-errors.js";
import { inFlightWork } from "./in-flight-work.js";
import { addOperationsRoutes } from "./operations-routes.js";
import { addOversightRoutes, type EvaluationExportSettings } from "./oversight-routes.js";
import { addPeopleRoutes } from "./people.js";
import { addReportRoutes } from "./report-routes.js";
import { startPcnReports } from "./reports.js";
import { setRequestActor } from "./request-actor.js";

export interface ServiceLimits {
  /** The largest request body accepted, in bytes (413 beyond). Default 64 KiB: a command is a few hundred bytes. */
  readonly bodyBytes?: number;
  /** Requests one client address may make in `windowMs` (429 beyond, with Retry-After). Default 600 a minute. */
  readonly requestsPerWindow?: number;
  readonly windowMs?: number;
  /** The longest path parameter, in characters (414 beyond). Default 100 (Fastify's). */
  readonly paramLength?: number;
}

export interface PcnServiceOptions {
  /** Any EventStore (store-memory by default). A store passed in belongs to the caller, who closes it. */
  readonly store?: EventStore;
  /** Where the reports keep their checkpoints (in memory by default: reports rebuild on restart). */
  readonly checkpoints?: CheckpointStore;
  /** The scheme's rules: accepted referral sources, maximum contacts, episode length... Default: open. */
  readonly policy?: SchemePolicy;
  /** Capacity targets: FTE per 10,000 patients, caseload per FTE. Default: 1 per 10,000, 250 a year. */
  readonly capacity?: CapacitySettingsInput;
  /** The server's clock: the time of commands sent without `occurredAt`, of audit entries, and the core's guard against dates in the future. */
  readonly clock?: () => Date;
  /** The person register (memory by default). A register passed in belongs to the caller, who closes it. */
  readonly register?: PersonRegister;
  /** Bearer tokens: the OIDC issuer, this service's audience, the issuer's keys and how claims map to roles (docs/service.md). */
  readonly authentication: AuthenticationOptions | { readonly authenticate: Authenticate };
  /** Who may do what. Default: roleBasedAuthoriser (issue 18's rules). */
  readonly authorise?: Authoriser;
  /** Where reads of cases are recorded (memory by default). A trail passed in belongs to the caller, who closes it. */
  readonly auditTrail?: AuditTrail;
  /** Whole days audit entries are kept: older ones are purged at start and every day. No default: a deployment's records schedule decides. */
  readonly auditRetentionDays: number;
  /** The recipients' key of evaluation exports; without it /exports/evaluation answers 503. */
  readonly evaluationExport?: EvaluationExportSettings;
  readonly limits?: ServiceLimits;
  /**
   * Fastify's `trustProxy`: behind a reverse proxy (TLS terminated in front), the proxies whose
   * X-Forwarded-For to believe, so that the rate limit counts each client and not the proxy. Default false.
   */
  readonly trustProxy?: boolean | string | readonly string[];
  /**
   * Fastify's request log (pino): off by default; `true` writes to stdout, a stream writes there.
   * Bodies, URLs, headers and error messages are never logged, only each request's method and route
   * pattern (`/cases/:caseId`) and each answer's status, so ids and personal data never reach the log.
   */
  readonly logger?: boolean | { readonly write: (line: string) => void };
}

export interface PcnService {
  readonly app: FastifyInstance;
  readonly linkwork: Linkwork;
  readonly runner: ProjectionRunner;
  readonly auditTrail: AuditTrail;
  /** The routes described in /openapi.json. */
  readonly routes: ApiRoutes["described"];
  /** Every route Fastify serves (method and pattern), however it was added: what the description is checked against. */
  readonly served: readonly { readonly method: string; readonly url: string }[];
  /** Starts listening; answers the address (`http://127.0.0.1:3000`). */
  listen(port: number, host: string): Promise<string>;
  /**
   * Graceful shutdown: not ready at once, refuses new requests with 503 SHUTTING_DOWN, lets the
   * commands in flight finish and answer, then stops the reports' runner and closes what the
   * service opened. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Pino's settings for the request log: each request is logged by method and route pattern only
 * (`POST /cases/:caseId/commands`), never by its URL, which may hold a case id, nor its body or
 * headers (the bearer token); an error by its type and code only (a JSON parser's message can quote
 * the body); an answer by its status code.
 */
function requestLogger(logger: boolean | { readonly write: (line: string) => void }): NonNullable<FastifyServerOptions["logger"]> {
  if (logger === false) return false;
  return {
    ...(logger === true ? {} : { stream: logger }),
    serializers: {
      req: (request: FastifyRequest) => ({ method: request.method, route: request.routeOptions.url ?? "(no route)" }),
      // pino's err shape, with the message and stack withheld: the code says what went wrong.
      err: (error: FastifyError) => ({
        type: error.name,
        message: "(withheld)",
        stack: "",
        code: error.code,
        statusCode: error.statusCode,
      }),
    },
  };
}

function checkedSettings(options: PcnServiceOptions): E.Either<DomainError, Required<ServiceLimits>> {
  const days = options.auditRetentionDays;
  if (!Number.isInteger(days) || days < 1)
    return E.left(fieldInvalid("service options", "auditRetentionDays", "must be a whole number of days, at least 1"));
  const limits = { bodyBytes: 65_536, requestsPerWindow: 600, windowMs: 60_000, paramLength: 100, ...options.limits };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1)
      return E.left(fieldInvalid("service options", `limits.${name}`, "must be a whole number, at least 1"));
  }
  return E.right(limits);
}

/**
 * The reference HTTP service over the Linkwork core (docs/service.md): bearer tokens in, an actor
 * for every call, the authoriser deciding before the core does, reads of cases audited; referrals
 * and case commands, cases, reports and their live page, pseudonymised exports, the audit trail.
 */
export function createPcnService(options: PcnServiceOptions): E.Either<DomainError, PcnService> {
  const settings = checkedSettings(options);
  if (E.isLeft(settings)) return settings;
  const limits = settings.right;
  const authentication =
    "authenticate" in options.authentication ? E.right(options.authentication.authenticate) : bearerAuthentication(options.authentication);
  if (E.isLeft(authentication)) return authentication;
  const authenticate = authentication.right;
  const ownsStore = options.store === undefined;
  const store = options.store ?? memoryEventStore();
  const now = options.clock ?? (() => new Date());
  const policy = options.policy ?? openSchemePolicy;
  const ownsTrail = options.auditTrail === undefined;
  const auditTrail = options.auditTrail ?? memoryAuditTrail();
  const core = linkwork(store, { policy, clock: () => now().getTime(), authorise: options.authorise ?? roleBasedAuthoriser, auditTrail });

  const reports = startPcnReports({
    store,
    checkpoints: options.checkpoints ?? memoryCheckpointStore(),
    policy,
    capacity: options.capacity ?? {},
    now,
  });
  if (E.isLeft(reports)) {
    if (ownsStore) void store.close();
    return reports;
  }
  const { runner } = reports.right;

  const ownsRegister = options.register === undefined;
  const register = options.register ?? memoryPersonRegister();
  const app = Fastify({
    logger: requestLogger(options.logger ?? false),
    bodyLimit: limits.bodyBytes,
    routerOptions: { maxParamLength: limits.paramLength },
    frameworkErrors,
    clientErrorHandler,
    // Our own 503 while closing (below), in the service's format; Fastify's would be its own.
    return503OnClosing: false,
    exposeHeadRoutes: false,
    trustProxy: typeof options.trustProxy === "object" ? [...options.trustProxy] : (options.trustProxy ?? false),
  });
  const inFlight = inFlightWork();
  const served: { method: string; url: string }[] = [];
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) served.push({ method, url: route.url });
  });
  let closing: Promise<void> | null = null;

  app.setErrorHandler((error, request, reply) => {
    const refused = frameworkError(error);
    if (refused !== null) return send(reply, refused);
    request.log.error({ err: error }, "unexpected error");
    return reply.code(500).send({ code: "INTERNAL_ERROR", message: "unexpected error; see the service log" } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) => send(reply, noRoute(request.method)));
  // Answers that finish while closing tell the client to close the connection, so none lingers idle.
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing !== null) void reply.header("connection", "close");
    done(null, payload);
  });

  void app.register(rateLimit, { global: false });
  const described: ApiRoutes["described"][number][] = [];
  void app.register((scope, _options, registered) => {
    // Order matters: shutdown first, then the rate limit (before any token is checked), then authentication.
    scope.addHook("onRequest", (_request, reply, done) => {
      if (closing === null) return done();
      send(reply.header("connection", "close"), {
        status: 503,
        body: { code: "SHUTTING_DOWN", message: "the service is shutting down; retry on another instance" },
        retryAfter: 1,
      });
    });
    scope.addHook("onRequest", scope.rateLimit({ max: limits.requestsPerWindow, timeWindow: limits.windowMs }));
    scope.addHook("onRequest", async (request, reply) => {
      if (request.routeOptions.config.public === true) return;
      const actor = await authenticate(request.headers.authorization);
      if (E.isLeft(actor)) return send(reply, actor.left);
      setRequestActor(request, actor.right);
    });

    const routes = apiRoutes(scope);
    addCaseRoutes(routes, { core, now, inFlight: (work) => inFlight.run(work) });
    addReportRoutes(routes, { core, reports: reports.right });
    addPeopleRoutes(routes, { core, register, auditTrail, now });
    addOversightRoutes(routes, { core, store, auditTrail, evaluationExport: options.evaluationExport, register });
    // Further route modules register here, one line each: authenticated, rate limited and described.
    // No cache: a trial reads what it needs (a new case, the code lists) and keeps no second copy of any stream.
    const trial = linkwork(dryRunStore(store), { policy, clock: () => now().getTime(), cacheSize: 0 });
    addFhirRoutes(routes, { core, trial, store, register, inFlight: (work) => inFlight.run(work) });
    addOperationsRoutes(routes, { runner, isClosing: () => closing !== null });
    described.push(...routes.described);
    registered();
  });

  // The audit trail keeps its own retention: purged at start and once a day (the timer never keeps the process alive).
  const purge = async () => {
    const purged = await auditTrail.purge(auditRetentionCutoff(now(), options.auditRetentionDays));
    if (E.isLeft(purged)) app.log.error({ code: purged.left.code }, "the audit trail could not be purged");
  };
  void purge();
  const purgeTimer = setInterval(() => void purge(), 86_400_000);
  purgeTimer.unref();

  return E.right({
    app,
    linkwork: core,
    runner,
    auditTrail,
    routes: described,
    served,
    listen: (port, host) => app.listen({ port, host }),
    close: () =>
      (closing ??= (async () => {
        clearInterval(purgeTimer);
        await app.close();
        await inFlight.drained();
        await runner.stop();
        if (ownsStore) await store.close();
        if (ownsRegister) await register.close();
        if (ownsTrail) await auditTrail.close();
      })()),
  });
}
