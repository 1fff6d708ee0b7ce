import type fc from "fast-check";
import type { ProviderCommandInput, ProviderEvent, ProviderState } from "@linkwork/core/provider";
import type * as E from "fp-ts/lib/Either.js";
import { describe, expectTypeOf, it } from "vitest";
import {
  decideCase,
  evolveCase,
  parseEvent,
  type linkwork,
  type CaseCommand,
  type CaseCommandInput,
  type CaseEvent,
  type CaseStage,
  type CaseState,
  type DomainError,
  type DomainErrorCode,
  type EventOf,
  type EventType,
  type Goal,
  type Handled,
  type HandleError,
  type LinkworkEvent,
  type Linkwork,
  type EventStore,
  type PersonUsageCommand,
  type PersonUsageEvent,
  type PersonUsageState,
  type ReferenceCommand,
  type ReferenceEvent,
  type ReferenceState,
  type PolicyRule,
  type SchemePolicy,
} from "@linkwork/core";
import {
  arbitraryCaseCommand,
  arbitraryCaseLife,
  arbitraryEvent,
  arbitraryHistory,
  arbitraryLinkworkEvent,
  runCase,
  type givenCase,
  type CaseRun,
  type EventFact,
  type History,
  type HistoryCommand,
} from "@linkwork/core/testing";
import type { Erased } from "@linkwork/core/personal-data";

// Compile-time tests of the public API (checked by `pnpm typecheck`, which covers test files):
// a change that loosens or breaks these types fails the type check, not a runtime assertion.

describe("the case decider's types", () => {
  it("decideCase takes unknown input and returns Either<DomainError, CaseEvent[]>", () => {
    expectTypeOf(decideCase).parameter(0).toBeUnknown();
    expectTypeOf(decideCase).parameter(1).toEqualTypeOf<CaseState>();
    expectTypeOf(decideCase).returns.toEqualTypeOf<E.Either<DomainError, CaseEvent[]>>();
  });

  it("evolveCase folds a CaseEvent into a CaseState", () => {
    expectTypeOf(evolveCase).toEqualTypeOf<(state: CaseState, event: CaseEvent) => CaseState>();
  });

  it("DomainError codes are a closed union, and each code carries its own fields", () => {
    expectTypeOf<DomainErrorCode>().toEqualTypeOf<
      | "VALIDATION_FAILED"
      | "INVALID_TRANSITION"
      | "POLICY_VIOLATION"
      | "UNKNOWN_REFERENCE"
      | "TIME_WENT_BACKWARDS"
      | "COMMAND_ID_REUSED"
      | "OCCURRED_IN_FUTURE"
      | "FORBIDDEN"
    >();
    expectTypeOf<Extract<DomainError, { code: "POLICY_VIOLATION" }>["rule"]>().toEqualTypeOf<PolicyRule>();
    expectTypeOf<Extract<DomainError, { code: "INVALID_TRANSITION" }>>().toHaveProperty("stage").toBeString();
    expectTypeOf<Extract<DomainError, { code: "VALIDATION_FAILED" }>["issues"][number]>().toEqualTypeOf<{
      readonly path: string;
      readonly message: string;
    }>();
    expectTypeOf<Extract<DomainError, { code: "UNKNOWN_REFERENCE" }>>().not.toHaveProperty("issues");
  });

  it("a case's stage is one of eight", () => {
    expectTypeOf<CaseStage>().toEqualTypeOf<
      "none" | "referred" | "accepted" | "in_conversation" | "plan_agreed" | "rejected" | "declined" | "closed"
    >();
  });
});

describe("event types", () => {
  it("EventOf<'PlanAgreed'>['data']['goals'] is Goal[] or, once its person is erased, Erased", () => {
    expectTypeOf<EventOf<"PlanAgreed">["data"]["goals"]>().toEqualTypeOf<Goal[] | Erased>();
    expectTypeOf<Goal>().toEqualTypeOf<{ goalId: string; need: string; noteRef?: string | undefined }>();
  });

  it("EventOf narrows by type, with the current schema version as a literal", () => {
    expectTypeOf<EventOf<"ReferralReceived">["schemaVersion"]>().toEqualTypeOf<3>();
    expectTypeOf<EventOf<"ReferralReceived">["data"]["consent"]>().toEqualTypeOf<{
      contact: boolean;
      shareOutcomeWithReferrer: boolean;
      evaluation: boolean;
    }>();
    expectTypeOf<EventOf<"FeedbackSentToReferrer">["data"]["snomedCode"]>().toEqualTypeOf<"871731000000106" | "871711000000103" | null>();
    expectTypeOf<CaseEvent>().toExtend<LinkworkEvent>();
    expectTypeOf<LinkworkEvent["type"]>().toEqualTypeOf<EventType>();
  });

  it("parseEvent returns Either<DomainError, LinkworkEvent>", () => {
    expectTypeOf(parseEvent).returns.toEqualTypeOf<E.Either<DomainError, LinkworkEvent>>();
  });

  it("command input leaves defaulted fields optional; the validated command has them", () => {
    expectTypeOf<Extract<CaseCommandInput, { type: "CloseCase" }>["notifyReferrer"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Extract<CaseCommand, { type: "CloseCase" }>["notifyReferrer"]>().toEqualTypeOf<boolean>();
  });
});

/** Never run: the expectations below are checked by the compiler (pnpm typecheck). */
function handleTypes(
  handle: Linkwork["handle"],
  inputs: {
    caseCommand: CaseCommandInput;
    usage: PersonUsageCommand;
    reference: ReferenceCommand;
    provider: ProviderCommandInput;
    anything: unknown;
  },
) {
  expectTypeOf(handle(inputs.provider)).resolves.toEqualTypeOf<E.Either<HandleError, Handled<ProviderState, ProviderEvent>>>();
  expectTypeOf(handle(inputs.caseCommand)).resolves.toEqualTypeOf<E.Either<HandleError, Handled<CaseState, CaseEvent>>>();
  expectTypeOf(handle(inputs.usage)).resolves.toEqualTypeOf<E.Either<HandleError, Handled<PersonUsageState, PersonUsageEvent>>>();
  expectTypeOf(handle(inputs.reference)).resolves.toEqualTypeOf<E.Either<HandleError, Handled<ReferenceState, ReferenceEvent>>>();
  expectTypeOf(handle(inputs.anything)).resolves.toEqualTypeOf<
    E.Either<
      HandleError,
      | Handled<CaseState, CaseEvent>
      | Handled<PersonUsageState, PersonUsageEvent>
      | Handled<ReferenceState, ReferenceEvent>
      | Handled<ProviderState, ProviderEvent>
    >
  >();
}

describe("the command handler's types", () => {
  it("linkwork(store).handle answers each command family's events and state; input of unknown shape, any family's", () => {
    expectTypeOf(handleTypes).toBeFunction();
    expectTypeOf<Parameters<typeof linkwork>[0]>().toEqualTypeOf<EventStore>();
    expectTypeOf<HandleError["code"]>().toExtend<string>();
  });
});

describe("@linkwork/core/testing types", () => {
  it("arbitraries are typed by what they generate", () => {
    expectTypeOf(arbitraryEvent("PlanAgreed")).toEqualTypeOf<fc.Arbitrary<EventOf<"PlanAgreed">>>();
    expectTypeOf(arbitraryLinkworkEvent()).toEqualTypeOf<fc.Arbitrary<LinkworkEvent>>();
    expectTypeOf(arbitraryCaseLife()).toEqualTypeOf<fc.Arbitrary<CaseCommand[]>>();
    expectTypeOf(arbitraryCaseCommand()).toEqualTypeOf<fc.Arbitrary<CaseCommand>>();
    expectTypeOf(arbitraryHistory()).toEqualTypeOf<fc.Arbitrary<History>>();
    expectTypeOf<History["commands"][number]>().toEqualTypeOf<HistoryCommand>();
    expectTypeOf<History["policy"]>().toEqualTypeOf<SchemePolicy>();
  });

  it("a history's commands cover every stream's commands", () => {
    expectTypeOf<
      "ReceiveReferral" | "RecordHealthcareUsage" | "EnrolInComparisonCohort" | "RegisterLinkWorker" | "RecordPcnListSize"
    >().toExtend<HistoryCommand["type"]>();
  });

  it("given / when / then: thenEvents takes facts typed by event type, thenFails returns the DomainError", () => {
    type When = ReturnType<ReturnType<typeof givenCase>["when"]>;
    expectTypeOf<When["thenFails"]>().returns.toEqualTypeOf<DomainError>();
    expectTypeOf<When["then"]>().returns.toEqualTypeOf<CaseEvent[]>();
    expectTypeOf<When["result"]>().toEqualTypeOf<E.Either<DomainError, CaseEvent[]>>();
    expectTypeOf<{ type: "PlanAgreed"; data: { goals: Goal[] } }>().toExtend<EventFact>();
    expectTypeOf<{ type: "PlanAgreed"; data: { goals: string } }>().not.toExtend<EventFact>();
    expectTypeOf<{ type: "PlanAgreed"; data: { reason: "goals_met" } }>().not.toExtend<EventFact>();
    type Expected = Parameters<When["thenFails"]>[0];
    expectTypeOf<"POLICY_VIOLATION">().toExtend<Expected>();
    expectTypeOf<{ code: "VALIDATION_FAILED"; issues: { path: string }[] }>().toExtend<Expected>();
    expectTypeOf<(error: DomainError) => boolean>().toExtend<Expected>();
    expectTypeOf<"NOT_A_CODE">().not.toExtend<Expected>();
    expectTypeOf<{ code: "NOT_A_CODE" }>().not.toExtend<Expected>();
    expectTypeOf<{ code: "POLICY_VIOLATION"; rule: "noSuchRule" }>().not.toExtend<Expected>();
  });

  it("runCase returns the run's steps, events and final state", () => {
    expectTypeOf(runCase).returns.toEqualTypeOf<CaseRun>();
    expectTypeOf<CaseRun["events"]>().toEqualTypeOf<readonly CaseEvent[]>();
    expectTypeOf<CaseRun["state"]>().toEqualTypeOf<CaseState>();
  });
});
