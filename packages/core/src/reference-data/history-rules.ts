import type { StreamRule } from "../history/stream-rule.js";
import type { ReferenceEvent } from "./events.js";
import { evolveReference } from "./evolve.js";
import { initialReferenceState, type ReferenceState } from "./state.js";

/** The employment stage each link-worker event must follow, as the decider requires. */
const requiredStage = { LinkWorkerJoined: "none", LinkWorkerFteChanged: "active", LinkWorkerLeft: "active" } as const;

/** What a PCN's or a link worker's stream requires: its events name its PCN or link worker, and employment runs joined, changes, left. */
export const referenceHistoryRule: StreamRule<ReferenceState, ReferenceEvent> = {
  initialState: initialReferenceState,
  evolve: evolveReference,
  refusal: (state, event, entityId) => {
    if (event.type === "PcnListSizeRecorded") {
      return event.data.pcnId === entityId
        ? null
        : { code: "ID_MISMATCH", path: "data.pcnId", message: `pcnId ${event.data.pcnId} is not the PCN of its stream (${entityId})` };
    }
    if (event.type === "LocalCodeRegistered") {
      if (event.data.list !== entityId) {
        return {
          code: "ID_MISMATCH",
          path: "data.list",
          message: `list ${event.data.list} is not the code list of its stream (${entityId})`,
        };
      }
      // As the decider refuses a duplicate, so does a history file (without repeating the code).
      return state.codes.has(event.data.code)
        ? { code: "INVALID_EVENT", path: "data.code", message: `the code is already registered in the ${entityId} list` }
        : null;
    }
    if (event.data.linkWorkerId !== entityId) {
      return {
        code: "ID_MISMATCH",
        path: "data.linkWorkerId",
        message: `linkWorkerId ${event.data.linkWorkerId} is not the link worker of its stream (${entityId})`,
      };
    }
    const required = requiredStage[event.type];
    return state.stage === required
      ? null
      : {
          code: "INVALID_TRANSITION",
          path: "type",
          message: `${event.type} cannot follow: the link worker is ${state.stage} (allowed when ${required})`,
        };
  },
};
