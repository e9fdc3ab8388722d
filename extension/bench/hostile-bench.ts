// `pnpm bench:hostile`: how the attachment readers' time grows with a hostile part's size, printed
// (not asserted; test/hostile-attachments.test.ts asserts the outcomes). Linear means the time per
// MiB stays flat as the size doubles. For contrast, the regular-expression tokenizer this replaced
// took about 20 s on 128 KiB of "<!--" and minutes on 140 KB of "<script" (quadratic and worse).
import { htmlToText } from "../src/attachments/html.ts";
import { walkXml } from "../src/attachments/xml.ts";

const MiB = 1024 * 1024;
const SIZES = [1, 2, 4, 8, 16];

/** `unit` repeated to `mib` MiB after `head`. */
const build = (head: string, unit: string, mib: number) => head + unit.repeat(Math.ceil((mib * MiB) / unit.length));

const cases: { name: string; run: (mib: number) => void }[] = [
  {
    name: "XML: unterminated <!-- then <w:p>…",
    run: (mib) => {
      try {
        walkXml(build("<w:document><!--", "<w:p>", mib), {}, 256);
      } catch {
        // corrupt: the expected outcome
      }
    },
  },
  {
    name: "XML: unterminated attribute value",
    run: (mib) => {
      try {
        walkXml(build('<w:document><w:p w:a="', "<w:p>", mib), {}, 256);
      } catch {
        // corrupt
      }
    },
  },
  {
    name: "XML: well-formed paragraphs",
    run: (mib) => {
      walkXml(
        build("<w:document>", '<w:p w:rsidR="00A1"><w:r><w:t>Hej</w:t></w:r></w:p>', mib) + "</w:document>",
        {
          text: () => undefined,
        },
        256,
      );
    },
  },
  { name: "HTML: <script repeated", run: (mib) => void htmlToText(build("<p>a</p>", "<script", mib)) },
  { name: 'HTML: <a title=" repeated', run: (mib) => void htmlToText(build("<p>a</p>", '<a title="', mib)) },
  { name: "HTML: <!-- repeated", run: (mib) => void htmlToText(build("<p>a</p>", "<!--", mib)) },
];

console.log(`${"case".padEnd(36)} ${SIZES.map((s) => `${String(s)} MiB`.padStart(9)).join(" ")}   ms per MiB`);
for (const { name, run } of cases) {
  run(1); // warm-up
  const times = SIZES.map((mib) => {
    const start = performance.now();
    run(mib);
    return performance.now() - start;
  });
  const perMiB = times.map((t, i) => (t / (SIZES[i] ?? 1)).toFixed(1)).join(" / ");
  console.log(`${name.padEnd(36)} ${times.map((t) => `${t.toFixed(0)} ms`.padStart(9)).join(" ")}   ${perMiB}`);
}
