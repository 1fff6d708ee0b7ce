import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { providerDecider } from "@linkwork/core/provider";
import { commandIds, decideAll, refusal } from "./decider-run.js";

// The VCSE directory's decider: listing, declared capacity and funding, and every refusal with its field.

const nextId = commandIds("0195e000");
const orukId = "ac148810-d857-441c-9679-408f346de14b";
const localId = "prov_walk1";
const day = (n: number) => `2025-04-${String(n).padStart(2, "0")}T09:00:00Z`;
const origin = (n: number) => ({ commandId: nextId(), occurredAt: day(n), recordedBy: "admin-1" });
const register = (n: number, providerId = orukId, directory = "open_referral_uk") => ({
  type: "RegisterProvider",
  providerId,
  directory,
  name: "Riverside Walking Group",
  supportCategories: ["physical_activity"],
  route: "direct_referral",
  ...origin(n),
});
const capacity = (n: number, monthlyPlaces = 20, waitingList = 4) => ({
  type: "DeclareProviderCapacity",
  providerId: orukId,
  monthlyPlaces,
  waitingList,
  ...origin(n),
});
const award = (n: number, fundingId = "grant-1", overrides: Record<string, unknown> = {}) => ({
  type: "AwardFunding",
  providerId: orukId,
  fundingId,
  kind: "grant",
  amountPence: 1_200_000,
  periodStart: "2025-04-01",
  periodEnd: "2026-03-31",
  needs: ["loneliness"],
  ...origin(n),
  ...overrides,
});

const issuePaths = (error: ReturnType<typeof refusal>) =>
  error.code === "VALIDATION_FAILED" ? error.issues.map((issue) => issue.path) : [];

describe("the provider decider", () => {
  it("lists an Open Referral UK service, then takes its capacity and funding", () => {
    const state = decideAll(providerDecider, [register(1), capacity(2), award(3), capacity(4, 25, 0), award(5, "contract-7")]);
    expect(state).toEqual(
      E.right({
        stage: "listed",
        directory: "open_referral_uk",
        route: "direct_referral",
        monthlyPlaces: 25,
        waitingList: 0,
        fundingIds: new Set(["grant-1", "contract-7"]),
        lastOccurredAt: day(5),
      }),
    );
  });

  it("streams a provider as provider-<providerId>, keyed by its own id", () => {
    const parsed = providerDecider.parse(register(1));
    expect(E.isRight(parsed) && providerDecider.streamId(parsed.right)).toBe(`provider-${orukId}`);
  });

  it("lists a local provider under its issued prov_ id", () => {
    expect(decideAll(providerDecider, [register(1, localId, "local")])).toMatchObject(E.right({ stage: "listed", directory: "local" }));
  });

  it.each([
    ["a prov_ id said to be an Open Referral UK service id", localId, "open_referral_uk"],
    ["a UUID said to be local", orukId, "local"],
  ])("refuses %s (VALIDATION_FAILED naming providerId)", (_, providerId, directory) => {
    expect(issuePaths(refusal(decideAll(providerDecider, [register(1, providerId, directory)])))).toEqual(["providerId"]);
  });

  it("refuses a name a spreadsheet would run as a formula, or one with a control character", () => {
    expect(issuePaths(refusal(decideAll(providerDecider, [{ ...register(1), name: "=HYPERLINK(1)" }])))).toEqual(["name"]);
    expect(issuePaths(refusal(decideAll(providerDecider, [{ ...register(1), name: "Walk\u001b[2Jgroup" }])))).toEqual(["name"]);
  });

  it("refuses a support category named twice, and none at all", () => {
    const twice = { ...register(1), supportCategories: ["arts_culture", "arts_culture"] };
    expect(issuePaths(refusal(decideAll(providerDecider, [twice])))).toEqual(["supportCategories"]);
    expect(issuePaths(refusal(decideAll(providerDecider, [{ ...register(1), supportCategories: [] }])))).toEqual(["supportCategories"]);
  });

  it.each([
    ["registering twice", [register(1), register(2)], "RegisterProvider"],
    ["capacity for a provider not listed", [capacity(1)], "DeclareProviderCapacity"],
    ["funding for a provider not listed", [award(1)], "AwardFunding"],
  ])("refuses %s (INVALID_TRANSITION)", (_, commands, command) => {
    expect(refusal(decideAll(providerDecider, commands))).toMatchObject({ code: "INVALID_TRANSITION", command });
  });

  it("refuses a funding id used before (VALIDATION_FAILED naming fundingId), so an award is never counted twice", () => {
    expect(issuePaths(refusal(decideAll(providerDecider, [register(1), award(2), award(3)])))).toEqual(["fundingId"]);
  });

  it("refuses a period ending before it starts, amounts outside whole pence and needs named twice", () => {
    const backwards = award(2, "g", { periodStart: "2025-04-02", periodEnd: "2025-04-01" });
    expect(issuePaths(refusal(decideAll(providerDecider, [register(1), backwards])))).toEqual(["periodEnd"]);
    expect(issuePaths(refusal(decideAll(providerDecider, [register(1), award(2, "g", { amountPence: 10.5 })])))).toEqual(["amountPence"]);
    expect(issuePaths(refusal(decideAll(providerDecider, [register(1), award(2, "g", { amountPence: 0 })])))).toEqual(["amountPence"]);
    const twice = award(2, "g", { needs: ["loneliness", "loneliness"] });
    expect(issuePaths(refusal(decideAll(providerDecider, [register(1), twice])))).toEqual(["needs"]);
  });

  it("refuses a funding period of ten years or more (0001 to 9999 fanned out to 120,000 report months), accepts one day short", () => {
    const forever = award(2, "g", { periodStart: "1948-07-05", periodEnd: "9999-12-31" });
    expect(issuePaths(refusal(decideAll(providerDecider, [register(1), forever])))).toEqual(["periodEnd"]);
    // A start before the NHS began is refused by the date's own bound first (events/event-date.ts).
    const ancient = award(2, "g", { periodStart: "0001-01-01", periodEnd: "0001-01-01" });
    expect(issuePaths(refusal(decideAll(providerDecider, [register(1), ancient])))).toEqual(["periodStart", "periodEnd"]);
    const tenYears = award(2, "g", { periodStart: "2025-04-01", periodEnd: "2035-04-01" });
    expect(issuePaths(refusal(decideAll(providerDecider, [register(1), tenYears])))).toEqual(["periodEnd"]);
    const justUnder = award(2, "g", { periodStart: "2025-04-01", periodEnd: "2035-03-31" });
    expect(E.isRight(decideAll(providerDecider, [register(1), justUnder]))).toBe(true);
  });

  it("accepts a one-day period (both dates included)", () => {
    const oneDay = award(2, "g", { periodStart: "2025-04-01", periodEnd: "2025-04-01" });
    expect(E.isRight(decideAll(providerDecider, [register(1), oneDay]))).toBe(true);
  });

  it("refuses time going backwards in the provider's stream", () => {
    expect(refusal(decideAll(providerDecider, [register(2), capacity(1)]))).toMatchObject({ code: "TIME_WENT_BACKWARDS" });
  });
});
