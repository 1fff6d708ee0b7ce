import * as E from "fp-ts/lib/Either.js";
import { v5, v7 } from "uuid";
import { z } from "zod";
import { CaseCommand, fieldInvalid, type DomainError } from "@linkwork/core";

/** Header a client sets so that a retried request is handled once (the IETF "Idempotency-Key" header). */
export const idempotencyKeyHeader = "idempotency-key";

/** Namespace of the UUIDv5 command ids derived from idempotency keys that are not UUIDs themselves. */
const idempotencyKeyNamespace = "5b0f8f4e-6c1d-4d38-9a51-3f0b9c2e7a14";

const Uuid = z.uuid();
/** Visible ASCII, as HTTP header values are; long enough for any client's key scheme. */
const IdempotencyKey = z.string().regex(/^[\x21-\x7E]{1,255}$/, "must be 1-255 visible ASCII characters");

const caseCommandTypes: readonly string[] = CaseCommand.options.map((option) => option.shape.type.value);

/** What the route itself fixes: the command type of /referrals, the case id of /cases/:caseId. */
export type FixedFields = Readonly<Record<string, string>>;

export interface CommandRequest {
  readonly body: unknown;
  /** The Idempotency-Key header as Node gives it (absent, or a string). */
  readonly idempotencyKey: string | string[] | undefined;
  readonly fixed: FixedFields;
  /** Only case commands are allowed (the /cases routes). */
  readonly caseCommandsOnly: boolean;
  /** The server's clock, read only when the client sent no occurredAt. */
  readonly now: () => Date;
}

/**
 * The command object a request stands for, ready for `linkwork.handle` (which validates it in full).
 * The service is the I/O edge, so it supplies what only the edge can know: the command id (from the
 * Idempotency-Key header, so a retry is the same command, or a fresh UUIDv7) and, when the client
 * left it out, `occurredAt` from the server's clock. A time the client sends always wins: the core
 * takes time from the command, never from a clock.
 */
export function commandFromRequest(request: CommandRequest): E.Either<DomainError, Record<string, unknown>> {
  const { body, fixed } = request;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return E.left(fieldInvalid("request body", "(root)", "must be a JSON object"));
  }
  const command: Record<string, unknown> = { ...(body as Record<string, unknown>) };

  for (const [field, value] of Object.entries(fixed)) {
    if (command[field] !== undefined && command[field] !== value) {
      return E.left(fieldInvalid("command", field, `must be ${JSON.stringify(value)} (set by the route) or left out`));
    }
    command[field] = value;
  }
  if (request.caseCommandsOnly && !(typeof command.type === "string" && caseCommandTypes.includes(command.type))) {
    return E.left(fieldInvalid("command", "type", `must be a case command: one of ${caseCommandTypes.join(", ")}`));
  }

  const fromHeader = commandIdFromKey(request.idempotencyKey);
  if (E.isLeft(fromHeader)) return fromHeader;
  if (fromHeader.right !== null) {
    if (command.commandId !== undefined && command.commandId !== fromHeader.right) {
      return E.left(
        fieldInvalid("command", "commandId", "differs from the command id of the Idempotency-Key header; send one or the other"),
      );
    }
    command.commandId = fromHeader.right;
  }
  command.commandId ??= v7();
  command.occurredAt ??= request.now().toISOString();
  return E.right(command);
}

/**
 * A UUID key is the command id itself; any other key names one by a UUIDv5, so the same key always
 * gives the same command id. A key names one request: reused for a different case it is a new command there.
 */
function commandIdFromKey(key: string | string[] | undefined): E.Either<DomainError, string | null> {
  if (key === undefined) return E.right(null);
  const parsed = IdempotencyKey.safeParse(key);
  if (!parsed.success)
    return E.left(fieldInvalid("request", `headers.${idempotencyKeyHeader}`, "must be 1-255 visible ASCII characters, sent once"));
  return E.right(Uuid.safeParse(parsed.data).success ? parsed.data : v5(parsed.data, idempotencyKeyNamespace));
}
