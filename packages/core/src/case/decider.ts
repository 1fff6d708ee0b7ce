import * as E from "fp-ts/lib/Either.js";
import type { Decider } from "../decider/decider.js";
import { fieldInvalid, type DomainError } from "../errors.js";
import type { CaseCommand } from "./commands.js";
import { eventCatalogue, type LinkworkEvent } from "../events/catalogue.js";
import type { CaseEvent } from "./events.js";
import { caseStream } from "../events/streams.js";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import { standardInstruments } from "../instruments/standard-instruments.js";
import { decideCaseCommand, parseCaseCommand } from "./decide.js";
import { evolveCase } from "./evolve.js";
import { openSchemePolicy, type SchemePolicy, type SchemePolicyResolver } from "./policy.js";
import { initialCaseState, type CaseState } from "./state.js";

/**
 * The policy a command is decided under: the scheme of the case's PCN (the referral's own PCN for
 * ReceiveReferral). A case not yet referred has no PCN, and decide refuses anything but a referral
 * there whatever the policy, so the open policy stands in.
 */
export function policyForCommand(
  policies: SchemePolicy | SchemePolicyResolver,
  command: CaseCommand,
  state: CaseState,
): E.Either<DomainError, SchemePolicy> {
  if (typeof policies !== "function") return E.right(policies);
  const pcnId = command.type === "ReceiveReferral" ? command.pcnId : state.pcnId;
  if (pcnId === null) return E.right(openSchemePolicy);
  const policy = policies(pcnId);
  return policy === undefined
    ? E.left(
        fieldInvalid(
          "command",
          command.type === "ReceiveReferral" ? "pcnId" : "caseId",
          `no scheme of this service runs for PCN "${pcnId}"`,
        ),
      )
    : E.right(policy);
}

/**
 * The case decider bound to a scheme's policy (or a resolver from PCN to policy, so one handler
 * serves several schemes) and instruments, for the command handler.
 */
export function caseDecider(
  policy: SchemePolicy | SchemePolicyResolver = openSchemePolicy,
  instruments: InstrumentRegistry = standardInstruments,
): Decider<CaseCommand, CaseState, CaseEvent> {
  return {
    parse: parseCaseCommand,
    streamId: (command) => caseStream(command.caseId),
    decide: (command, state) =>
      E.flatMap((resolved: SchemePolicy) => decideCaseCommand(command, state, resolved, instruments))(
        policyForCommand(policy, command, state),
      ),
    evolve: evolveCase,
    initialState: initialCaseState,
    owns: (event: LinkworkEvent): event is CaseEvent => eventCatalogue[event.type].category === "case",
  };
}
