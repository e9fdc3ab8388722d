// Writes src/common-words-data.ts (see eval/common-words.ts).
//   tsx eval/build-common-words.ts [--out <file>]
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { commonWords, commonWordsSource } from "./common-words.ts";

const outAt = process.argv.indexOf("--out");
const out =
  outAt > 0
    ? (process.argv[outAt + 1] ?? "")
    : join(dirname(fileURLToPath(import.meta.url)), "..", "src", "common-words-data.ts");
writeFileSync(out, commonWordsSource());
console.log(`wrote ${out} (${String(commonWords().length)} words)`);
