import * as E from "fp-ts/lib/Either.js";
import { LinkworkEvent, streamCategory, streamEntityId, type RecordedEvent } from "@linkwork/core";
import { isErased, type Erased } from "@linkwork/core/personal-data";
import { coarsenDate, coarsenInstant, type DateGranularity } from "./date-coarsening.js";
import { pseudonymEventId, pseudonymUuid, type PseudonymKind, type RecipientKey } from "./recipient-key.js";

/**
 * One event as an evaluation export writes it. Every id that leads to a person is replaced by its
 * keyed pseudonym (person, case, link worker, goal, connection and follow-up ids, who recorded it,
 * the command and correlation ids, the event id); references into the local record (`noteRef`,
 * `whatMattersRef`), the referrer's id and the command digest are left out; dates are coarsened.
 * PCN, practice and provider ids name organisations (ODS codes) and are kept: the analysis is by
 * PCN. Counts, codes and scores are kept as they are. The result is checked against the event's
 * schema: a Left names what the schema refused (a bug here, never the input's fault).
 */
export function pseudonymisedEvent(recorded: RecordedEvent, key: RecipientKey, dates: DateGranularity): E.Either<string, RecordedEvent> {
  const as = (kind: PseudonymKind, id: string) => pseudonymUuid(key, kind, id);
  const date = (value: string) => coarsenDate(value, dates);
  const { event } = recorded;
  const occurred = coarsenInstant(event.metadata.occurredAt, dates);
  const metadata = {
    eventId: pseudonymEventId(key, event.metadata.eventId, occurred.ms),
    occurredAt: occurred.text,
    recordedBy: as("recorded-by", event.metadata.recordedBy),
    correlationId: as("correlation", event.metadata.correlationId),
    causationId: as("correlation", event.metadata.causationId),
  };
  const checked = LinkworkEvent.safeParse({ ...event, data: pseudonymisedData(event, as, date), metadata });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return E.left(`${event.type} no longer fits its schema once pseudonymised: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`);
  }
  return E.right({
    streamId: pseudonymisedStreamId(recorded.streamId, as),
    streamVersion: recorded.streamVersion,
    position: recorded.position,
    event: checked.data,
  });
}

/** A stream id with its entity's pseudonym (a PCN's stream keeps its id). */
export function pseudonymisedStreamId(streamId: string, as: (kind: PseudonymKind, id: string) => string): string {
  const id = streamEntityId(streamId);
  switch (streamCategory(streamId)) {
    case "case":
      return `case-${as("case", id)}`;
    case "person":
      return `person-${as("person", id)}`;
    case "linkworker":
      return `linkworker-${as("link-worker", id)}`;
    default:
      return streamId;
  }
}

type Pseudonym = (kind: PseudonymKind, id: string) => string;

/** The event's data with its ids replaced and its dates coarsened: one case per event type. */
function pseudonymisedData(event: LinkworkEvent, as: Pseudonym, date: (value: string) => string): LinkworkEvent["data"] {
  // An erased person's goals stay erased: there is nothing left to pseudonymise.
  const goals = (list: Erased | readonly { goalId: string; need: string; noteRef?: string | undefined }[]) =>
    isErased(list) ? list : list.map(({ goalId, need }) => ({ goalId: as("goal", goalId), need }));
  switch (event.type) {
    case "ReferralReceived": {
      // The referrer's id names a clinician or worker, not needed to count referrals by source.
      const { referrerId: _referrer, ...data } = event.data;
      return { ...data, caseId: as("case", data.caseId), personId: as("person", data.personId) };
    }
    case "ReferralAccepted":
      return { linkWorkerId: as("link-worker", event.data.linkWorkerId) };
    case "ConversationHeld": {
      const { whatMattersRef: _words, ...data } = event.data;
      return data;
    }
    case "PlanAgreed":
    case "PlanRevised":
      return { goals: goals(event.data.goals) };
    case "GoalProgressRecorded":
      return { ...event.data, goalId: as("goal", event.data.goalId) };
    case "ConnectionMade":
      return { ...event.data, connectionId: as("connection", event.data.connectionId), goalId: as("goal", event.data.goalId) };
    case "ConnectionOutcomeRecorded":
    case "ProviderUpdateRecorded":
      return { ...event.data, connectionId: as("connection", event.data.connectionId) };
    case "ActivityBudgetSpent": {
      const { connectionId, ...data } = event.data;
      return {
        ...data,
        goalId: as("goal", data.goalId),
        ...(connectionId === undefined ? {} : { connectionId: as("connection", connectionId) }),
      };
    }
    case "FollowUpScheduled":
      return { followUpId: as("follow-up", event.data.followUpId), dueOn: date(event.data.dueOn) };
    case "FollowUpCompleted":
      return { ...event.data, followUpId: as("follow-up", event.data.followUpId) };
    case "LinkWorkerReassigned":
      return {
        fromLinkWorkerId: as("link-worker", event.data.fromLinkWorkerId),
        toLinkWorkerId: as("link-worker", event.data.toLinkWorkerId),
      };
    case "HealthcareUsageRecorded":
      return {
        ...event.data,
        personId: as("person", event.data.personId),
        periodStart: date(event.data.periodStart),
        periodEnd: date(event.data.periodEnd),
      };
    case "ComparisonCohortEnrolled": {
      const { matchedCaseId, ...data } = event.data;
      return {
        ...data,
        personId: as("person", data.personId),
        indexDate: date(data.indexDate),
        ...(matchedCaseId === undefined ? {} : { matchedCaseId: as("case", matchedCaseId) }),
      };
    }
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
    case "LinkWorkerLeft":
      return { ...event.data, linkWorkerId: as("link-worker", event.data.linkWorkerId) };
    // A provider's listing, capacity and funding name an organisation, never a person.
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "UnmetNeedRecorded":
    case "FeedbackSentToReferrer":
    case "CaseClosed":
    case "ConsentGiven":
    case "ConsentWithdrawn":
    case "PcnListSizeRecorded":
    case "SocialPrescribingStarted":
    case "PracticeListCompositionRecorded":
    case "ProviderRegistered":
    case "ProviderCapacityDeclared":
    case "FundingAwarded":
      return event.data;
    case "GpRecordEntriesSent":
      // An entry id hashes the real case id and event id, and the GP system holds the same id: kept,
      // it would link the export to the GP record. Keyed like every other id, in the id's own shape.
      return { entryIds: event.data.entryIds.map((id) => `gpr_${as("gp-record-entry", id).replaceAll("-", "")}`) };
    case "LocalCodeRegistered":
      // The code passes (reports count by it); its label is free text a person typed, and free
      // text can name someone, so the recipient gets a fixed label instead.
      return { ...event.data, label: "local code" };
  }
}
