import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { commandsDoc } from "./commands-doc.js";

// `pnpm docs:commands`: writes docs/commands.md from the zod schemas and the worked examples.
const target = fileURLToPath(new URL("../../docs/commands.md", import.meta.url));
await writeFile(target, await commandsDoc());
console.log(`wrote ${target}`);
