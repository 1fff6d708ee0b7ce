import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { invalidRequest, type ErrorBody, type ErrorResponse } from "./error-response.js";

// Fastify's and Node's own refusals in the service's one error format ({ code, message, ... }), so a
// client switches on `code` whatever refused it. None of them echoes the URL: it may hold a case id.

/** The codes of refusals made before a route runs, by HTTP status. */
const codeByStatus: Readonly<Record<number, string>> = {
  400: "BAD_REQUEST",
  404: "NOT_FOUND",
  408: "REQUEST_TIMEOUT",
  413: "BODY_TOO_LARGE",
  414: "URI_TOO_LONG",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
  431: "HEADERS_TOO_LARGE",
};

/** An error Fastify or a plugin threw with a 4xx status (unparsable JSON, wrong media type, too large, rate limited). */
export function frameworkError(error: unknown): ErrorResponse | null {
  const status = typeof error === "object" && error !== null && "statusCode" in error ? error.statusCode : undefined;
  if (typeof status !== "number" || status < 400 || status >= 500) return null;
  const message = error instanceof Error ? error.message : "the request was refused";
  // Fastify's 400s name the problem ("Body is not valid JSON but content-type is set to 'application/json'").
  if (status === 400) return invalidRequest("(root)", message);
  return { status, body: { code: codeByStatus[status] ?? "BAD_REQUEST", message } };
}

/**
 * Fastify's `frameworkErrors`: a URL that is not valid percent-encoding (400), a path parameter
 * longer than `maxParamLength` (414). Their own messages quote the URL, so ours do not.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    void reply
      .code(414)
      .send({ code: "URI_TOO_LONG", message: "a path parameter is longer than this service accepts" } satisfies ErrorBody);
    return;
  }
  void reply.code(400).send({ code: "BAD_REQUEST", message: "the URL is not valid percent-encoding" } satisfies ErrorBody);
}

/**
 * Node's `clientError`: a request the HTTP parser refused before Fastify saw it (headers too large
 * 431, a timeout 408, anything else malformed 400). The answer is written on the socket, as Fastify's
 * own handler does, and the socket closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const message =
    status === 431
      ? "the request's headers are larger than this service accepts"
      : status === 408
        ? "the request took too long to arrive"
        : "the request is not valid HTTP";
  const body = JSON.stringify({ code: codeByStatus[status] ?? "BAD_REQUEST", message } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The 404 of a path no route serves: the method is named, the path is not (it may hold an id). */
export function noRoute(method: string): ErrorResponse {
  return { status: 404, body: { code: "NOT_FOUND", message: `no route serves this ${method} path` } };
}
