import * as E from "fp-ts/lib/Either.js";
import type { z } from "zod";
import type { CaseState } from "../case/state.js";
import type { DomainError } from "../errors.js";
import type { RecordActivityBudgetSpend } from "./commands.js";

type Command = z.infer<typeof RecordActivityBudgetSpend>;

const unknown = (field: string, reference: string, what: string): DomainError => ({
  code: "UNKNOWN_REFERENCE",
  message: `${field} "${reference}" names no ${what} of this case`,
  field,
  reference,
});

/** Spend is for a goal of the plan and, when it names one, a connection of the case. */
export function requireSpendReferences(command: Command, state: CaseState): E.Either<DomainError, void> {
  if (!state.goals.has(command.goalId)) return E.left(unknown("goalId", command.goalId, "goal in the plan"));
  if (command.connectionId !== undefined && !state.connections.has(command.connectionId)) {
    return E.left(unknown("connectionId", command.connectionId, "connection"));
  }
  return E.right(undefined);
}
