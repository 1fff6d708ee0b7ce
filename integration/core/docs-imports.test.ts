import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The TypeScript examples in the README and docs/ are fragments (they use a `store` or a `runner`
// from the text around them), so they are not compiled here. What they import from a @linkwork
// package must exist, though: an embedder copies the import line first, and a name the package does
// not export (or exports only from a path into src/) is a dead end.

const root = new URL("../../", import.meta.url);
const pages = [
  "README.md",
  ...readdirSync(new URL("docs/", root))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** The package storage.md's contract-suite example names as the reader's own store. */
const placeholders = new Set(["@linkwork/store-yours"]);

interface DocImport {
  readonly page: string;
  readonly from: string;
  readonly names: readonly string[];
}

/** Value imports (`type` ones are erased, so only the compiler could check them) of every ```ts block. */
function docImports(): DocImport[] {
  return pages.flatMap((page) => {
    const text = readFileSync(new URL(page, root), "utf8");
    return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].flatMap((block) =>
      [...(block[1] ?? "").matchAll(/^import (type )?\{([^}]*)\} from "(@linkwork\/[^"]+)";/gm)]
        .filter((statement) => statement[1] === undefined && !placeholders.has(statement[3] ?? ""))
        .map((statement) => ({
          page,
          from: statement[3] ?? "",
          names: (statement[2] ?? "")
            .split(",")
            .map((name) => name.trim())
            .filter((name) => name !== "" && !name.startsWith("type ")),
        })),
    );
  });
}

describe("the TypeScript examples of the README and docs/", () => {
  const imports = docImports();

  it("import from @linkwork packages", () => {
    expect(imports.length).toBeGreaterThan(5);
    expect(new Set(imports.map((each) => each.page)).size).toBeGreaterThan(5);
  });

  it.each(imports.map((each) => [`${each.page}: ${each.from}`, each] as const))("%s exports every name imported", async (_, each) => {
    const entry = (await import(each.from)) as Record<string, unknown>;
    expect(each.names.filter((name) => !(name in entry))).toEqual([]);
  });
});
