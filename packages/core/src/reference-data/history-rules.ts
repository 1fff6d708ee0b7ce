import type { StreamRule } from "../history/stream-rule.js";
import type { ReferenceEvent } from "./events.js";
import type { ReferenceState } from "./state.js";

/**
 * What the rules read of a reference stream: its stage, and a code list's registered codes (empty for
 * PCN and link-worker streams). A property test holds it to evolveReference.
 */
export interface ReferenceCheckState {
  readonly stage: ReferenceState["stage"];
  readonly codes: ReadonlySet<string>;
}

const noCodes: ReadonlySet<string> = new Set();
const initialReferenceCheckState: ReferenceCheckState = { stage: "none", codes: noCodes };

/** evolveReference on what the rules read. */
export function evolveReferenceCheck(state: ReferenceCheckState, event: ReferenceEvent): ReferenceCheckState {
  switch (event.type) {
    case "PcnListSizeRecorded":
    case "SocialPrescribingStarted":
    case "PracticeListCompositionRecorded":
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
      return { ...state, stage: "active" };
    case "LinkWorkerLeft":
      return { ...state, stage: "left" };
    case "LocalCodeRegistered":
      return { stage: "active", codes: new Set(state.codes).add(event.data.code) };
  }
}

/** The employment stage each link-worker event must follow, as the decider requires. */
const requiredStage = { LinkWorkerJoined: "none", LinkWorkerFteChanged: "active", LinkWorkerLeft: "active" } as const;

const stages: readonly ReferenceCheckState["stage"][] = ["none", "active", "left"];
const isCodes = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((code) => typeof code === "string");

/** The stage alone, or `[stage, codes]` for a code list. */
function encodeReferenceCheck(state: ReferenceCheckState): unknown {
  return state.codes.size === 0 ? state.stage : [state.stage, [...state.codes]];
}

function decodeReferenceCheck(data: unknown): ReferenceCheckState | null {
  const [stageData, codes] = Array.isArray(data) && data.length === 2 ? (data as readonly unknown[]) : [data, []];
  const stage = stages.find((known) => known === stageData);
  return stage === undefined || !isCodes(codes) ? null : { stage, codes: codes.length === 0 ? noCodes : new Set(codes) };
}

/** What a PCN's or a link worker's stream requires: its events name its PCN or link worker, and employment runs joined, changes, left. */
export const referenceHistoryRule: StreamRule<ReferenceCheckState, ReferenceEvent> = {
  initialState: initialReferenceCheckState,
  evolve: evolveReferenceCheck,
  encode: encodeReferenceCheck,
  decode: decodeReferenceCheck,
  refusal: ({ stage, codes }, event, entityId) => {
    if (
      event.type === "PcnListSizeRecorded" ||
      event.type === "SocialPrescribingStarted" ||
      event.type === "PracticeListCompositionRecorded"
    ) {
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
      return codes.has(event.data.code)
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
    return stage === required
      ? null
      : {
          code: "INVALID_TRANSITION",
          path: "type",
          message: `${event.type} cannot follow: the link worker is ${stage} (allowed when ${required})`,
        };
  },
};
