import * as E from "fp-ts/lib/Either.js";
import type { CaseState } from "../case/state.js";
import { fieldInvalid, type DomainError } from "../errors.js";
import type { z } from "zod";
import type { RecordProviderUpdate } from "./connection-commands.js";
import { reasonProblem, statusAfter, updateFollows } from "./connection-status.js";

type Command = z.infer<typeof RecordProviderUpdate>;

/**
 * Whether the provider's update may follow what it reported on the connection before: the connection
 * exists, a decline (and only a decline) says why, and the order holds (attended only once accepted).
 */
export function requireProviderUpdate(command: Command, state: CaseState): E.Either<DomainError, void> {
  const connection = state.connections.get(command.connectionId);
  if (connection === undefined) {
    return E.left({
      code: "UNKNOWN_REFERENCE",
      message: `connectionId "${command.connectionId}" names no connection of this case`,
      field: "connectionId",
      reference: command.connectionId,
    });
  }
  const reason = reasonProblem(command.update, command.reason);
  if (reason !== null) return E.left(fieldInvalid("command", "reason", reason));
  if (statusAfter(connection.providerStatus, command.update) !== null) return E.right(undefined);
  // Like a follow-up completed twice: the case may take updates, this connection not this one.
  return E.left(
    fieldInvalid(
      "command",
      "update",
      `the provider cannot report ${command.update} when the connection is ${connection.providerStatus} (allowed when ${updateFollows[command.update].join(" or ")})`,
    ),
  );
}
