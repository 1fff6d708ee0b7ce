import * as E from "fp-ts/lib/Either.js";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import {
  linkwork,
  openSchemePolicy,
  streamCategory,
  type CaseState,
  type CheckpointStore,
  type DomainError,
  type EventStore,
  type HandleError,
  type Handled,
  type Linkwork,
  type LinkworkEvent,
  type PersonRegister,
  type SchemePolicy,
} from "@linkwork/core";
import type { CapacitySettingsInput, ProjectionRunner } from "@linkwork/projections";
import { memoryCheckpointStore, memoryEventStore, memoryPersonRegister } from "@linkwork/store-memory";
import { caseView } from "./case-view.js";
import { commandFromRequest, idempotencyKeyHeader, type FixedFields } from "./command-request.js";
import { caseNotFound, errorResponse, invalidRequest, type ErrorBody, type ErrorResponse } from "./error-response.js";
import { addFhirRoutes } from "./fhir-routes.js";
import { addPeopleRoutes } from "./people.js";
import { startPcnReports, type ReportError } from "./reports.js";

export interface PcnServiceOptions {
  /** Any EventStore (store-memory by default). A store passed in belongs to the caller, who closes it. */
  readonly store?: EventStore;
  /** Where the reports keep their checkpoints (in memory by default: reports rebuild on restart). */
  readonly checkpoints?: CheckpointStore;
  /** The scheme's rules: accepted referral sources, maximum contacts, episode length... Default: open. */
  readonly policy?: SchemePolicy;
  /** Capacity targets: FTE per 10,000 patients, caseload per FTE. Default: 1 per 10,000, 250 a year. */
  readonly capacity?: CapacitySettingsInput;
  /** The server's clock: the time of commands sent without `occurredAt`, and the core's guard against dates in the future. */
  readonly clock?: () => Date;
  /** The person register (memory by default). A register passed in belongs to the caller, who closes it. */
  readonly register?: PersonRegister;
  /**
   * Fastify's request log (pino): off by default; `true` writes to stdout, a stream writes there.
   * Bodies and URLs are never logged, only each request's method and route pattern (`/cases/:caseId`),
   * so ids and personal data never reach the log.
   */
  readonly logger?: boolean | { readonly write: (line: string) => void };
}

export interface PcnService {
  readonly app: FastifyInstance;
  readonly linkwork: Linkwork;
  readonly runner: ProjectionRunner;
  /** Starts listening; answers the address (`http://127.0.0.1:3000`). */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests, stops the reports' runner, and closes the store if the service opened it. Idempotent. */
  close(): Promise<void>;
}

interface CaseParams {
  readonly caseId: string;
}

function send(reply: FastifyReply, response: ErrorResponse): FastifyReply {
  if (response.retryAfter !== undefined) void reply.header("retry-after", String(response.retryAfter));
  return reply.code(response.status).send(response.body);
}

function reportError(error: ReportError): ErrorResponse {
  return error.code === "REPORTS_UNAVAILABLE"
    ? { status: 503, body: { code: error.code, message: error.message, cause: error.cause } }
    : errorResponse(error);
}

/** What the service answers for a handled command: the events it caused and, for a case, the case after them. */
function commandResult(commandId: string, handled: Handled<unknown, LinkworkEvent>) {
  return {
    commandId,
    streamId: handled.streamId,
    version: handled.version,
    duplicate: handled.duplicate,
    events: handled.events,
    // A case stream's state is a CaseState: linkwork routes case commands to the case decider.
    ...(streamCategory(handled.streamId) === "case" ? { case: caseView(handled.state as CaseState, handled.version) } : {}),
  };
}

/**
 * Pino's settings for the request log: each request is logged by method and route pattern only
 * (`POST /cases/:caseId/commands`), never by its URL, which may hold a case id, and never with its
 * body or headers; a response by its status code (Fastify's own `res` serializer).
 */
function requestLogger(logger: boolean | { readonly write: (line: string) => void }): NonNullable<FastifyServerOptions["logger"]> {
  if (logger === false) return false;
  return {
    ...(logger === true ? {} : { stream: logger }),
    serializers: {
      req: (request: FastifyRequest) => ({ method: request.method, route: request.routeOptions.url ?? "(no route)" }),
    },
  };
}

/** Fastify's own refusals (unparsable JSON, wrong media type, too large) in the service's error shape. */
function frameworkError(error: unknown): ErrorResponse | null {
  const status = typeof error === "object" && error !== null && "statusCode" in error ? error.statusCode : undefined;
  if (typeof status !== "number" || status < 400 || status >= 500) return null;
  const message = error instanceof Error ? error.message : "the request was refused";
  // Fastify's messages name the problem ("Body is not valid JSON but content-type is set to 'application/json'").
  if (status === 400) return invalidRequest("(root)", message);
  const code = status === 413 ? "BODY_TOO_LARGE" : status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "BAD_REQUEST";
  return { status, body: { code, message } };
}

/**
 * A small HTTP service over the Linkwork core: referrals and case commands in, case state and the
 * caseload and capacity reports out. Routes, error mapping and personal-data rules: docs/embedding.md.
 */
export function createPcnService(options: PcnServiceOptions = {}): E.Either<DomainError, PcnService> {
  const ownsStore = options.store === undefined;
  const store = options.store ?? memoryEventStore();
  const now = options.clock ?? (() => new Date());
  const policy = options.policy ?? openSchemePolicy;
  const core = linkwork(store, { policy, clock: () => now().getTime() });

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
  const app = Fastify({ logger: requestLogger(options.logger ?? false) });

  app.setErrorHandler((error, request, reply) => {
    const refused = frameworkError(error);
    if (refused !== null) return send(reply, refused);
    request.log.error({ err: error }, "unexpected error");
    return reply.code(500).send({ code: "INTERNAL_ERROR", message: "unexpected error; see the service log" } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ code: "NOT_FOUND", message: `no route ${request.method} ${request.url.split("?")[0] ?? ""}` } satisfies ErrorBody),
  );

  /** Builds the command from the request, hands it to the core, and answers: 201 for a new case, 200 otherwise. */
  async function handleCommand(
    reply: FastifyReply,
    body: unknown,
    idempotencyKey: string | string[] | undefined,
    route: { fixed: FixedFields; caseCommandsOnly: boolean; newCase: boolean; refusal?: (error: HandleError) => ErrorResponse | null },
  ) {
    const command = commandFromRequest({ body, idempotencyKey, fixed: route.fixed, caseCommandsOnly: route.caseCommandsOnly, now });
    if (E.isLeft(command)) return send(reply, errorResponse(command.left));
    // A referral's case id defaults to its command id, so a retry with the same key reaches the same case.
    if (route.newCase) command.right.caseId ??= command.right.commandId;
    const handled = await core.handle(command.right);
    if (E.isLeft(handled)) return send(reply, route.refusal?.(handled.left) ?? errorResponse(handled.left));
    const result = commandResult(String(command.right.commandId), handled.right);
    if (route.newCase && !handled.right.duplicate && result.case?.caseId != null) {
      return reply
        .code(201)
        .header("location", `/cases/${encodeURIComponent(result.case.caseId)}`)
        .send(result);
    }
    return reply.code(200).send(result);
  }

  app.post("/referrals", (request, reply) =>
    handleCommand(reply, request.body, request.headers[idempotencyKeyHeader], {
      fixed: { type: "ReceiveReferral" },
      caseCommandsOnly: true,
      newCase: true,
    }),
  );

  app.post<{ Params: CaseParams }>("/cases/:caseId/commands", (request, reply) => {
    // The case id is checked as the command's caseId: a bad one is VALIDATION_FAILED naming it.
    const { caseId } = request.params;
    return handleCommand(reply, request.body, request.headers[idempotencyKeyHeader], {
      fixed: { caseId },
      caseCommandsOnly: true,
      newCase: false,
      // Every command but a referral needs the case to exist: the core says "not allowed in stage none".
      refusal: (error) => (error.code === "INVALID_TRANSITION" && error.stage === "none" ? caseNotFound(caseId) : null),
    });
  });

  app.post("/commands", (request, reply) =>
    handleCommand(reply, request.body, request.headers[idempotencyKeyHeader], { fixed: {}, caseCommandsOnly: false, newCase: false }),
  );

  app.get<{ Params: CaseParams }>("/cases/:caseId", async (request, reply) => {
    const { caseId } = request.params;
    const loaded = await core.loadCase(caseId); // VALIDATION_FAILED naming caseId when it is not a case id

    if (E.isLeft(loaded)) return send(reply, errorResponse(loaded.left));
    if (loaded.right.state.stage === "none") return send(reply, caseNotFound(caseId));
    return reply.code(200).send(caseView(loaded.right.state, loaded.right.version));
  });

  app.get("/reports/caseload", async (request, reply) => {
    const report = await reports.right.caseload(request.query);
    return E.isLeft(report) ? send(reply, reportError(report.left)) : reply.code(200).send(report.right);
  });

  app.get("/reports/capacity", async (request, reply) => {
    const report = await reports.right.capacity(request.query);
    return E.isLeft(report) ? send(reply, reportError(report.left)) : reply.code(200).send(report.right);
  });

  addPeopleRoutes(app, register, send);
  addFhirRoutes(app, { core, store, register });

  app.get("/health", (_request, reply) => {
    const { phase, caughtUp } = runner.status();
    const healthy = phase === "opening" || phase === "running";
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? "ok" : "reports_stopped", reports: { phase, caughtUp } });
  });

  let closing: Promise<void> | null = null;
  return E.right({
    app,
    linkwork: core,
    runner,
    listen: (port, host) => app.listen({ port, host }),
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await runner.stop();
        if (ownsStore) await store.close();
        if (ownsRegister) await register.close();
      })()),
  });
}
