import type { Decider } from "../decider/decider.js";
import { commandParser } from "../decider/parse-command.js";
import { eventCatalogue, type LinkworkEvent } from "../events/catalogue.js";
import { personStream } from "../events/streams.js";
import { PersonUsageCommand } from "./commands.js";
import { decidePersonUsage } from "./decide.js";
import type { PersonUsageEvent } from "./events.js";
import { evolvePersonUsage } from "./evolve.js";
import { initialPersonUsageState, type PersonUsageState } from "./state.js";

/** Healthcare usage and comparison-cohort enrolment, one stream per person. */
export const personUsageDecider: Decider<PersonUsageCommand, PersonUsageState, PersonUsageEvent> = {
  parse: commandParser(PersonUsageCommand),
  streamId: (command) => personStream(command.personId),
  decide: decidePersonUsage,
  evolve: evolvePersonUsage,
  initialState: initialPersonUsageState,
  owns: (event: LinkworkEvent): event is PersonUsageEvent => eventCatalogue[event.type].category === "person",
};
