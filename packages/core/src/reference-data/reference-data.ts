import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { commandFields } from "../commands/case-commands.js";
import { eventsFor } from "../commands/event-identity.js";
import type { Decider } from "../decider.js";
import { validationFailed, type DomainError } from "../errors.js";
import type { LinkworkEvent } from "../events/catalogue.js";
import { Fte, type ReferenceEvent } from "../events/reference-events.js";
import { linkWorkerStream, pcnStream } from "../events/streams.js";
import { OpaqueId } from "../identifiers.js";

export const RecordPcnListSize = z.object({
  type: z.literal("RecordPcnListSize"),
  pcnId: OpaqueId,
  ...commandFields,
  registeredPatients: z.number().int().min(0).max(2_000_000),
});
export const RegisterLinkWorker = z.object({ type: z.literal("RegisterLinkWorker"), linkWorkerId: OpaqueId, ...commandFields, pcnId: OpaqueId, fte: Fte });
export const ChangeLinkWorkerFte = z.object({ type: z.literal("ChangeLinkWorkerFte"), linkWorkerId: OpaqueId, ...commandFields, fte: Fte });
export const RecordLinkWorkerLeft = z.object({ type: z.literal("RecordLinkWorkerLeft"), linkWorkerId: OpaqueId, ...commandFields });

export const ReferenceCommand = z.discriminatedUnion("type", [RecordPcnListSize, RegisterLinkWorker, ChangeLinkWorkerFte, RecordLinkWorkerLeft]);
export type ReferenceCommand = z.infer<typeof ReferenceCommand>;

/** State of a reference stream: a PCN's list or one link worker's employment. */
export interface ReferenceState {
  readonly stage: "none" | "active" | "left";
  readonly fte: number;
  readonly lastOccurredAt: string | null;
}
export const initialReferenceState: ReferenceState = { stage: "none", fte: 0, lastOccurredAt: null };

function requireStage(command: ReferenceCommand, state: ReferenceState, allowed: ReferenceState["stage"]): E.Either<DomainError, void> {
  if (state.stage === allowed) return E.right(undefined);
  return E.left({
    code: "INVALID_TRANSITION",
    message: `${command.type} is not allowed when the link worker is ${state.stage} (allowed when ${allowed})`,
    stage: state.stage,
    command: command.type,
  });
}

export function decideReference(command: ReferenceCommand, state: ReferenceState): E.Either<DomainError, ReferenceEvent[]> {
  if (state.lastOccurredAt !== null && Date.parse(command.occurredAt) < Date.parse(state.lastOccurredAt)) {
    return E.left({
      code: "TIME_WENT_BACKWARDS",
      message: `${command.type} occurredAt ${command.occurredAt} is before the stream's latest event (${state.lastOccurredAt})`,
      occurredAt: command.occurredAt,
      lastOccurredAt: state.lastOccurredAt,
    });
  }
  const emit = (fact: Parameters<typeof eventsFor>[1][number]) => E.right(eventsFor(command, [fact]) as ReferenceEvent[]);
  switch (command.type) {
    case "RecordPcnListSize":
      return emit({ type: "PcnListSizeRecorded", data: { pcnId: command.pcnId, registeredPatients: command.registeredPatients } });
    case "RegisterLinkWorker":
      return E.flatMap(requireStage(command, state, "none"), () =>
        emit({ type: "LinkWorkerJoined", data: { linkWorkerId: command.linkWorkerId, pcnId: command.pcnId, fte: command.fte } }),
      );
    case "ChangeLinkWorkerFte":
      return E.flatMap(requireStage(command, state, "active"), () =>
        emit({ type: "LinkWorkerFteChanged", data: { linkWorkerId: command.linkWorkerId, fte: command.fte } }),
      );
    case "RecordLinkWorkerLeft":
      return E.flatMap(requireStage(command, state, "active"), () => emit({ type: "LinkWorkerLeft", data: { linkWorkerId: command.linkWorkerId } }));
  }
}

export function evolveReference(state: ReferenceState, event: ReferenceEvent): ReferenceState {
  const lastOccurredAt = event.metadata.occurredAt;
  switch (event.type) {
    case "PcnListSizeRecorded":
      return { ...state, stage: "active", lastOccurredAt };
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
      return { stage: "active", fte: event.data.fte, lastOccurredAt };
    case "LinkWorkerLeft":
      return { stage: "left", fte: 0, lastOccurredAt };
  }
}

const referenceEventTypes = new Set<string>(["PcnListSizeRecorded", "LinkWorkerJoined", "LinkWorkerFteChanged", "LinkWorkerLeft"]);

/** Reference data: PCN list sizes over time and link workers joining, changing hours and leaving. */
export const referenceDataDecider: Decider<ReferenceCommand, ReferenceState, ReferenceEvent> = {
  parse: (input) => {
    const parsed = ReferenceCommand.safeParse(input);
    return parsed.success ? E.right(parsed.data) : E.left(validationFailed("command", parsed.error));
  },
  streamId: (command) => (command.type === "RecordPcnListSize" ? pcnStream(command.pcnId) : linkWorkerStream(command.linkWorkerId)),
  decide: decideReference,
  evolve: evolveReference,
  initialState: initialReferenceState,
  owns: (event: LinkworkEvent): event is ReferenceEvent => referenceEventTypes.has(event.type),
};
