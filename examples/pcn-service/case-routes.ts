import * as E from "fp-ts/lib/Either.js";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import {
  CaseCommand,
  PersonUsageCommand,
  ReferenceCommand,
  streamCategory,
  type CaseState,
  type HandleError,
  type Handled,
  type Linkwork,
  type LinkworkEvent,
} from "@linkwork/core";
import { ProviderCommand } from "@linkwork/core/provider";
import type { ApiRoutes } from "./api-routes.js";
import { caseView } from "./case-view.js";
import { commandFromRequest, idempotencyKeyHeader, type FixedFields } from "./command-request.js";
import { caseNotFound, errorResponse, send, type ErrorResponse } from "./error-response.js";
import { requestActor } from "./request-actor.js";

// Referrals, case commands, any command, and a case read: each through linkwork with the request's
// actor, so the authoriser decides, recordedBy is the actor's and reads of a case are audited.

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

const referralCommand = CaseCommand.options.find((option) => option.shape.type.value === "ReceiveReferral") ?? CaseCommand;
const CaseParams = z.strictObject({ caseId: z.string().describe("The case's issued id (a UUID or case_<token>)") });
const commandResponses = {
  200: { description: "Handled (or a repeat of a command already handled: `duplicate: true`); the events and, for a case, the case" },
  409: { description: "INVALID_TRANSITION, TIME_WENT_BACKWARDS, COMMAND_ID_REUSED, CONCURRENCY_CONFLICT, STREAM_TRUNCATED" },
  410: { description: "PERSON_ERASED" },
  422: { description: "POLICY_VIOLATION, UNKNOWN_REFERENCE, OCCURRED_IN_FUTURE" },
} as const;

export interface CaseRoutesOptions {
  readonly core: Linkwork;
  readonly now: () => Date;
  /** Called around each command, so that shutdown waits for the commands in flight. */
  readonly inFlight: <T>(work: () => Promise<T>) => Promise<T>;
}

export function addCaseRoutes(routes: ApiRoutes, { core, now, inFlight }: CaseRoutesOptions): void {
  /** Builds the command from the request, hands it to the core for the actor, and answers: 201 for a new case, 200 otherwise. */
  const handleCommand = (
    reply: FastifyReply,
    request: { body: unknown; idempotencyKey: string | string[] | undefined; actor: ReturnType<typeof requestActor> },
    route: { fixed: FixedFields; caseCommandsOnly: boolean; newCase: boolean; refusal?: (error: HandleError) => ErrorResponse | null },
  ) =>
    inFlight(async () => {
      const command = commandFromRequest({
        body: request.body,
        idempotencyKey: request.idempotencyKey,
        fixed: route.fixed,
        caseCommandsOnly: route.caseCommandsOnly,
        now,
      });
      if (E.isLeft(command)) return send(reply, errorResponse(command.left));
      // A referral's case id defaults to its command id, so a retry with the same key reaches the same case.
      if (route.newCase) command.right.caseId ??= command.right.commandId;
      const handled = await core.handle(command.right, request.actor);
      if (E.isLeft(handled)) return send(reply, route.refusal?.(handled.left) ?? errorResponse(handled.left));
      const result = commandResult(String(command.right.commandId), handled.right);
      if (route.newCase && !handled.right.duplicate && result.case?.caseId != null) {
        return reply
          .code(201)
          .header("location", `/cases/${encodeURIComponent(result.case.caseId)}`)
          .send(result);
      }
      return reply.code(200).send(result);
    });

  routes.add(
    {
      method: "POST",
      url: "/referrals",
      summary: "Refer a person: a ReceiveReferral command (type and recordedBy are set by the service; caseId defaults to the command id)",
      access: ["linkWorker"],
      body: referralCommand,
      responses: { 201: { description: "The case was opened; Location names it" }, ...commandResponses },
    },
    (request, reply) =>
      handleCommand(
        reply,
        { body: request.body, idempotencyKey: request.headers[idempotencyKeyHeader], actor: requestActor(request) },
        { fixed: { type: "ReceiveReferral" }, caseCommandsOnly: true, newCase: true },
      ),
  );

  routes.add(
    {
      method: "POST",
      url: "/cases/:caseId/commands",
      summary: "Send a case command to a case of the caller's PCN (recordedBy is the caller)",
      access: ["linkWorker"],
      params: CaseParams,
      body: CaseCommand,
      responses: { ...commandResponses, 404: { description: "CASE_NOT_FOUND" } },
    },
    (request, reply) => {
      // The case id is checked as the command's caseId: a bad one is VALIDATION_FAILED naming it.
      const { caseId } = request.params as { caseId: string };
      return handleCommand(
        reply,
        { body: request.body, idempotencyKey: request.headers[idempotencyKeyHeader], actor: requestActor(request) },
        {
          fixed: { caseId },
          caseCommandsOnly: true,
          newCase: false,
          // Every command but a referral needs the case to exist: the core says "not allowed in stage none".
          refusal: (error) => (error.code === "INVALID_TRANSITION" && error.stage === "none" ? caseNotFound() : null),
        },
      );
    },
  );

  routes.add(
    {
      method: "POST",
      url: "/commands",
      summary: "Send any command: case, healthcare usage, reference data or the provider directory, by the caller's role",
      access: ["linkWorker", "administrator"],
      body: z.union([CaseCommand, PersonUsageCommand, ReferenceCommand, ProviderCommand]),
      responses: commandResponses,
    },
    (request, reply) =>
      handleCommand(
        reply,
        { body: request.body, idempotencyKey: request.headers[idempotencyKeyHeader], actor: requestActor(request) },
        { fixed: {}, caseCommandsOnly: false, newCase: false },
      ),
  );

  routes.add(
    {
      method: "GET",
      url: "/cases/:caseId",
      summary: "A case of the caller's PCN, as it stands (every read is audited)",
      access: ["linkWorker"],
      params: CaseParams,
      responses: { 200: { description: "The case" }, 404: { description: "CASE_NOT_FOUND" } },
    },
    async (request, reply) => {
      const { caseId } = request.params as { caseId: string };
      const loaded = await core.loadCase(caseId, requestActor(request)); // VALIDATION_FAILED naming caseId when it is not a case id
      if (E.isLeft(loaded)) return send(reply, errorResponse(loaded.left));
      if (loaded.right.state.stage === "none") return send(reply, caseNotFound());
      return reply.code(200).send(caseView(loaded.right.state, loaded.right.version));
    },
  );
}
