import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Each entry states its public API once, every name exported on purpose with a one-line doc comment,
// and the root stays small enough to read (store helpers live in store-kit, test helpers in testing).

interface ExportedName {
  readonly name: string;
  readonly documented: boolean;
}

/**
 * The names an index exports with `export { ... } from` (or `export type`), one per line, and whether
 * a `/** ... *\/` line precedes each. A name exported on one line with others counts as undocumented.
 */
function exportedNames(entry: string): ExportedName[] {
  const lines = readFileSync(fileURLToPath(new URL(`../src/${entry}`, import.meta.url)), "utf8").split("\n");
  const names: ExportedName[] = [];
  let inBlock = false;
  let documented = false;
  for (const line of lines) {
    const oneLine = /^export (?:type )?\{(.*)\} from /.exec(line);
    if (oneLine !== null) {
      for (const name of (oneLine[1] ?? "").split(",")) names.push({ name: name.trim().replace(/^type /, ""), documented: false });
    } else if (/^export (?:type )?\{$/.test(line)) {
      inBlock = true;
    } else if (inBlock && line.startsWith("}")) {
      inBlock = false;
    } else if (inBlock) {
      const name = /^\s*(?:type )?(\w+),?$/.exec(line)?.[1];
      if (name !== undefined) names.push({ name, documented });
      documented = /^\s*\/\*\*.*\*\/$/.test(line);
    }
  }
  return names;
}

describe("the public API of @linkwork/core", () => {
  it.each([
    "index.ts",
    "store-kit/index.ts",
    "vocabulary/index.ts",
    "personal-data/index.ts",
    "authorisation/index.ts",
    "gp-record/index.ts",
    "instruments/index.ts",
    "provider/index.ts",
  ])("%s documents every name it exports, in the index", (entry) => {
    const names = exportedNames(entry);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((exported) => !exported.documented).map((exported) => exported.name)).toEqual([]);
  });

  it("keeps the root for embedders: no store-author helper in it, and about a hundred names (vocabularies in their own entry)", () => {
    const root = new Set(exportedNames("index.ts").map((exported) => exported.name));
    const storeKitOnly = exportedNames("store-kit/index.ts")
      .map((exported) => exported.name)
      .filter((name) => /^check|Fingerprint|^invalidStoreCall$|^concurrencyConflict$|^eventMatch$|^default/.test(name));
    expect(storeKitOnly.filter((name) => root.has(name))).toEqual([]);
    // 112: issue 17 added generalPracticeSchemePolicy and schemePoliciesByPcn, issue 13 ConsentPurpose.
    expect(root.size).toBeLessThanOrEqual(112);
  });
});
