import type { Decider } from "../decider/decider.js";
import type { CaseCommand } from "./commands.js";
import { eventCatalogue, type LinkworkEvent } from "../events/catalogue.js";
import type { CaseEvent } from "./events.js";
import { caseStream } from "../events/streams.js";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import { standardInstruments } from "../instruments/standard-instruments.js";
import { decideCaseCommand, parseCaseCommand } from "./decide.js";
import { evolveCase } from "./evolve.js";
import { openSchemePolicy, type SchemePolicy } from "./policy.js";
import { initialCaseState, type CaseState } from "./state.js";

/** The case decider bound to a scheme's policy and instruments, for the command handler. */
export function caseDecider(
  policy: SchemePolicy = openSchemePolicy,
  instruments: InstrumentRegistry = standardInstruments,
): Decider<CaseCommand, CaseState, CaseEvent> {
  return {
    parse: parseCaseCommand,
    streamId: (command) => caseStream(command.caseId),
    decide: (command, state) => decideCaseCommand(command, state, policy, instruments),
    evolve: evolveCase,
    initialState: initialCaseState,
    owns: (event: LinkworkEvent): event is CaseEvent => eventCatalogue[event.type].category === "case",
  };
}
