import type { z } from "zod";
import { printable } from "./history/printable-text.js";

/** One problem found by a schema, with the path of the offending field ("data.reasons[0]"). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Everything the domain can refuse, as a tagged union with stable codes.
 * Codes are part of the public contract: callers switch on `code`, never on `message`.
 */
export type DomainError =
  | {
      readonly code: "VALIDATION_FAILED";
      readonly message: string;
      readonly issues: readonly FieldIssue[];
    }
  | {
      readonly code: "INVALID_TRANSITION";
      readonly message: string;
      readonly stage: string;
      readonly command: string;
    }
  | {
      readonly code: "POLICY_VIOLATION";
      readonly message: string;
      readonly rule: PolicyRule;
      readonly command: string;
    }
  | {
      readonly code: "UNKNOWN_REFERENCE";
      readonly message: string;
      readonly field: string;
      readonly reference: string;
    }
  | {
      readonly code: "TIME_WENT_BACKWARDS";
      readonly message: string;
      readonly occurredAt: string;
      readonly lastOccurredAt: string;
    }
  | {
      /** The command id was handled before with a different command: a client reusing ids, not retrying. */
      readonly code: "COMMAND_ID_REUSED";
      readonly message: string;
      readonly commandId: string;
    }
  | {
      /** occurredAt lies further ahead of the handler's clock than the allowed skew. */
      readonly code: "OCCURRED_IN_FUTURE";
      readonly message: string;
      readonly occurredAt: string;
      /** The latest occurredAt the handler accepted at that moment (clock + maxClockSkewMs). */
      readonly latestAccepted: string;
    }
  | {
      /** The actor may not do this (the authoriser given to linkwork refused it); nothing was read or written. */
      readonly code: "FORBIDDEN";
      readonly message: string;
      /** The actor's role, or null when no actor was named. */
      readonly role: string | null;
      /** What was refused, in words ("the command RecordContact"), never with a case or person id. */
      readonly access: string;
    };

export type DomainErrorCode = DomainError["code"];

/** The scheme rules a command can break. */
export type PolicyRule =
  | "referralSourceNotAccepted"
  | "maxContactsReached"
  | "contactAttemptsExhausted"
  | "episodeLengthExceeded"
  | "noConsentToShareOutcome"
  | "noConsentToContact";

/** Renders a zod issue path the way people read it: `data.items[2]`, under an optional prefix. */
export function formatPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out === "" ? "(root)" : out;
}

/** The most characters of a path or message quoted from input (zod quotes unknown keys, all of them). */
const maxQuoted = 300;

/**
 * Text a zod issue quotes from the input, made safe to show the sender: cut to `maxQuoted`
 * characters (a command of a million unknown keys must not make a megabyte error), then printable.
 */
function quoted(text: string): string {
  return printable(text.length > maxQuoted ? `${text.slice(0, maxQuoted)}...` : text);
}

/** A VALIDATION_FAILED error from a zod error; `pathPrefix` says where the value sits in a larger document. */
export function validationFailed(subject: string, error: z.ZodError, pathPrefix = ""): DomainError {
  const issues = error.issues.map((issue) => ({
    path: quoted(formatPath(issue.path, pathPrefix)),
    message: quoted(issue.message),
  }));
  const first = issues[0];
  return {
    code: "VALIDATION_FAILED",
    message:
      first === undefined
        ? `${subject} is invalid`
        : `${subject} is invalid: ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`,
    issues,
  };
}

/** A VALIDATION_FAILED error for one field. */
export function fieldInvalid(subject: string, path: string, message: string): DomainError {
  return { code: "VALIDATION_FAILED", message: `${subject} is invalid: ${path}: ${message}`, issues: [{ path, message }] };
}
