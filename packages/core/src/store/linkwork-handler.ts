import * as E from "fp-ts/lib/Either.js";
import { caseDecider } from "../case/decider.js";
import { openSchemePolicy, type SchemePolicy } from "../case/policy.js";
import type { CaseState } from "../case/state.js";
import { CaseCommand } from "../case/commands.js";
import { fieldInvalid } from "../errors.js";
import type { LinkworkEvent } from "../events/catalogue.js";
import { caseStream } from "../events/streams.js";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import { standardInstruments } from "../instruments/standard-instruments.js";
import { PersonUsageCommand } from "../person-usage/commands.js";
import { personUsageDecider } from "../person-usage/decider.js";
import { ReferenceCommand } from "../reference-data/commands.js";
import { referenceDataDecider } from "../reference-data/decider.js";
import { commandHandler, type CommandHandlerOptions, type HandleError, type Handled } from "./command-handler.js";
import type { EventStore, StreamVersion } from "./event-store.js";

export interface LinkworkOptions extends CommandHandlerOptions {
  readonly policy?: SchemePolicy;
  readonly instruments?: InstrumentRegistry;
}

/** Every command type Linkwork handles, for routing and for error messages. */
export const commandTypes: readonly string[] = [
  ...CaseCommand.options.map((option) => option.shape.type.value),
  ...PersonUsageCommand.options.map((option) => option.shape.type.value),
  ...ReferenceCommand.options.map((option) => option.shape.type.value),
];

const caseTypes = new Set<string>(CaseCommand.options.map((option) => option.shape.type.value));
const usageTypes = new Set<string>(PersonUsageCommand.options.map((option) => option.shape.type.value));
const referenceTypes = new Set<string>(ReferenceCommand.options.map((option) => option.shape.type.value));

export interface Linkwork {
  /** Handles any Linkwork command (case, healthcare usage or reference data), routed by its `type`. */
  handle(input: unknown): Promise<E.Either<HandleError, Handled<unknown, LinkworkEvent>>>;
  /** The current state of one case. */
  loadCase(caseId: string): Promise<E.Either<HandleError, { readonly state: CaseState; readonly version: StreamVersion }>>;
}

/** The one entry point an embedding service needs: a store, a scheme policy, and commands in. */
export function linkwork(store: EventStore, options: LinkworkOptions = {}): Linkwork {
  const cases = commandHandler(store, caseDecider(options.policy ?? openSchemePolicy, options.instruments ?? standardInstruments), options);
  const usage = commandHandler(store, personUsageDecider, options);
  const reference = commandHandler(store, referenceDataDecider, options);
  return {
    handle: async (input) => {
      const type = typeof input === "object" && input !== null && "type" in input ? (input).type : undefined;
      if (typeof type === "string" && caseTypes.has(type)) return cases.handle(input);
      if (typeof type === "string" && usageTypes.has(type)) return usage.handle(input);
      if (typeof type === "string" && referenceTypes.has(type)) return reference.handle(input);
      return E.left(fieldInvalid("command", "type", `must be one of ${commandTypes.join(", ")}`));
    },
    loadCase: (caseId) => cases.load(caseStream(caseId)),
  };
}
