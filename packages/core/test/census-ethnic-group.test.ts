import { describe, expect, it } from "vitest";
import { censusEthnicGroup, CensusEthnicGroup, EthnicCategory } from "@linkwork/core/vocabulary";

// The NHS Data Dictionary's headings for the ethnic category letters (census-ethnic-group.ts cites them).

describe("the census high-level ethnic group of an NHS ethnic category", () => {
  it.each([
    [["A", "B", "C"], "white"],
    [["D", "E", "F", "G"], "mixed"],
    [["H", "J", "K", "L"], "asian"],
    [["M", "N", "P"], "black"],
    [["R", "S"], "other"],
    [["Z", "99"], "not-stated"],
  ] as const)("%j are %s", (letters, group) => {
    for (const letter of letters) expect(censusEthnicGroup(letter)).toBe(group);
  });

  it("gives every category a group, and no category recorded is not stated", () => {
    for (const category of EthnicCategory.options) expect(CensusEthnicGroup.options).toContain(censusEthnicGroup(category));
    expect(censusEthnicGroup(undefined)).toBe("not-stated");
  });
});
