import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { z } from "zod";
import { caseDecider } from "../case/decider.js";
import { openSchemePolicy, type SchemePolicy, type SchemePolicyResolver } from "../case/policy.js";
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
import { acting, stringField } from "../authorisation/acting.js";
import type { Access, CommandFamily } from "../authorisation/access.js";
import type { Actor } from "../authorisation/actor.js";
import type { AuditTrail } from "../authorisation/audit-trail.js";
import type { Authoriser } from "../authorisation/authoriser.js";
import { ProviderCommand, type ProviderCommandInput } from "../provider/commands.js";
import { providerDecider } from "../provider/decider.js";
import { providerLocalCodeUses } from "../provider/local-code-uses.js";
import type { ProviderEvent } from "../provider/events.js";
import type { ProviderState } from "../provider/state.js";
import { commandHandler, type CommandHandlerOptions, type HandleError, type Handled } from "./command-handler.js";
import type { EventStore, StreamVersion } from "./event-store.js";

export interface LinkworkOptions extends CommandHandlerOptions {
  /** One scheme's policy, or a resolver from PCN code to policy when the service hosts several schemes. */
  readonly policy?: SchemePolicy | SchemePolicyResolver;
  readonly instruments?: InstrumentRegistry;
  /**
   * Decides, before anything is read for an actor or decided, whether they may (docs/service.md);
   * with it set, every call must name an actor. `roleBasedAuthoriser` (`@linkwork/core/authorisation`)
   * holds the rules of issue 18.
   */
  readonly authorise?: Authoriser;
  /** Where every read of a case, and every command sent to one, by an actor is recorded, before it happens. */
  readonly auditTrail?: AuditTrail;
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

/** The family a command's `type` names, or null for an unknown type. */
function routeOf(input: unknown): { readonly family: CommandFamily; readonly type: string } | null {
  const type = typeof input === "object" && input !== null && "type" in input ? input.type : undefined;
  if (typeof type !== "string") return null;
  if (caseTypes.has(type)) return { family: "case", type };
  if (usageTypes.has(type)) return { family: "personUsage", type };
  if (referenceTypes.has(type)) return { family: "referenceData", type };
  if (providerTypes.has(type)) return { family: "provider", type };
  return null;
}

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
   * With an actor, `recordedBy` is the actor's `who` (an input naming someone else is refused) and
   * the authoriser decides first; a case command is audited.
   */
  handle(input: CaseCommandInput, actor?: Actor): Handling<HandledCase>;
  handle(input: z.input<typeof PersonUsageCommand>, actor?: Actor): Handling<HandledPersonUsage>;
  handle(input: z.input<typeof ReferenceCommand>, actor?: Actor): Handling<HandledReference>;
  handle(input: ProviderCommandInput, actor?: Actor): Handling<HandledProvider>;
  handle(input: unknown, actor?: Actor): Handling<HandledCase | HandledPersonUsage | HandledReference | HandledProvider>;
  /**
   * The current state of one case; VALIDATION_FAILED naming `caseId` when it is not a case id. With
   * an actor, the authoriser decides on the case's PCN and the read is audited before it is answered.
   */
  loadCase(caseId: string, actor?: Actor): Promise<E.Either<HandleError, { readonly state: CaseState; readonly version: StreamVersion }>>;
  /** The authoriser's verdict on an access linkwork does not serve itself (reports, exports); allowed when none is set. */
  authorise(actor: Actor | undefined, access: Access): E.Either<DomainError, Access>;
  /**
   * Drops any cached state of the stream (a case's, a person's usage, ...), for a caller done with
   * it, such as a closed case, so memory follows the streams in use. Nothing is lost: a later command
   * or read loads the stream back from the store, as after the cache evicted it. Reads and writes nothing.
   */
  release(streamId: string): void;
}

/** The one entry point an embedding service needs: a store, a scheme policy, and commands in. */
export function linkwork(store: EventStore, options: LinkworkOptions = {}): Linkwork {
  const caseRules = caseDecider(options.policy ?? openSchemePolicy, options.instruments ?? standardInstruments);
  const cases = commandHandler(store, caseRules, options);
  const usage = commandHandler(store, personUsageDecider, options);
  const reference = commandHandler(store, referenceDataDecider, options);
  const providers = commandHandler(store, providerDecider, options);
  const guard = acting({
    ...(options.authorise === undefined ? {} : { authorise: options.authorise }),
    ...(options.auditTrail === undefined ? {} : { auditTrail: options.auditTrail }),
    clock: options.clock ?? Date.now,
  });

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

  function handle(input: CaseCommandInput, actor?: Actor): Handling<HandledCase>;
  function handle(input: z.input<typeof PersonUsageCommand>, actor?: Actor): Handling<HandledPersonUsage>;
  function handle(input: z.input<typeof ReferenceCommand>, actor?: Actor): Handling<HandledReference>;
  function handle(input: ProviderCommandInput, actor?: Actor): Handling<HandledProvider>;
  function handle(input: unknown, actor?: Actor): Handling<HandledCase | HandledPersonUsage | HandledReference | HandledProvider>;
  async function handle(input: unknown, actor?: Actor): Handling<HandledCase | HandledPersonUsage | HandledReference | HandledProvider> {
    const routed = routeOf(input);
    if (routed === null) return E.left(fieldInvalid("command", "type", `must be one of ${commandTypes.join(", ")}`));
    const { family, type } = routed;
    const checked = guard.actor(actor);
    if (E.isLeft(checked)) return checked;
    const command = guard.asRecordedBy(input, checked.right);
    if (E.isLeft(command)) return command;
    if (family === "case") return actingOnCase(command.right, type, checked.right);
    const allowed = guard.authorise(checked.right, { kind: "command", family, type, pcnId: stringField(command.right, "pcnId") });
    if (E.isLeft(allowed)) return allowed;
    switch (family) {
      case "personUsage":
        return usage.handle(command.right);
      case "referenceData":
        return reference.handle(command.right);
      case "provider":
        return handleProvider(command.right);
    }
  }

  /**
   * A case command for an actor: the case's PCN is read first (it never changes once referred), the
   * authoriser decides on it, the access is audited, and only then is the command decided. A command
   * other than a referral, on a case not yet referred, is answered as decide answers it there, without
   * handling: a referral made meanwhile by another PCN can never be acted on under this check.
   */
  async function actingOnCase(input: unknown, type: string, actor: Actor | null): Handling<HandledCase> {
    if (actor === null) return handleCase(input);
    const caseId = CaseId.safeParse(stringField(input, "caseId"));
    if (!caseId.success) return handleCase(input); // refused by validation, naming caseId
    const loaded = await cases.load(caseStream(caseId.data));
    if (E.isLeft(loaded)) return loaded;
    const referral = type === "ReceiveReferral";
    const pcnId = loaded.right.state.pcnId ?? (referral ? stringField(input, "pcnId") : null);
    const allowed = guard.authorise(actor, { kind: "command", family: "case", type, pcnId });
    const audited = await guard.audit(actor, caseId.data, "caseCommand", E.isRight(allowed));
    if (E.isLeft(allowed)) return allowed;
    if (E.isLeft(audited)) return audited;
    if (loaded.right.state.stage === "none" && !referral) {
      const refusal = pipe(
        caseRules.parse(input),
        E.flatMap((command) => caseRules.decide(command, caseRules.initialState)),
      );
      if (E.isLeft(refusal)) return refusal;
    }
    return handleCase(input);
  }

  return {
    handle,
    loadCase: async (caseId, actor) => {
      const valid = CaseId.safeParse(caseId);
      if (!valid.success) return E.left(validationFailed("case id", valid.error, "caseId"));
      const checked = guard.actor(actor);
      if (E.isLeft(checked)) return checked;
      const loaded = await cases.load(caseStream(valid.data));
      if (E.isLeft(loaded) || checked.right === null) return loaded;
      const allowed = guard.authorise(checked.right, { kind: "readCase", pcnId: loaded.right.state.pcnId });
      // Audited before it is answered: a read the trail could not record is not answered.
      const audited = await guard.audit(checked.right, valid.data, "readCase", E.isRight(allowed));
      if (E.isLeft(allowed)) return allowed;
      return E.isLeft(audited) ? audited : loaded;
    },
    authorise: (actor, access) =>
      pipe(
        guard.actor(actor),
        E.flatMap((checked) => guard.authorise(checked, access)),
      ),
    release: (streamId) => {
      // A stream belongs to one family; the others hold nothing under its id.
      for (const family of [cases, usage, reference, providers]) family.release(streamId);
    },
  };
}
