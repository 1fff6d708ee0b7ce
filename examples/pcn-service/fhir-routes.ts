import * as E from "fp-ts/lib/Either.js";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { v5, v7 } from "uuid";
import {
  caseStream,
  eventCatalogue,
  evolveCase,
  initialCaseState,
  type CaseEvent,
  type Consent,
  type EventStore,
  type Linkwork,
  type LinkworkEvent,
  type PersonRegister,
} from "@linkwork/core";
import {
  caseBundle,
  caseIdOfTask,
  referralFromServiceRequest,
  taskIdOfCase,
  type FhirIssue,
  type ReferralSourceRules,
} from "@linkwork/fhir";
import type { OperationOutcome, Task } from "@medplum/fhirtypes";
import type { ApiRoutes } from "./api-routes.js";
import { idempotencyKeyHeader } from "./command-request.js";
import { notAppended } from "./dry-run-store.js";
import { errorResponse, type ErrorResponse } from "./error-response.js";
import { requestActor } from "./request-actor.js";

// FHIR R4 over HTTP (docs/fhir.md): a GP system POSTs a UK Core ServiceRequest, the service answers
// 201 with the referral's Task; GET /fhir/Task/:id answers the Task as it stands. Refusals are FHIR
// OperationOutcomes naming the FHIR path. Bodies are `application/fhir+json` (or `application/json`).

const fhirJson = "application/fhir+json";

/** Namespace of the command ids derived from Idempotency-Key headers and ServiceRequest identifiers on this route. */
const fhirCommandNamespace = "9d2c6a41-0f3e-4b8a-b7d5-2e6c1a9f4c83";

/**
 * What a referral that arrives by FHIR is taken to have been agreed: a ServiceRequest carries no
 * consent, and a person is referred after agreeing to it, so contact only; sharing the outcome with
 * the referrer waits for the person to say so to the link worker. docs/fhir.md says so.
 */
const consentOfFhirReferral: Consent = { contact: true, shareOutcomeWithReferrer: false, evaluation: false };

export interface FhirRouteDependencies {
  readonly core: Linkwork;
  /** The same rules over the store read through and never written (dry-run-store.ts): a referral is tried there before its person is registered. */
  readonly trial: Linkwork;
  readonly store: EventStore;
  readonly register: PersonRegister;
  /** The PCN this service receives for, when a ServiceRequest's performer names none. */
  readonly pcnId?: string;
  readonly sources?: ReferralSourceRules;
  /** Called around each referral, so that shutdown waits for those in flight (as for the other commands). */
  readonly inFlight: <T>(work: () => Promise<T>) => Promise<T>;
}

type IssueType = "invalid" | "forbidden" | "conflict" | "business-rule" | "deleted" | "transient" | "not-found" | "exception";

function outcome(status: number, code: IssueType, message: string, issues: readonly FhirIssue[] = []) {
  const body: OperationOutcome = {
    resourceType: "OperationOutcome",
    issue:
      issues.length === 0
        ? [{ severity: "error", code, diagnostics: message }]
        : issues.map((issue) => ({ severity: "error", code, diagnostics: issue.message, expression: [issue.path] })),
  };
  return { status, body };
}

/** The service's answer to a core or store refusal, as an OperationOutcome with the same status. */
function coreOutcome(response: ErrorResponse) {
  const { status, body } = response;
  const code: IssueType =
    status === 400
      ? "invalid"
      : status === 403
        ? "forbidden"
        : status === 409
          ? "conflict"
          : status === 422
            ? "business-rule"
            : status === 410
              ? "deleted"
              : status === 503
                ? "transient"
                : "exception";
  return { ...outcome(status, code, body.message, body.issues ?? []), retryAfter: response.retryAfter };
}

function reply(reply: FastifyReply, answer: { status: number; body: unknown; retryAfter?: number | undefined }) {
  if (answer.retryAfter !== undefined) void reply.header("retry-after", String(answer.retryAfter));
  return reply.code(answer.status).type(fhirJson).send(answer.body);
}

/** The command id of a request: its Idempotency-Key, else the ServiceRequest's own identifier, else a new one. */
function commandIdOf(key: string | string[] | undefined, body: unknown): E.Either<FhirIssue, string> {
  if (key !== undefined) {
    if (typeof key !== "string" || !/^[\x21-\x7E]{1,255}$/.test(key)) {
      return E.left({ path: `headers.${idempotencyKeyHeader}`, message: "must be 1-255 visible ASCII characters, sent once" });
    }
    return E.right(v5(`key:${key}`, fhirCommandNamespace));
  }
  // The body is not validated yet: read the first identifier defensively (the mapping validates it all).
  const identifiers: unknown = typeof body === "object" && body !== null ? Reflect.get(body, "identifier") : undefined;
  const first: unknown = Array.isArray(identifiers) ? identifiers[0] : undefined;
  const system: unknown = typeof first === "object" && first !== null ? Reflect.get(first, "system") : undefined;
  const value: unknown = typeof first === "object" && first !== null ? Reflect.get(first, "value") : undefined;
  if (typeof system === "string" && typeof value === "string") return E.right(v5(`identifier:${system}|${value}`, fhirCommandNamespace));
  return E.right(v7());
}

const isCaseEvent = (event: LinkworkEvent): event is CaseEvent => eventCatalogue[event.type].category === "case";

/** The pseudonym the dry mapping gives a person the register does not hold yet (the real mapping registers them). */
const standIn = "person_a0";

/**
 * The register as the first, dry mapping sees it: it reads, and answers a registration with a
 * stand-in pseudonym (as "already registered"), writing nothing. The mapping registers a new person
 * before the core decides on the referral, so the route maps dry first and asks the authoriser about
 * the referral's PCN: a caller refused the referral registers nobody.
 */
function dryRegister(register: PersonRegister): PersonRegister {
  const notWritten = () =>
    Promise.resolve(E.left({ code: "REGISTER_UNAVAILABLE" as const, message: "not written in a dry mapping", retryable: false }));
  return {
    register: () =>
      Promise.resolve(E.left({ code: "ALREADY_REGISTERED" as const, message: "a stand-in for the dry mapping", personId: standIn })),
    findByNhsNumber: (nhsNumber) => register.findByNhsNumber(nhsNumber),
    get: (personId) => register.get(personId),
    update: notWritten,
    erase: notWritten,
    close: () => Promise.resolve(),
  };
}

/** The PCN of a case already referred, or null for an id no case has yet (a case's PCN never changes once referred). */
async function pcnOfCase(store: EventStore, caseId: string) {
  const read = await store.readStream(caseStream(caseId));
  if (E.isLeft(read)) return E.left(coreOutcome(errorResponse(read.left)));
  return E.right(
    read.right
      .map((recorded) => recorded.event)
      .filter(isCaseEvent)
      .reduce(evolveCase, initialCaseState).pcnId,
  );
}

/** The Task of a case as its referrer may see it (outcome details only with sharing consent), or the refusal. */
async function taskOf(store: EventStore, caseId: string) {
  const read = await store.readStream(caseStream(caseId));
  if (E.isLeft(read)) return E.left(coreOutcome(errorResponse(read.left)));
  const bundle = caseBundle(read.right.map((recorded) => recorded.event).filter(isCaseEvent));
  if (E.isLeft(bundle)) return E.left(outcome(404, "not-found", "no such Task: no case has been referred under this id"));
  const task = bundle.right.entry?.map((entry) => entry.resource).find((resource): resource is Task => resource?.resourceType === "Task");
  return task === undefined ? E.left(outcome(404, "not-found", "no such Task")) : E.right(task);
}

/** A FHIR resource as the description shows it: its type; the mapping (docs/fhir.md) checks the rest and names the FHIR path. */
const fhirResource = (resourceType: string) => z.object({ resourceType: z.literal(resourceType) }).catchall(z.unknown());

/** The FHIR routes' own refusals: OperationOutcomes, each issue's expression the FHIR path. */
const fhirRefusals = { contentType: fhirJson, schema: fhirResource("OperationOutcome") };

export function addFhirRoutes(routes: ApiRoutes, dependencies: FhirRouteDependencies): void {
  const { core, store, register } = dependencies;
  // FHIR's own media type, parsed as JSON is (prototype poisoning refused the same way).
  routes.app.addContentTypeParser(fhirJson, { parseAs: "string" }, routes.app.getDefaultJsonParser("error", "error"));

  routes.add(
    {
      method: "POST",
      url: "/fhir/ServiceRequest",
      summary: "Refer by FHIR: a UK Core ServiceRequest in, the referral's Task out (the caller is the PCN's intake: a link worker role)",
      access: ["linkWorker"],
      body: fhirResource("ServiceRequest"),
      bodyContentTypes: [fhirJson, "application/json"],
      refusals: fhirRefusals,
      responses: {
        201: { description: "The referral's Task; Location names it", contentType: fhirJson, schema: fhirResource("Task") },
        200: { description: "A repeat: the Task as it stands", contentType: fhirJson, schema: fhirResource("Task") },
        409: { description: "conflict: INVALID_TRANSITION, COMMAND_ID_REUSED, CONCURRENCY_CONFLICT, STREAM_TRUNCATED" },
        410: { description: "deleted: the person was erased" },
        422: { description: "business-rule: POLICY_VIOLATION, UNKNOWN_REFERENCE, OCCURRED_IN_FUTURE" },
      },
    },
    (request, response) =>
      dependencies.inFlight(async () => {
        const actor = requestActor(request);
        // The mapping registers the person it refers: the caller must be allowed to.
        const mayRegister = core.authorise(actor, { kind: "personRegister", action: "register" });
        if (E.isLeft(mayRegister)) return reply(response, coreOutcome(errorResponse(mayRegister.left)));
        const commandId = commandIdOf(request.headers[idempotencyKeyHeader], request.body);
        if (E.isLeft(commandId)) return reply(response, outcome(400, "invalid", commandId.left.message, [commandId.left]));
        // The case takes its id from the command id, so a retried request reaches the same case.
        const context = {
          caseId: commandId.right,
          commandId: commandId.right,
          // Recorded as the authenticated caller, never as what the request says.
          recordedBy: actor?.who ?? "fhir-inbound",
          consent: consentOfFhirReferral,
          ...(dependencies.pcnId === undefined ? {} : { pcnId: dependencies.pcnId }),
        };
        const sources = dependencies.sources === undefined ? {} : { sources: dependencies.sources };
        const dry = await referralFromServiceRequest(request.body, context, { register: dryRegister(register), ...sources });
        if (E.isRight(dry)) {
          // Asked as the core will ask it: on the case's PCN when the id names a case already referred
          // (a retry, or an id another PCN's request took), else on the PCN the request names.
          const referred = await pcnOfCase(store, context.caseId);
          if (E.isLeft(referred)) return reply(response, referred.left);
          const pcnId = referred.right ?? dry.right.pcnId;
          const mayRefer = core.authorise(actor, { kind: "command", family: "case", type: "ReceiveReferral", pcnId });
          if (E.isLeft(mayRefer)) return reply(response, coreOutcome(errorResponse(mayRefer.left)));
          // A person not yet registered is registered by the mapping below: the referral is tried first, so
          // one the core refuses (the scheme's rules, a date ahead, an unregistered code) registers nobody.
          if (dry.right.personId === standIn) {
            const tried = await dependencies.trial.handle(dry.right);
            if (E.isLeft(tried) && !(tried.left.code === "STORE_UNAVAILABLE" && tried.left.message === notAppended)) {
              return reply(response, coreOutcome(errorResponse(tried.left)));
            }
          }
        }
        const referral = await referralFromServiceRequest(request.body, context, { register, ...sources });
        if (E.isLeft(referral)) {
          return reply(
            response,
            referral.left.code === "UNMAPPABLE"
              ? outcome(400, "invalid", referral.left.message, referral.left.issues)
              : { ...outcome(503, "transient", referral.left.message), ...(referral.left.retryable ? { retryAfter: 1 } : {}) },
          );
        }
        const handled = await core.handle(referral.right, actor);
        if (E.isLeft(handled)) return reply(response, coreOutcome(errorResponse(handled.left)));
        const task = await taskOf(store, context.caseId);
        if (E.isLeft(task)) return reply(response, task.left);
        const location = `/fhir/Task/${encodeURIComponent(taskIdOfCase(context.caseId))}`;
        return reply(response.header("location", location), { status: handled.right.duplicate ? 200 : 201, body: task.right });
      }),
  );

  routes.add(
    {
      method: "GET",
      url: "/fhir/Task/:id",
      summary: "The Task of a referral, as the case stands (a read of the case: authorised and audited)",
      access: ["linkWorker"],
      params: z.strictObject({ id: z.string().describe("The Task's id") }),
      refusals: fhirRefusals,
      responses: {
        200: { description: "The Task", contentType: fhirJson, schema: fhirResource("Task") },
        404: { description: "not-found: no case has been referred under this id" },
      },
    },
    async (request, response) => {
      const caseId = caseIdOfTask((request.params as { readonly id: string }).id);
      // The core checks the id is a case id (VALIDATION_FAILED naming caseId), the caller's PCN, and audits the read.
      const loaded = await core.loadCase(caseId, requestActor(request));
      if (E.isLeft(loaded)) return reply(response, coreOutcome(errorResponse(loaded.left)));
      const task = await taskOf(store, caseId);
      return E.isLeft(task) ? reply(response, task.left) : reply(response, { status: 200, body: task.right });
    },
  );
}
