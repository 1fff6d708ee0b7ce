import type { FastifyReply } from "fastify";
import type { FieldIssue, HandleError } from "@linkwork/core";

/** The JSON body of every refusal: a stable `code` to switch on, a message for people, and the details of that code. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly FieldIssue[];
  readonly [detail: string]: unknown;
}

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  /** Seconds a client should wait before retrying, for a store that may answer later. */
  readonly retryAfter?: number;
  /** Further headers of the answer (a 401's WWW-Authenticate challenge). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The HTTP answer to a refusal by the core or the store (documented in docs/service.md, "Errors"):
 * 400 the request itself is wrong; 409 it clashes with what the stream already holds (retrying
 * as it is cannot help, except after a concurrency conflict); 422 it is well formed but the scheme
 * or the case's own records refuse it; 403 the caller may not; 410 the person was erased; 503 the store could not answer. Bodies are built field by
 * field, never by spreading an error: store errors may carry bigints, which JSON cannot encode.
 */
export function errorResponse(error: HandleError): ErrorResponse {
  switch (error.code) {
    case "VALIDATION_FAILED":
      return { status: 400, body: { code: error.code, message: error.message, issues: error.issues } };
    case "INVALID_STORE_CALL":
      // The store refused the call as malformed and wrote nothing; its issues name the field.
      return { status: 400, body: { code: error.code, message: error.message, issues: error.issues } };
    case "INVALID_TRANSITION":
      return { status: 409, body: { code: error.code, message: error.message, stage: error.stage, command: error.command } };
    case "TIME_WENT_BACKWARDS":
      return {
        status: 409,
        body: { code: error.code, message: error.message, occurredAt: error.occurredAt, lastOccurredAt: error.lastOccurredAt },
      };
    case "COMMAND_ID_REUSED":
      // The id names a different command already recorded: the client must mint a new id. The core's
      // message names the stream (a case id, a person's pseudonym); the answer's does not.
      return {
        status: 409,
        body: {
          code: error.code,
          message: "this command id was already used for a different command; send this one with a new id",
          commandId: error.commandId,
        },
      };
    case "OCCURRED_IN_FUTURE":
      return {
        status: 422,
        body: { code: error.code, message: error.message, occurredAt: error.occurredAt, latestAccepted: error.latestAccepted },
      };
    case "CONCURRENCY_CONFLICT":
      return { status: 409, body: { code: error.code, message: error.message, streamId: error.streamId } };
    case "POLICY_VIOLATION":
      return { status: 422, body: { code: error.code, message: error.message, rule: error.rule, command: error.command } };
    case "UNKNOWN_REFERENCE":
      return { status: 422, body: { code: error.code, message: error.message, field: error.field, reference: error.reference } };
    case "STREAM_TRUNCATED":
      // Events of the case were removed outside Linkwork: no retry can help until an operator restores the stream.
      return {
        status: 409,
        body: { code: error.code, message: error.message, streamId: error.streamId, firstReadableVersion: error.firstReadableVersion },
      };
    case "STORE_UNAVAILABLE":
      return error.retryable
        ? { status: 503, body: { code: error.code, message: error.message, retryable: true }, retryAfter: 1 }
        : { status: 503, body: { code: error.code, message: error.message, retryable: false } };
    case "PERSON_ERASED":
      // Gone for good: the person was erased, and their case takes no more records.
      return { status: 410, body: { code: error.code, message: error.message } };
    case "FORBIDDEN":
      // Authenticated, but not allowed: the message says what was refused, never whose case.
      return { status: 403, body: { code: error.code, message: error.message, access: error.access } };
    case "CHECKPOINT_CONFLICT":
      // Only a projections runner meets this; a command never does. Kept for the exhaustive switch.
      return { status: 503, body: { code: error.code, message: error.message } };
  }
}

/** A 400 for one field, in the same shape as the core's VALIDATION_FAILED. */
export function invalidRequest(path: string, message: string): ErrorResponse {
  return {
    status: 400,
    body: { code: "VALIDATION_FAILED", message: `request is invalid: ${path}: ${message}`, issues: [{ path, message }] },
  };
}

/** A 404 for a case: the message names no id, since answers and their logs may be kept. */
export function caseNotFound(): ErrorResponse {
  return { status: 404, body: { code: "CASE_NOT_FOUND", message: "no case with this id has been referred" } };
}

/** Sends a refusal: its status, headers and body. */
export function send(reply: FastifyReply, response: ErrorResponse): FastifyReply {
  if (response.retryAfter !== undefined) void reply.header("retry-after", String(response.retryAfter));
  for (const [name, value] of Object.entries(response.headers ?? {})) void reply.header(name, value);
  return reply.code(response.status).send(response.body);
}
