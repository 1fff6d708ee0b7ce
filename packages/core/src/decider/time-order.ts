import * as E from "fp-ts/lib/Either.js";
import type { DomainError } from "../errors.js";

/** What the time guard needs of a command: its type (for the message) and when it happened. */
interface TimedCommand {
  readonly type: string;
  readonly occurredAt: string;
}

/**
 * Time never runs backwards inside a stream: a command dated before the stream's latest event is
 * refused with TIME_WENT_BACKWARDS. `whose` names the stream in the message ("the case's").
 */
export function requireTimeForward(command: TimedCommand, lastOccurredAt: string | null, whose: string): E.Either<DomainError, void> {
  if (lastOccurredAt === null || Date.parse(command.occurredAt) >= Date.parse(lastOccurredAt)) return E.right(undefined);
  return E.left({
    code: "TIME_WENT_BACKWARDS",
    message: `${command.type} occurredAt ${command.occurredAt} is before ${whose} latest event (${lastOccurredAt})`,
    occurredAt: command.occurredAt,
    lastOccurredAt,
  });
}
