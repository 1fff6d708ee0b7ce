import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { eventsFor, type Fact } from "../decider/event-identity.js";
import { requireTimeForward } from "../decider/time-order.js";
import { fieldInvalid, type DomainError } from "../errors.js";
import { fundingPeriodProblem } from "../funding/funding-period.js";
import type { ProviderCommand } from "./commands.js";
import type { ProviderEvent } from "./events.js";
import { providerIdProblem } from "./provider-id-form.js";
import type { ProviderState } from "./state.js";

function requireStage(command: ProviderCommand, state: ProviderState, allowed: ProviderState["stage"]): E.Either<DomainError, void> {
  if (state.stage === allowed) return E.right(undefined);
  return E.left({
    code: "INVALID_TRANSITION",
    message: `${command.type} is not allowed when the provider is ${state.stage === "none" ? "not listed" : "listed"} (allowed when ${allowed === "none" ? "not listed" : "listed"})`,
    stage: state.stage,
    command: command.type,
  });
}

const check = (problem: string | null, field: string): E.Either<DomainError, void> =>
  problem === null ? E.right(undefined) : E.left(fieldInvalid("command", field, problem));

/** Decides the events a provider command causes, or the typed reason it is refused. Pure. */
export function decideProvider(command: ProviderCommand, state: ProviderState): E.Either<DomainError, ProviderEvent[]> {
  const inTime = requireTimeForward(command, state.lastOccurredAt, "the provider's");
  const emit = (fact: Fact<ProviderEvent["type"]>) => E.map(() => eventsFor(command, [fact]));
  const { providerId } = command;
  switch (command.type) {
    case "RegisterProvider":
      return pipe(
        inTime,
        E.flatMap(() => requireStage(command, state, "none")),
        E.flatMap(() => check(providerIdProblem(providerId, command.directory), "providerId")),
        emit({
          type: "ProviderRegistered",
          data: {
            providerId,
            directory: command.directory,
            name: command.name,
            supportCategories: command.supportCategories,
            route: command.route,
          },
        }),
      );
    case "DeclareProviderCapacity":
      return pipe(
        inTime,
        E.flatMap(() => requireStage(command, state, "listed")),
        emit({
          type: "ProviderCapacityDeclared",
          data: { providerId, monthlyPlaces: command.monthlyPlaces, waitingList: command.waitingList },
        }),
      );
    case "AwardFunding":
      return pipe(
        inTime,
        E.flatMap(() => requireStage(command, state, "listed")),
        E.flatMap(() =>
          check(
            state.fundingIds.has(command.fundingId) ? `funding "${command.fundingId}" is already recorded for this provider` : null,
            "fundingId",
          ),
        ),
        E.flatMap(() => check(fundingPeriodProblem(command.periodStart, command.periodEnd), "periodEnd")),
        emit({
          type: "FundingAwarded",
          data: {
            providerId,
            fundingId: command.fundingId,
            kind: command.kind,
            amountPence: command.amountPence,
            periodStart: command.periodStart,
            periodEnd: command.periodEnd,
            needs: command.needs,
          },
        }),
      );
  }
}
