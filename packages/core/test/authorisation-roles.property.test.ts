import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { roleBasedAuthoriser, type Access, type Actor } from "../src/authorisation/index.js";
import { arbitraryOpaqueId } from "../src/testing/index.js";

// The default authoriser's rules (issue 18), as properties over every actor and access.

const pcn = fc.constantFrom("U81042", "U81043", "U00001");
const actor: fc.Arbitrary<Actor> = fc.record({
  who: arbitraryOpaqueId("user"),
  role: fc.constantFrom("linkWorker", "pcnManager", "evaluator", "administrator"),
  pcnId: fc.option(pcn, { nil: null }),
});
const access: fc.Arbitrary<Access> = fc.oneof(
  fc.record({
    kind: fc.constant("command"),
    family: fc.constantFrom("case", "personUsage", "referenceData"),
    type: fc.constantFrom("ReceiveReferral", "RecordContactAttempt", "RecordPcnListSize", "RecordHealthcareUsage"),
    pcnId: fc.option(pcn, { nil: null }),
  }),
  fc.record({ kind: fc.constant("readCase"), pcnId: fc.option(pcn, { nil: null }) }),
  fc.record({ kind: fc.constant("readReport"), report: fc.constantFrom("caseload", "capacity"), pcnId: fc.option(pcn, { nil: null }) }),
  fc.record({ kind: fc.constant("readExport"), export: fc.constant("evaluation"), pseudonymised: fc.boolean() }),
  fc.record({ kind: fc.constant("readAuditTrail") }),
  fc.record({ kind: fc.constant("personRegister"), action: fc.constantFrom("register", "lookup", "erase") }),
);
const touchesCase = (wanted: Access) => wanted.kind === "readCase" || (wanted.kind === "command" && wanted.family === "case");

describe("roleBasedAuthoriser", () => {
  it("lets only a link worker touch a case, and only one of no PCN yet or their own", () => {
    fc.assert(
      fc.property(actor, access, (who, wanted) => {
        fc.pre(touchesCase(wanted));
        const pcnId = wanted.kind === "readCase" || wanted.kind === "command" ? wanted.pcnId : null;
        const allowed = who.role === "linkWorker" && who.pcnId !== null && (pcnId === null || pcnId === who.pcnId);
        expect(E.isRight(roleBasedAuthoriser(who, wanted))).toBe(allowed);
      }),
    );
  });

  it("lets a PCN manager read the reports of their own PCN and nothing else, and only managers read reports", () => {
    fc.assert(
      fc.property(actor, access, (who, wanted) => {
        const verdict = E.isRight(roleBasedAuthoriser(who, wanted));
        if (who.role === "pcnManager")
          expect(verdict).toBe(wanted.kind === "readReport" && who.pcnId !== null && wanted.pcnId === who.pcnId);
        if (wanted.kind === "readReport" && who.role !== "pcnManager") expect(verdict).toBe(false);
      }),
    );
  });

  it("lets an evaluator read pseudonymised exports only, and no one else read an export", () => {
    fc.assert(
      fc.property(actor, access, (who, wanted) => {
        const verdict = E.isRight(roleBasedAuthoriser(who, wanted));
        if (who.role === "evaluator") expect(verdict).toBe(wanted.kind === "readExport" && wanted.pseudonymised);
        if (wanted.kind === "readExport") expect(verdict).toBe(who.role === "evaluator" && wanted.pseudonymised);
      }),
    );
  });

  it("lets an administrator send reference-data and usage commands and read the audit trail, nothing of a case", () => {
    fc.assert(
      fc.property(actor, access, (who, wanted) => {
        fc.pre(who.role === "administrator");
        const expected =
          (wanted.kind === "command" && wanted.family !== "case") ||
          wanted.kind === "readAuditTrail" ||
          (wanted.kind === "personRegister" && wanted.action === "erase");
        expect(E.isRight(roleBasedAuthoriser(who, wanted))).toBe(expected);
      }),
    );
  });

  it("lets link workers of a PCN register and find people, and only administrators erase them", () => {
    fc.assert(
      fc.property(actor, access, (who, wanted) => {
        fc.pre(wanted.kind === "personRegister");
        const expected =
          wanted.kind === "personRegister" &&
          (wanted.action === "erase" ? who.role === "administrator" : who.role === "linkWorker" && who.pcnId !== null);
        expect(E.isRight(roleBasedAuthoriser(who, wanted))).toBe(expected);
      }),
    );
  });

  it("refuses with FORBIDDEN naming the role and the access, and no PCN or id", () => {
    fc.assert(
      fc.property(actor, access, (who, wanted) => {
        const verdict = roleBasedAuthoriser(who, wanted);
        if (E.isRight(verdict)) return;
        expect(verdict.left).toMatchObject({ code: "FORBIDDEN", role: who.role });
        expect(verdict.left.message).not.toMatch(/U\d{5}/);
        expect(verdict.left.message).not.toContain(who.who);
      }),
    );
  });
});
