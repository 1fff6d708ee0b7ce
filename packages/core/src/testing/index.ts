// The public API of @linkwork/core/testing (test support: needs fast-check and vitest), one named export at a time.

// Arbitraries: ids, times, vocabularies, events
export {
  arbitraryAnswers,
  arbitraryCalendarDate,
  arbitraryCaseEvent,
  arbitraryConsent,
  arbitraryEvent,
  arbitraryEventMetadata,
  arbitraryFte,
  arbitraryGoal,
  arbitraryGoals,
  arbitraryInstant,
  arbitraryInstrumentAnswers,
  arbitraryLinkworkEvent,
  arbitraryNeed,
  arbitraryIdOf,
  arbitraryIdsOf,
  arbitraryOpaqueId,
  arbitraryOpaqueIds,
  arbitrarySupport,
  calendarDateAt,
  instantAt,
  DAY_MS,
  MINUTE_MS,
} from "./arbitraries.js";
export type { IdKind, TimeRange } from "./arbitraries.js";

// Arbitraries: case commands, lives and multi-case histories
export {
  arbitraryCaseCommand,
  arbitraryCaseCommandSequence,
  arbitraryCaseLife,
  arbitrarySchemePolicy,
  defaultLinkWorkerIds,
  defaultProviderIds,
} from "./case-arbitraries.js";
export type { CaseCommandConstraints, CaseCommandSequenceConstraints, CaseLifeConstraints } from "./case-arbitraries.js";
export { arbitraryHistory } from "./history-arbitrary.js";
export { localCodeRegistrations } from "./local-code-registrations.js";
export type { CountRange, History, HistoryCommand, HistoryConstraints } from "./history-arbitrary.js";

// Deciding cases in tests
export { foldCase, runCase } from "./case-run.js";
export type { CaseDecisionOptions, CaseRun, CaseStep } from "./case-run.js";
export { givenCase, givenCaseCommands } from "./given-when-then.js";
export type { CaseGiven, CaseWhen, EventFact, FailureExpectation, Subset } from "./given-when-then.js";
export { describeEventStoreContract, type StoreContractFixture, type StoreContractOptions } from "./store-contract.js";
export { describeKeyStoreContract, type KeyStoreContractFixture, type KeyStoreContractOptions } from "./key-store-contract.js";
export { notErased } from "./not-erased.js";

// The person register: arbitraries and the contract every register passes
export { arbitraryNhsNumber, arbitraryPersonDetails } from "./person-arbitraries.js";
export { describePersonRegisterContract } from "./person-register-contract.js";
export type { PersonRegisterFixture } from "./person-register-contract.js";

// The audit trail contract (docs/service.md)
export { describeAuditTrailContract } from "./audit-trail-contract.js";
export type { AuditTrailContractFixture, AuditTrailContractOptions } from "./audit-trail-contract.js";
