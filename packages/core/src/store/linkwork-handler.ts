import * as E from "fp-ts/lib/Either.js";
import type { z } from "zod";
import { caseDecider } from "../case/decider.js";
import { openSchemePolicy, type SchemePolicy } from "../case/policy.js";
import type { CaseEvent } from "../case/events.js";
import type { CaseState } from "../case/state.js";
import { CaseCommand, type CaseCommandInput } from "../case/commands.js";
import { fieldInvalid, validationFailed, type DomainError } from "../errors.js";
import { CaseId } from "../identifiers.js";
import type { CodeList } from "../reference-data/events.js";
import { localCodeUses, mayUseLocalCode, unregisteredLocalCode, type LocalCodeUse } from "../reference-data/local-codes.js";
import { caseStream, codeListStream } from "../events/streams.js";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import { standardInstruments } from "../instruments/standard-instruments.js";
import { PersonUsageCommand } from "../person-usage/commands.js";
import { personUsageDecider } from "../person-usage/decider.js";
import type { PersonUsageEvent } from "../person-usage/events.js";
import type { PersonUsageState } from "../person-usage/state.js";
import { ReferenceCommand } from "../reference-data/commands.js";
import { referenceDataDecider } from "../reference-data/decider.js";
import type { ReferenceEvent } from "../reference-data/events.js";
import type { ReferenceState } from "../reference-data/state.js";
import { ProviderCommand, type ProviderCommandInput } from "../provider/commands.js";
import { providerDecider } from "../provider/decider.js";
import { providerLocalCodeUses } from "../provider/local-code-uses.js";
import type { ProviderEvent } from "../provider/events.js";
import type { ProviderState } from "../provider/state.js";
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
  ...ProviderCommand.options.map((option) => option.shape.type.value),
];

const caseTypes = new Set<string>(CaseCommand.options.map((option) => option.shape.type.value));
const usageTypes = new Set<string>(PersonUsageCommand.options.map((option) => option.shape.type.value));
const referenceTypes = new Set<string>(ReferenceCommand.options.map((option) => option.shape.type.value));
const providerTypes = new Set<string>(ProviderCommand.options.map((option) => option.shape.type.value));

/** A handled case command: the case's events and state. */
type HandledCase = Handled<CaseState, CaseEvent>;
/** A handled healthcare-usage command: the person's usage events and state. */
type HandledPersonUsage = Handled<PersonUsageState, PersonUsageEvent>;
/** A handled reference-data command: the PCN's or link worker's events and state. */
type HandledReference = Handled<ReferenceState, ReferenceEvent>;
/** A handled provider command: the provider's events and state. */
type HandledProvider = Handled<ProviderState, ProviderEvent>;
type Handling<Result> = Promise<E.Either<HandleError, Result>>;

export interface Linkwork {
  /**
   * Handles any Linkwork command (case, healthcare usage, reference data or provider), routed by its `type`.
   * A command typed as one family answers that family's events and state; input of unknown shape
   * answers whichever family its `type` names.
   */
  handle(input: CaseCommandInput): Handling<HandledCase>;
  handle(input: z.input<typeof PersonUsageCommand>): Handling<HandledPersonUsage>;
  handle(input: z.input<typeof ReferenceCommand>): Handling<HandledReference>;
  handle(input: ProviderCommandInput): Handling<HandledProvider>;
  handle(input: unknown): Handling<HandledCase | HandledPersonUsage | HandledReference | HandledProvider>;
  /** The current state of one case; VALIDATION_FAILED naming `caseId` when it is not a case id. */
  loadCase(caseId: string): Promise<E.Either<HandleError, { readonly state: CaseState; readonly version: StreamVersion }>>;
}

/** The one entry point an embedding service needs: a store, a scheme policy, and commands in. */
export function linkwork(store: EventStore, options: LinkworkOptions = {}): Linkwork {
  const caseRules = caseDecider(options.policy ?? openSchemePolicy, options.instruments ?? standardInstruments);
  const cases = commandHandler(store, caseRules, options);
  const usage = commandHandler(store, personUsageDecider, options);
  const reference = commandHandler(store, referenceDataDecider, options);
  const providers = commandHandler(store, providerDecider, options);

  /**
   * A case command may use a local code only once its list has registered it. The registered codes
   * live in their own streams (`codelist-need`, `codelist-support`), so the check belongs here, where
   * streams are read, and not in decide, which stays pure and sees one stream: the handler loads the
   * lists the command uses, as it loads the case, and refuses an unregistered code before deciding.
   * Codes are only ever added, so one registered when checked is still registered when appended.
   */
  async function handleCase(input: unknown): Handling<HandledCase> {
    if (!mayUseLocalCode(input)) return cases.handle(input);
    const parsed = caseRules.parse(input);
    if (E.isLeft(parsed)) return parsed;
    const unregistered = await unregisteredIn(localCodeUses(parsed.right));
    if (E.isLeft(unregistered)) return unregistered;
    return unregistered.right === null ? cases.handle(parsed.right) : E.left(unregistered.right);
  }

  /** The first code of these uses its list has not registered (null when none), reading the lists they name. */
  async function unregisteredIn(codeUses: readonly LocalCodeUse[]): Promise<E.Either<HandleError, DomainError | null>> {
    const registered: { [List in CodeList]?: ReadonlySet<string> } = {};
    for (const list of new Set(codeUses.map((use) => use.list))) {
      const loaded = await reference.load(codeListStream(list));
      if (E.isLeft(loaded)) return loaded;
      registered[list] = loaded.right.state.codes;
    }
    return E.right(unregisteredLocalCode(codeUses, registered));
  }

  /** A provider's listing and grants name support categories and needs: local ones must be registered, as for cases. */
  async function handleProvider(input: unknown): Handling<HandledProvider> {
    const parsed = providerDecider.parse(input);
    if (E.isLeft(parsed)) return parsed;
    const codeUses = providerLocalCodeUses(parsed.right);
    if (codeUses.length === 0) return providers.handle(parsed.right);
    const unregistered = await unregisteredIn(codeUses);
    if (E.isLeft(unregistered)) return unregistered;
    return unregistered.right === null ? providers.handle(parsed.right) : E.left(unregistered.right);
  }

  function handle(input: CaseCommandInput): Handling<HandledCase>;
  function handle(input: z.input<typeof PersonUsageCommand>): Handling<HandledPersonUsage>;
  function handle(input: z.input<typeof ReferenceCommand>): Handling<HandledReference>;
  function handle(input: ProviderCommandInput): Handling<HandledProvider>;
  function handle(input: unknown): Handling<HandledCase | HandledPersonUsage | HandledReference | HandledProvider>;
  async function handle(input: unknown): Handling<HandledCase | HandledPersonUsage | HandledReference | HandledProvider> {
    const type = typeof input === "object" && input !== null && "type" in input ? input.type : undefined;
    if (typeof type === "string" && caseTypes.has(type)) return handleCase(input);
    if (typeof type === "string" && usageTypes.has(type)) return usage.handle(input);
    if (typeof type === "string" && referenceTypes.has(type)) return reference.handle(input);
    if (typeof type === "string" && providerTypes.has(type)) return handleProvider(input);
    return E.left(fieldInvalid("command", "type", `must be one of ${commandTypes.join(", ")}`));
  }
  return {
    handle,
    loadCase: (caseId) => {
      const valid = CaseId.safeParse(caseId);
      return valid.success
        ? cases.load(caseStream(valid.data))
        : Promise.resolve(E.left(validationFailed("case id", valid.error, "caseId")));
    },
  };
}
