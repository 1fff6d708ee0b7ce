import type { StreamRule } from "../history/stream-rule.js";
import type { ReferenceEvent } from "./events.js";
import type { ReferenceState } from "./state.js";

/** What the rules read of a PCN's or link worker's stream: its stage (a property test holds it to evolveReference). */
export type ReferenceCheckState = ReferenceState["stage"];

/** evolveReference on what the rules read. */
export function evolveReferenceCheck(_stage: ReferenceCheckState, event: ReferenceEvent): ReferenceCheckState {
  switch (event.type) {
    case "PcnListSizeRecorded":
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
      return "active";
    case "LinkWorkerLeft":
      return "left";
  }
}

/** The employment stage each link-worker event must follow, as the decider requires. */
const requiredStage = { LinkWorkerJoined: "none", LinkWorkerFteChanged: "active", LinkWorkerLeft: "active" } as const;

const stages: readonly ReferenceCheckState[] = ["none", "active", "left"];

/** What a PCN's or a link worker's stream requires: its events name its PCN or link worker, and employment runs joined, changes, left. */
export const referenceHistoryRule: StreamRule<ReferenceCheckState, ReferenceEvent> = {
  initialState: "none",
  evolve: evolveReferenceCheck,
  encode: (stage) => stage,
  decode: (data) => stages.find((stage) => stage === data) ?? null,
  refusal: (stage, event, entityId) => {
    if (event.type === "PcnListSizeRecorded") {
      return event.data.pcnId === entityId
        ? null
        : { code: "ID_MISMATCH", path: "data.pcnId", message: `pcnId ${event.data.pcnId} is not the PCN of its stream (${entityId})` };
    }
    if (event.data.linkWorkerId !== entityId) {
      return {
        code: "ID_MISMATCH",
        path: "data.linkWorkerId",
        message: `linkWorkerId ${event.data.linkWorkerId} is not the link worker of its stream (${entityId})`,
      };
    }
    const required = requiredStage[event.type];
    return stage === required
      ? null
      : {
          code: "INVALID_TRANSITION",
          path: "type",
          message: `${event.type} cannot follow: the link worker is ${stage} (allowed when ${required})`,
        };
  },
};
