import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { eventsFor, type Fact } from "../decider/event-identity.js";
import { requireTimeForward } from "../decider/time-order.js";
import { fieldInvalid, type DomainError } from "../errors.js";
import type { ReferenceCommand } from "./commands.js";
import type { ReferenceEvent } from "./events.js";
import type { ReferenceState } from "./state.js";

function requireStage(command: ReferenceCommand, state: ReferenceState, allowed: ReferenceState["stage"]): E.Either<DomainError, void> {
  if (state.stage === allowed) return E.right(undefined);
  return E.left({
    code: "INVALID_TRANSITION",
    message: `${command.type} is not allowed when the link worker is ${state.stage} (allowed when ${allowed})`,
    stage: state.stage,
    command: command.type,
  });
}

/** Decides the events a reference-data command causes, or the typed reason it is refused. */
export function decideReference(command: ReferenceCommand, state: ReferenceState): E.Either<DomainError, ReferenceEvent[]> {
  const inTime = requireTimeForward(command, state.lastOccurredAt, "the stream's");
  const emit = (fact: Fact<ReferenceEvent["type"]>) => E.map(() => eventsFor(command, [fact]));
  switch (command.type) {
    case "RecordPcnListSize":
      return pipe(
        inTime,
        emit({ type: "PcnListSizeRecorded", data: { pcnId: command.pcnId, registeredPatients: command.registeredPatients } }),
      );
    case "RecordSocialPrescribingStart":
      return pipe(
        inTime,
        emit({
          type: "SocialPrescribingStarted",
          data: {
            pcnId: command.pcnId,
            ...(command.practiceId === undefined ? {} : { practiceId: command.practiceId }),
            startDate: command.startDate,
          },
        }),
      );
    case "RegisterLinkWorker":
      return pipe(
        inTime,
        E.flatMap(() => requireStage(command, state, "none")),
        emit({ type: "LinkWorkerJoined", data: { linkWorkerId: command.linkWorkerId, pcnId: command.pcnId, fte: command.fte } }),
      );
    case "ChangeLinkWorkerFte":
      return pipe(
        inTime,
        E.flatMap(() => requireStage(command, state, "active")),
        emit({ type: "LinkWorkerFteChanged", data: { linkWorkerId: command.linkWorkerId, fte: command.fte } }),
      );
    case "RecordLinkWorkerLeft":
      return pipe(
        inTime,
        E.flatMap(() => requireStage(command, state, "active")),
        emit({ type: "LinkWorkerLeft", data: { linkWorkerId: command.linkWorkerId } }),
      );
    case "RecordPracticeListComposition": {
      const { type: _type, commandId: _id, occurredAt: _at, recordedBy: _by, correlationId: _correlation, ...composition } = command;
      return pipe(inTime, emit({ type: "PracticeListCompositionRecorded", data: composition }));
    }
    case "RegisterLocalCode":
      return pipe(
        inTime,
        E.flatMap(() =>
          state.codes.has(command.code)
            ? E.left(fieldInvalid("command", "code", `is already registered in the ${command.list} list`))
            : E.right(undefined),
        ),
        emit({ type: "LocalCodeRegistered", data: { list: command.list, code: command.code, label: command.label } }),
      );
  }
}
