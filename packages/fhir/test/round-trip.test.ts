import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { caseStream, eventCatalogue, linkwork, type CaseEvent, type LinkworkEvent } from "@linkwork/core";
import { memoryEventStore, memoryPersonRegister } from "@linkwork/store-memory";
import type { Task } from "@medplum/fhirtypes";
import { caseBundle, nhsNumberSystem, referralFromServiceRequest } from "../src/index.js";
import { command } from "./support/case-commands.js";
import { r4Problems } from "./support/r4-conformance.js";
import { context, gpReferral, nhsNumber } from "./support/referral-fixtures.js";

// The whole loop: a GP system's ServiceRequest in, the command through the handler into a store,
// the link worker's work on the case, the case's events read back and out as a Bundle that
// conforms to R4, naming the person as the register knows them (issue 17).

const isCaseEvent = (event: LinkworkEvent): event is CaseEvent => eventCatalogue[event.type].category === "case";

describe("a referral in, the case's Bundle out", () => {
  it("maps, handles, reads back and validates, the Task following the case to completion", async () => {
    const store = memoryEventStore();
    const register = memoryPersonRegister();
    const core = linkwork(store);
    const referral = await referralFromServiceRequest(gpReferral, context, { register });
    if (E.isLeft(referral)) throw new Error(referral.left.message);
    const caseId = context.caseId;
    const work = [
      referral.right,
      command(caseId, "AcceptReferral", 1, { linkWorkerId: "lw_ana1" }),
      command(caseId, "HoldConversation", 3, { mode: "phone", minutes: 30, needs: ["loneliness"], strengths: [] }),
      command(caseId, "AssessWellbeing", 3, { instrument: "UCLA3", timepoint: "baseline", items: [3, 2, 3] }),
      command(caseId, "AgreePlan", 4, { goals: [{ goalId: "goal-1", need: "loneliness" }] }),
      command(caseId, "CloseCase", 40, { reason: "connected_to_support" }),
    ];
    for (const next of work) {
      const handled = await core.handle(next);
      if (E.isLeft(handled)) throw new Error(`${next.type} was refused: ${handled.left.message}`);
    }

    const read = await store.readStream(caseStream(caseId));
    if (E.isLeft(read)) throw new Error(read.left.message);
    const events = read.right.map((recorded) => recorded.event).filter(isCaseEvent);
    const person = await register.findByNhsNumber(nhsNumber);
    const personId = E.isRight(person) ? person.right?.personId : undefined;

    const bundle = caseBundle(events);
    if (E.isLeft(bundle)) throw new Error(bundle.left.message);
    expect(r4Problems(bundle.right)).toEqual([]);
    const task = bundle.right.entry?.map((entry) => entry.resource).find((resource): resource is Task => resource?.resourceType === "Task");
    expect(task).toMatchObject({
      status: "completed",
      authoredOn: "2025-03-03T10:15:00.000Z",
      for: { identifier: { value: personId } },
      requester: { identifier: { value: "ref_dr1" } },
    });
    expect(bundle.right.entry?.map((entry) => entry.resource?.resourceType)).toEqual(["Task", "Observation", "CarePlan"]);
    expect(JSON.stringify(bundle.right)).not.toContain(nhsNumber);

    // A GP system files by NHS number: the caller resolves it through the register, never the history.
    const details = personId === undefined ? undefined : await register.get(personId);
    const resolved = details !== undefined && E.isRight(details) ? details.right?.details.nhsNumber : undefined;
    const forGp = caseBundle(events, resolved === undefined ? {} : { nhsNumber: resolved });
    expect(E.isRight(forGp) && forGp.right.entry?.[0]?.resource).toMatchObject({
      for: { identifier: { system: nhsNumberSystem, value: nhsNumber } },
    });
  });
});
