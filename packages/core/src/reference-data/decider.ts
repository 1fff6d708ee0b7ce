import type { Decider } from "../decider/decider.js";
import { commandParser } from "../decider/parse-command.js";
import { eventCatalogue, type LinkworkEvent } from "../events/catalogue.js";
import { codeListStream, linkWorkerStream, pcnStream } from "../events/streams.js";
import { ReferenceCommand } from "./commands.js";
import { decideReference } from "./decide.js";
import type { ReferenceEvent } from "./events.js";
import { evolveReference } from "./evolve.js";
import { initialReferenceState, type ReferenceState } from "./state.js";

/** Reference data: PCN list sizes over time, link workers joining, changing hours and leaving, and local codes. */
export const referenceDataDecider: Decider<ReferenceCommand, ReferenceState, ReferenceEvent> = {
  parse: commandParser(ReferenceCommand),
  streamId: (command) => {
    switch (command.type) {
      case "RecordPcnListSize":
      case "RecordSocialPrescribingStart":
      case "RecordPracticeListComposition":
        return pcnStream(command.pcnId);
      case "RegisterLocalCode":
        return codeListStream(command.list);
      default:
        return linkWorkerStream(command.linkWorkerId);
    }
  },
  decide: decideReference,
  evolve: evolveReference,
  initialState: initialReferenceState,
  owns: (event: LinkworkEvent): event is ReferenceEvent => {
    const category = eventCatalogue[event.type].category;
    return category === "pcn" || category === "linkworker" || category === "codelist";
  },
};
