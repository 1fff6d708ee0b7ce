import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEntryMatches, AuditQuery, type AuditEntry, type AuditTrail } from "../authorisation/audit-trail.js";
import type { StoreError } from "../store/store-error.js";
import { arbitraryIdOf, arbitraryInstant, arbitraryOpaqueId } from "./arbitraries.js";

/** An audit trail under test, new and empty for every test and every run of the property. */
export interface AuditTrailContractFixture {
  readonly trail: AuditTrail;
  /** Called after the trail has been closed, e.g. to drop a test database. */
  readonly dispose?: () => Promise<void>;
}

export interface AuditTrailContractOptions {
  /** Runs of the model-based property. Default 30. */
  readonly modelRuns?: number;
  /** fast-check seed, to replay a failure it reported. */
  readonly seed?: number;
}

function right<T>(answer: E.Either<StoreError, T>): T {
  if (E.isLeft(answer)) throw new Error(`expected a result, got ${answer.left.code}: ${answer.left.message}`);
  return answer.right;
}

function left<T>(answer: E.Either<StoreError, T>): StoreError {
  if (E.isRight(answer)) throw new Error("expected an error, got a result");
  return answer.left;
}

type CaseEntry = Extract<AuditEntry, { readonly caseId: string }>;
type PersonEntry = Extract<AuditEntry, { readonly action: "lookupPerson" }>;

const entry = (overrides: Partial<CaseEntry> = {}): CaseEntry => ({
  at: "2026-03-01T09:00:00.000Z",
  who: "lw_ann1",
  role: "linkWorker",
  pcnId: "U00001",
  caseId: "case_a1",
  action: "readCase",
  allowed: true,
  ...overrides,
});

const lookup = (overrides: Partial<PersonEntry> = {}): PersonEntry => ({
  at: "2026-03-01T09:00:00.000Z",
  who: "lw_ann1",
  role: "linkWorker",
  pcnId: "U00001",
  action: "lookupPerson",
  personId: "person_p1",
  allowed: true,
  ...overrides,
});

const accessBy = {
  at: arbitraryInstant({ from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z" }),
  who: fc.constantFrom("lw_ann1", "lw_bob2", "mgr_c3"),
  role: fc.constantFrom("linkWorker" as const, "pcnManager" as const, "evaluator" as const, "administrator" as const),
  pcnId: fc.option(arbitraryIdOf("pcn"), { nil: null }),
  allowed: fc.boolean(),
};

/** Few cases and people, so that queries often match; accesses to cases and reads of the register mixed. */
const arbitraryEntry: fc.Arbitrary<AuditEntry> = fc.oneof(
  fc.record({
    ...accessBy,
    action: fc.constantFrom("readCase" as const, "caseCommand" as const),
    caseId: fc.constantFrom("case_a1", "case_b2", "case_c3"),
  }),
  fc.record({ ...accessBy, action: fc.constant("lookupPerson" as const), personId: fc.constantFrom("person_p1", "person_p2", null) }),
);

const arbitraryQuery = fc.record(
  {
    caseId: fc.constantFrom("case_a1", "case_b2", "case_z9"),
    personId: fc.constantFrom("person_p1", "person_z9"),
    who: fc.oneof(fc.constantFrom("lw_ann1", "mgr_c3"), arbitraryOpaqueId("x")),
    from: arbitraryInstant({ from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z" }),
    before: arbitraryInstant({ from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z" }),
    limit: fc.integer({ min: 1, max: 50 }),
  },
  { requiredKeys: [] },
);

/**
 * The contract every audit trail passes (docs/service.md): entries come back as recorded, in the
 * order recorded, filtered and bounded by the query; purge removes by age only; bad calls are
 * refused naming the field, writing nothing. Call it at the top level of a test file.
 */
export function describeAuditTrailContract(
  name: string,
  factory: () => Promise<AuditTrailContractFixture>,
  options: AuditTrailContractOptions = {},
): void {
  const seed = options.seed === undefined ? {} : { seed: options.seed };

  describe(`${name} honours the AuditTrail contract`, () => {
    let fixture: AuditTrailContractFixture;
    let trail: AuditTrail;

    beforeEach(async () => {
      fixture = await factory();
      trail = fixture.trail;
    });
    afterEach(async () => {
      await fixture.trail.close();
      await fixture.dispose?.();
    });

    it("answers what was recorded, in the order recorded, including refused accesses", async () => {
      const first = entry({ at: "2026-03-02T10:00:00.000Z" });
      const second = entry({ at: "2026-03-01T10:00:00.000Z", who: "lw_bob2", allowed: false, action: "caseCommand" });
      right(await trail.record(first));
      right(await trail.record(second));
      expect(right(await trail.entries())).toEqual([first, second]);
    });

    it("refuses a malformed entry naming the field, and writes nothing", async () => {
      const error = left(await trail.record({ ...entry(), caseId: "Jane Smith" }));
      expect(error.code).toBe("INVALID_STORE_CALL");
      expect(error.code === "INVALID_STORE_CALL" ? error.issues.map((issue) => issue.path) : []).toEqual(["entry.caseId"]);
      const extra = left(await trail.record({ ...entry(), nhsNumber: "9434765919" } as AuditEntry));
      expect(extra.code).toBe("INVALID_STORE_CALL");
      expect(right(await trail.entries())).toEqual([]);
    });

    it("answers reads of the person register naming the pseudonym (or none), found by person and never by case", async () => {
      const found = lookup({ at: "2026-03-01T10:00:00.000Z" });
      const refused = lookup({ at: "2026-03-01T11:00:00.000Z", who: "mgr_c3", role: "pcnManager", personId: null, allowed: false });
      const read = entry({ at: "2026-03-01T12:00:00.000Z" });
      right(await trail.record(found));
      right(await trail.record(refused));
      right(await trail.record(read));
      expect(right(await trail.entries())).toEqual([found, refused, read]);
      expect(right(await trail.entries({ personId: "person_p1" }))).toEqual([found]);
      expect(right(await trail.entries({ caseId: "case_a1" }))).toEqual([read]);
      expect(right(await trail.entries({ who: "mgr_c3" }))).toEqual([refused]);
    });

    it("refuses a register read naming an NHS number or a case instead of a pseudonym, and writes nothing", async () => {
      const nhsNumber = left(await trail.record({ ...lookup(), personId: "9434765919" }));
      expect(nhsNumber.code === "INVALID_STORE_CALL" ? nhsNumber.issues.map((issue) => issue.path) : []).toEqual(["entry.personId"]);
      const extra = left(await trail.record({ ...lookup(), nhsNumber: "9434765919" } as AuditEntry));
      expect(extra.code).toBe("INVALID_STORE_CALL");
      const withCase = left(await trail.record({ ...lookup(), caseId: "case_a1" } as AuditEntry));
      expect(withCase.code).toBe("INVALID_STORE_CALL");
      const caseWithPerson = left(await trail.record({ ...entry(), personId: "person_p1" } as AuditEntry));
      expect(caseWithPerson.code).toBe("INVALID_STORE_CALL");
      expect(right(await trail.entries())).toEqual([]);
    });

    it("refuses a malformed query or purge naming the field", async () => {
      const query = left(await trail.entries({ limit: 0 }));
      expect(query.code === "INVALID_STORE_CALL" ? query.issues[0]?.path : query.code).toBe("query.limit");
      const purge = left(await trail.purge("yesterday"));
      expect(purge.code === "INVALID_STORE_CALL" ? purge.issues[0]?.path : purge.code).toBe("before");
    });

    it("purges entries older than the cut-off only, and says how many went", async () => {
      right(await trail.record(entry({ at: "2026-01-01T00:00:00.000Z" })));
      right(await trail.record(entry({ at: "2026-02-01T00:00:00.000Z" })));
      right(await trail.record(entry({ at: "2026-01-15T00:00:00.000Z" })));
      expect(right(await trail.purge("2026-02-01T00:00:00.000Z"))).toEqual({ removed: 2 });
      expect(right(await trail.entries()).map((kept) => kept.at)).toEqual(["2026-02-01T00:00:00.000Z"]);
      expect(right(await trail.purge("2026-02-01T00:00:00.000Z"))).toEqual({ removed: 0 });
    });

    it("answers a query as the model does: the matching entries in the order recorded, at most limit, after any purge", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbitraryEntry, { maxLength: 40 }),
          arbitraryQuery,
          fc.option(arbitraryInstant({ from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z" }), { nil: undefined }),
          async (entries, query, purgeBefore) => {
            const run = await factory();
            try {
              for (const recorded of entries) right(await run.trail.record(recorded));
              let model = entries;
              if (purgeBefore !== undefined) {
                const purged = right(await run.trail.purge(purgeBefore));
                model = entries.filter((kept) => Date.parse(kept.at) >= Date.parse(purgeBefore));
                expect(purged.removed).toBe(entries.length - model.length);
              }
              const parsed = AuditQuery.parse(query);
              const expected = model.filter((kept) => auditEntryMatches(kept, parsed)).slice(0, parsed.limit);
              expect(right(await run.trail.entries(query))).toEqual(expected);
            } finally {
              await run.trail.close();
              await run.dispose?.();
            }
          },
        ),
        { numRuns: options.modelRuns ?? 30, ...seed },
      );
    });
  });
}
