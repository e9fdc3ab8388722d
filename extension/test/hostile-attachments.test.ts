// Hostile attachments: each test performs one attack on the scanner's limits with real zip bytes
// (make-hostile-files.ts) and shows it fails: the file "could not be checked" (`unscannable`,
// which policy counts as sensitive), never "not sensitive", and the budget that stopped it is
// asserted by what was counted, not by a clock. How the XML scan's time grows with a hostile
// part's size is printed by `pnpm bench` (extension/bench/hostile-bench.ts).
import { inflateSync } from "fflate";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, scanAttachment, type AttachmentScan } from "../src/attachments/index.ts";
import { AttachmentError } from "../src/attachments/errors.ts";
import { scanInWorker, type ScanWorker } from "../src/attachments/run.ts";
import { walkXml } from "../src/attachments/xml.ts";
import { openZip } from "../src/attachments/zip.ts";
import {
  docxWith,
  repeatedDeflate,
  repeatedMember,
  SHEET_DATA,
  textMember,
  WORD_BODY,
  wordDocument,
  wordParagraph,
  worksheet,
  xlsxWith,
  zipRaw,
} from "./make-hostile-files.ts";

const PNR = "19121212-1212";
// Generous per-test timeouts below: the files are tens of megabytes and the machine may be busy.
// No test asserts a time; the worker's own limit is not what these tests rely on.
const MiB = 1024 * 1024;

const reason = (scan: AttachmentScan) => (scan.status === "unscannable" ? scan.reason : "scanned");
/** The AttachmentError code `run` throws, or "no error". */
const codeOf = (run: () => unknown) => {
  try {
    run();
    return "no error";
  } catch (error) {
    return error instanceof AttachmentError ? error.code : `not an AttachmentError: ${String(error)}`;
  }
};

describe("the hostile files themselves", () => {
  it("when a repeated deflate stream is inflated, then it is exactly the pattern repeated, with prefix and suffix", () => {
    const { data, size } = repeatedDeflate("<a/>", 10_000, "<r>", "</r>");
    const text = new TextDecoder().decode(inflateSync(data));
    expect(text.length).toBe(size);
    expect(size).toBeGreaterThanOrEqual(10_000);
    const body = text.slice(3, -4);
    expect([text.slice(0, 3), text.slice(-4)]).toEqual(["<r>", "</r>"]);
    expect(body).toBe("<a/>".repeat(Math.ceil(body.length / 4)).slice(0, body.length));
  });
});

describe("hostile attachments: zip bombs", { timeout: 60_000 }, () => {
  it("when a DOCX's document.xml inflates to 1 GiB but its headers say 1 KiB, then inflating stops at the file's budget: could not be checked (too-large)", async () => {
    const bomb = repeatedMember("word/document.xml", "<a/>", 1024 * MiB, { around: WORD_BODY, claimedSize: 1024 });
    expect(bomb.realSize).toBeGreaterThan(1024 * MiB);
    const bytes = docxWith(bomb);
    expect(bytes.length).toBeLessThan(DEFAULT_LIMITS.maxBytes); // about 6.5 MB: it gets past the size check
    const scan = await scanAttachment(`intyg ${PNR}.docx`, bytes);
    expect(scan).toMatchObject({ status: "unscannable", reason: "too-large", result: { sensitive: true } });
    // The budget, not the header, stopped it: nothing of the member was kept.
    const zip = openZip(bytes, DEFAULT_LIMITS);
    expect(codeOf(() => zip.read("word/document.xml"))).toBe("too-large");
    expect(zip.inflatedBytes).toBe(0);
  });

  it("when a bomb's headers tell the truth, then it is refused before any inflating", async () => {
    const bytes = docxWith(repeatedMember("word/document.xml", "<a/>", 200 * MiB, { around: WORD_BODY }));
    expect(reason(await scanAttachment("bomb.docx", bytes))).toBe("too-large");
  });

  it("when members inflate to exactly the budget, then they are read; one byte more, and the file could not be checked", () => {
    const member = (size: number, claimed?: number) => {
      const spaces = textMember("word/document.xml", " ".repeat(size));
      return docxWith(claimed === undefined ? spaces : { ...spaces, size: claimed });
    };
    const limits = { ...DEFAULT_LIMITS, maxUnzippedBytes: 100_000 };
    for (const claimed of [undefined, 10]) {
      // `claimed`: a header that lies low, so the inflater's own count decides.
      const exact = openZip(member(100_000, claimed), limits);
      expect(exact.read("word/document.xml")?.length).toBe(100_000);
      expect(exact.inflatedBytes).toBe(100_000);
      const over = openZip(member(100_001, claimed), limits);
      expect(codeOf(() => over.read("word/document.xml"))).toBe("too-large");
    }
  });
});

describe("hostile attachments: one member read many times", { timeout: 60_000 }, () => {
  // 30 MiB of spaces between the sheet's rows: under the old limit of 100 MiB per member.
  const sheet = repeatedMember("xl/worksheets/sheet1.xml", " ", 30 * MiB, { around: SHEET_DATA });

  it("when four sheets point at one 30 MiB member, then every read counts against the file's 100 MiB: could not be checked (too-large)", async () => {
    const reused = xlsxWith(Array(4).fill("worksheets/sheet1.xml"), [sheet]);
    expect(await scanAttachment("klasslista.xlsx", reused)).toMatchObject({
      status: "unscannable",
      reason: "too-large",
    });
    // Three reads fit in the budget and are counted, the fourth does not fit.
    const zip = openZip(reused, DEFAULT_LIMITS);
    for (let i = 1; i <= 3; i++) {
      zip.read("xl/worksheets/sheet1.xml");
      expect(zip.inflatedBytes).toBe(i * sheet.realSize);
    }
    expect(codeOf(() => zip.read("xl/worksheets/sheet1.xml"))).toBe("too-large");
    // The same member named by three sheets is within the budget, and the file is scanned.
    const three = xlsxWith(Array(3).fill("worksheets/sheet1.xml"), [sheet]);
    expect(await scanAttachment("klasslista.xlsx", three)).toMatchObject({ status: "scanned" });
  });

  it("when a DOCX names one small header 6,000 times, then the reads pass maxZipEntries: could not be checked (too-large)", async () => {
    const header = textMember("word/header1.xml", `<w:hdr xmlns:w="urn:w">${wordParagraph("Sida")}</w:hdr>`);
    const rels = Array.from({ length: 6_000 }, (_, i) => ({
      id: `rId${String(i)}`,
      type: "header",
      target: "header1.xml",
    }));
    const bytes = docxWith(textMember("word/document.xml", wordDocument(wordParagraph("Hej"))), rels, [header]);
    expect(reason(await scanAttachment("brev.docx", bytes))).toBe("too-large");
    expect(reason(await scanAttachment("brev.docx", bytes, { limits: { maxZipEntries: 7_000 } }))).toBe("scanned");
    // Every read is counted, the same member's too: 5,000 are allowed, the next is not.
    const zip = openZip(bytes, DEFAULT_LIMITS);
    for (let i = 0; i < DEFAULT_LIMITS.maxZipEntries; i++) zip.read("word/header1.xml");
    expect(zip.entriesRead).toBe(5_000);
    expect(codeOf(() => zip.read("word/header1.xml"))).toBe("too-large");
  });

  it("when a zip lists more members than maxZipEntries, then it is refused when opened", async () => {
    const many = Array.from({ length: 5_001 }, (_, i) => textMember(`word/media/m${String(i)}.xml`, "<m/>"));
    const bytes = docxWith(textMember("word/document.xml", wordDocument(wordParagraph("Hej"))), [], many);
    expect(reason(await scanAttachment("brev.docx", bytes))).toBe("too-large");
    expect(codeOf(() => openZip(bytes, { ...DEFAULT_LIMITS, maxZipEntries: 5_004 }))).toBe("too-large");
    expect(codeOf(() => openZip(bytes, { ...DEFAULT_LIMITS, maxZipEntries: 5_005 }))).toBe("no error");
  });
});

describe("hostile attachments: nesting", { timeout: 60_000 }, () => {
  it("when elements nest 100,000 deep around a personnummer, then it could not be checked (too-large), never not sensitive", async () => {
    const deep = "<w:sdt><w:sdtContent>".repeat(50_000) + wordParagraph(PNR) + "</w:sdtContent></w:sdt>".repeat(50_000);
    const scan = await scanAttachment("djup.docx", docxWith(textMember("word/document.xml", wordDocument(deep))));
    expect(scan).toMatchObject({ status: "unscannable", reason: "too-large" });
  });

  it("when elements nest exactly maxXmlDepth deep, then the part is read; one deeper, and it is too-large", () => {
    const nested = (depth: number) => "<a>".repeat(depth) + "x" + "</a>".repeat(depth);
    expect(
      codeOf(() => {
        walkXml(nested(256), {}, 256);
      }),
    ).toBe("no error");
    expect(
      codeOf(() => {
        walkXml(nested(257), {}, 256);
      }),
    ).toBe("too-large");
    // Self-closing elements and closed siblings do not add depth.
    expect(
      codeOf(() => {
        walkXml(`<r>${"<a/><b></b>".repeat(1000)}</r>`, {}, 2);
      }),
    ).toBe("no error");
  });

  it("when a DOCX's document.xml is itself a zip (a package, or a bomb, nested inside), then it is never opened: could not be checked (corrupt)", async () => {
    const inner = [
      docxWith(textMember("word/document.xml", wordDocument(wordParagraph(`Pnr ${PNR}`)))),
      zipRaw([repeatedMember("a.xml", "<a/>", 50 * MiB)]),
    ];
    for (const nested of inner) {
      const bytes = docxWith({ name: "word/document.xml", data: nested, method: 0, size: nested.length, crc: 0 });
      expect(await scanAttachment("paket.docx", bytes)).toMatchObject({ status: "unscannable", reason: "corrupt" });
    }
  });
});

describe("hostile attachments: pathological XML", { timeout: 60_000 }, () => {
  // Several MiB after markup that never ends, full of "<" (each one a restart for the old tokenizer).
  const FILLER = "<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(Math.floor((4 * MiB) / 35));
  const UNTERMINATED = {
    comment: "<!--",
    "processing instruction": "<?mso-application ",
    CDATA: "<![CDATA[",
    "attribute value": '<w:p w:rsidR="',
    DOCTYPE: "<!DOCTYPE w:document [",
  };

  for (const [what, start] of Object.entries(UNTERMINATED)) {
    it(`when a DOCX holds an unterminated ${what} followed by 4 MiB, then it could not be checked (corrupt), the personnummer before it notwithstanding`, async () => {
      const xml = WORD_BODY[0] + wordParagraph(`Pnr ${PNR}`) + start + FILLER;
      const scan = await scanAttachment("trasig.docx", docxWith(textMember("word/document.xml", xml)));
      expect(scan).toMatchObject({ status: "unscannable", reason: "corrupt" });
    });
  }

  it("when a sheet's cell reference is hundreds of letters long, then naming the next column ends (it once looped forever)", async () => {
    const rows = `<row r="1"><c r="${"A".repeat(400)}1" t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>${PNR}</t></is></c></row>`;
    const scan = await scanAttachment(
      "lista.xlsx",
      xlsxWith(["worksheets/sheet1.xml"], [textMember("xl/worksheets/sheet1.xml", worksheet(rows))]),
    );
    expect(scan).toMatchObject({ status: "scanned", result: { sensitive: true } });
  });
});

describe("hostile attachments: pathological HTML", { timeout: 60_000 }, () => {
  // Browsers read broken HTML, so the scanner does too: markup that never ends is read as text,
  // in one pass (the old patterns tried every "<" again: 140 KB of "<script" took minutes).
  const HOSTILE = {
    "unterminated script tags": "<script",
    "unterminated tags": "<a ",
    "unterminated attribute values": '<a title="',
    "unterminated declarations": "<!x",
    "unterminated comments": "<!--",
  };
  for (const [what, unit] of Object.entries(HOSTILE)) {
    it(`when an HTML file is 2 MiB of ${what} before a personnummer, then it is scanned and the personnummer found`, async () => {
      const html = `<p>Hej</p>${unit.repeat(Math.floor((2 * MiB) / unit.length))}\nOlles personnummer ${PNR}\n`;
      const scan = await scanAttachment("sida.html", new TextEncoder().encode(html));
      expect(scan).toMatchObject({ status: "scanned", result: { sensitive: true } });
    });
  }

  it("when one tag is 8 MiB long, then it is removed without overflowing the stack (the old pattern did) and the text after it is scanned", async () => {
    const long = ["x".repeat(8 * MiB), "x=\"1\" y='2' ".repeat((8 * MiB) / 16)];
    for (const inside of long) {
      const html = `<p>Hej</p><a ${inside}>Olles personnummer ${PNR}</a>`;
      const scan = await scanAttachment("sida.html", new TextEncoder().encode(html));
      expect(scan).toMatchObject({ status: "scanned", result: { sensitive: true } });
    }
  });

  it("when script, style or a comment never ends, then what follows is read as text, not dropped", async () => {
    for (const open of ["<script>", "<style>", "<!--"]) {
      const html = `<p>Hej</p>${open}Olles personnummer ${PNR}`;
      const scan = await scanAttachment("sida.html", new TextEncoder().encode(html));
      expect(scan).toMatchObject({ status: "scanned", result: { sensitive: true } });
    }
  });
});

describe("hostile attachments in a worker with the extension's limits", { timeout: 60_000 }, () => {
  // A heap cap far below a browser worker's: a scan that outgrew it would end the worker (an
  // error event, which scanInWorker answers as "corrupt"); every test checks there was none.
  // The time limit is the extension's own and includes starting the worker.
  const HEAP_MB = 256;
  const workerErrors: unknown[] = [];
  const nodeWorker = (): ScanWorker => {
    const worker = new Worker(new URL("./node-scan-worker.mjs", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
    });
    const adapter: ScanWorker = {
      onmessage: null,
      onerror: null,
      postMessage: (message, transfer) => {
        worker.postMessage(message, transfer as ArrayBuffer[]);
      },
      terminate: () => void worker.terminate(),
    };
    worker.on("message", (data: unknown) => adapter.onmessage?.({ data } as MessageEvent));
    worker.on("error", (error) => {
      workerErrors.push(error);
      adapter.onerror?.(error as unknown as ErrorEvent);
    });
    return adapter;
  };
  const attacks: [string, () => Uint8Array, string][] = [
    [
      "a 1 GiB bomb behind a 1 KiB header",
      () => docxWith(repeatedMember("word/document.xml", "<a/>", 1024 * MiB, { around: WORD_BODY, claimedSize: 1024 })),
      "too-large",
    ],
    [
      "four sheets on one 30 MiB member",
      () =>
        xlsxWith(Array(4).fill("worksheets/sheet1.xml"), [
          repeatedMember("xl/worksheets/sheet1.xml", " ", 30 * MiB, { around: SHEET_DATA }),
        ]),
      "too-large",
    ],
    [
      "100,000-deep nesting",
      () => docxWith(textMember("word/document.xml", wordDocument("<w:sdt><w:sdtContent>".repeat(50_000)))),
      "too-large",
    ],
    [
      "an unterminated comment before 4 MiB of tags",
      () =>
        docxWith(textMember("word/document.xml", `${WORD_BODY[0]}<!--${"<w:p>".repeat(Math.floor((4 * MiB) / 5))}`)),
      "corrupt",
    ],
  ];

  for (const [attack, make, expected] of attacks) {
    it(`when the file is ${attack}, then the worker answers "could not be checked" (${expected}) before the time limit, within a ${String(HEAP_MB)} MB heap`, async () => {
      workerErrors.length = 0;
      const scan = await scanInWorker(`bilaga ${PNR}.docx`, make(), nodeWorker, DEFAULT_LIMITS.timeoutMs);
      expect(scan).toMatchObject({ status: "unscannable", reason: expected, result: { sensitive: true } });
      expect(workerErrors).toEqual([]);
    });
  }
});

describe("walkXml: what is markup and what is damage", () => {
  const events = (xml: string) => {
    const seen: string[] = [];
    walkXml(
      xml,
      {
        open: (name, attributes, selfClosing) => seen.push(`<${name}${attributes}${selfClosing ? "/" : ""}>`),
        close: (name) => seen.push(`</${name}>`),
        text: (text) => seen.push(text),
      },
      10,
    );
    return seen;
  };

  it.each([
    ['<?xml version="1.0"?><w:t a="1>2" b=\'x\'>A &amp; B</w:t>', ["<t a=\"1>2\" b='x'>", "A & B", "</t>"]],
    ["<r><!-- a < b --><![CDATA[<x> & y]]></r >", ["<r>", "<x> & y", "</r>"]],
    ['<!DOCTYPE r [<!ENTITY e "a>b">]><r>&e;</r>', ["<r>", "&e;", "</r>"]],
    ['<r\n  x = "1"\n/>', ['<r\n  x = "1"\n/>', "</r>"]],
  ])("when the part is %j, then the events are %j", (xml, expected) => {
    expect(events(xml)).toEqual(expected);
  });

  it.each([
    ["an unterminated comment", "<r><!-- x"],
    ["an unterminated CDATA section", "<r><![CDATA[ x"],
    ["an unterminated processing instruction", "<r><? x"],
    ["an unterminated tag", "<r><w:t"],
    ["an unterminated attribute value", '<r><w:t a="x>'],
    ["a bare <", "<r>a < b</r>"],
    ["an attribute without a value", "<r a></r>"],
    ["an attribute without quotes", "<r a=1></r>"],
    ["attributes not apart", '<r a="1"b="2"></r>'],
    ["an end tag with attributes", '<r></r a="1">'],
    ["a declaration other than DOCTYPE", "<!ENTITY x><r/>"],
    ["no element at all", "just text"],
  ])("when the part has %s, then it is corrupt", (_what, xml) => {
    expect(
      codeOf(() => {
        walkXml(xml, {}, 10);
      }),
    ).toBe("corrupt");
  });
});
