// The typed messages between content script, background and pages, and the pure helpers beside
// them: base64 for bytes in runtime messages, the webmail-domain rule, loading a draft's files
// piece by piece, and when policy forces an access code.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCarried } from "../src/pages/carried.ts";
import { REQUESTS, draftSchema, hostAllowed, overrideSchema } from "../src/protocol.ts";
import {
  ANSWERS,
  ATTACHMENT_PIECE_BYTES,
  DRAFT_LIMITS,
  TAB_REQUESTS,
  draftOverLimit,
  shortenName,
  base64ToBytes,
  bytesToBase64,
  ask,
  isSharedUrl,
  listen,
  ProtocolError,
} from "../src/wire.ts";
import { senderHost } from "../src/adapters/index.ts";
import { scanAttachment } from "../src/attachments/index.ts";
import { codeRequiredAtSend } from "../src/pages/send-code.ts";
import { accessCodeRequired, memorySpool, spillingSpool, type OrgPolicy, type Spool } from "@sigill/client";

const policy = (over: Partial<OrgPolicy> = {}): OrgPolicy => ({
  organisation: "Exempelskolan",
  allowPlainOverride: false,
  allowNotAboutPerson: false,
  requireAccessCode: false,
  maxRetentionDays: 30,
  maxAttachmentBytes: 2 ** 31,
  defaultExpiryDays: 14,
  accessCodeKinds: ["protected-identity"],
  webmailDomains: [],
  unscannableSensitive: true,
  disabledKinds: [],
  extraKeywords: [],
  notificationText: "",
  ...over,
});

describe("bytes in runtime messages", () => {
  it("when any bytes go to base64 and back, then they are unchanged and the text is what btoa would give", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(base64ToBytes(text)).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it("when text is not base64, then decoding throws instead of returning something", () => {
    expect(() => base64ToBytes("@@@")).toThrow();
  });
});

describe("where the generic adapter may run", () => {
  it.each([
    ["webmail.skola.example", ["webmail.skola.example"], true],
    ["WEBMAIL.skola.example.", ["webmail.skola.example"], true],
    ["mail.skola.example", ["webmail.skola.example"], false],
    ["a.kommun.example", ["*.kommun.example"], true],
    ["a.b.kommun.example", ["*.kommun.example"], true],
    ["kommun.example", ["*.kommun.example"], false],
    ["evilkommun.example", ["*.kommun.example"], false],
    ["kommun.example.evil.test", ["*.kommun.example"], false],
    ["127.0.0.1", [], false],
  ] as const)("when the page is %s and policy lists %j, then allowed is %s", (host, domains, allowed) => {
    expect(hostAllowed(host, domains)).toBe(allowed);
  });
});

describe("message schemas", () => {
  const draft = {
    to: ["a@b.se"],
    cc: [],
    bcc: [],
    subject: "s",
    body: "b",
    attachments: [{ name: "intyg.pdf", type: "application/pdf", size: 10 }],
    unreadable: [],
    source: "6f1c1a52-8d2f-4a0c-9d55-3a8f2f6a9b10",
    kinds: ["se-personnummer"],
  };

  it("when a draft is well formed, then it parses; when a field is missing or wrong, then it does not", () => {
    expect(draftSchema.safeParse(draft).success).toBe(true);
    for (const bad of [
      { ...draft, source: "not-a-uuid" },
      { ...draft, attachments: [{ name: "", type: "x", size: 1 }] },
      { ...draft, attachments: [{ name: "a", type: "x", size: -1 }] },
      { ...draft, unreadable: undefined },
      { ...draft, to: "a@b.se" },
      { ...draft, kinds: undefined },
    ])
      expect(draftSchema.safeParse(bad).success).toBe(false);
  });

  // The content script checks a draft against DRAFT_LIMITS before it goes, so that the person is
  // told what is too large; the background's schema must refuse exactly what that check lets
  // through past a limit, and take everything at the limits (else a draft would fail as "the
  // extension did not answer").
  const many = (n: number, at = "") => Array.from({ length: n }, (_, i) => `f${String(i)}${at}`);
  const address = (length: number) => `${"a".repeat(length - "@skola.se".length)}@skola.se`;
  const file = { name: "intyg.pdf", type: "application/pdf", size: 1 };
  it.each([
    ["to", { to: many(201, "@skola.se") }, { to: many(200, "@skola.se") }, "too-many-recipients"],
    ["bcc", { to: [], bcc: many(201, "@skola.se") }, { to: [], bcc: many(200, "@skola.se") }, "too-many-recipients"],
    // To, Cc and Bcc together: the server counts every reader of the message.
    [
      "to and cc together",
      { to: many(150, "@skola.se"), cc: many(51, "@kommun.se") },
      { to: many(150, "@skola.se"), cc: many(50, "@kommun.se") },
      "too-many-recipients",
    ],
    // Each address once: the same 150 in To and Cc are 150 readers.
    [
      "to and cc with the same addresses",
      { to: many(201, "@skola.se"), cc: many(201, "@skola.se") },
      { to: many(150, "@skola.se"), cc: many(150, "@skola.se") },
      "too-many-recipients",
    ],
    ["an address", { cc: [address(255)] }, { cc: [address(254)] }, "too-long-address"],
    ["the subject", { subject: "x".repeat(999) }, { subject: "x".repeat(998) }, "too-long-subject"],
    ["the body", { body: "x".repeat(8_000_001) }, { body: "x".repeat(8_000_000) }, "too-long-body"],
    [
      "the files",
      { attachments: Array.from({ length: 101 }, () => file) },
      { attachments: Array.from({ length: 100 }, () => file) },
      "too-many-files",
    ],
    ["the unreadable files", { unreadable: many(101) }, { unreadable: many(100) }, "too-many-files"],
  ] as const)(
    "when %s is one past its limit, then the content script names it and the background refuses it; at the limit both take it",
    (_, over, at, limit) => {
      expect(draftOverLimit({ ...draft, ...over })).toBe(limit);
      expect(draftSchema.safeParse({ ...draft, ...over }).success).toBe(false);
      expect(draftOverLimit({ ...draft, ...at })).toBeNull();
      expect(draftSchema.safeParse({ ...draft, ...at }).success).toBe(true);
    },
  );

  it("when a file name is longer than a draft may carry, then it is shortened before its extension, never mid-character, and the draft parses", () => {
    expect(shortenName("intyg.pdf", 255)).toBe("intyg.pdf");
    expect(shortenName(`${"a".repeat(300)}.pdf`, 255)).toBe(`${"a".repeat(250)}….pdf`);
    // No extension worth keeping (a dot far back, or none): cut at the end.
    expect(shortenName(`v1.2 ${"b".repeat(300)}`, 255)).toBe(`v1.2 ${"b".repeat(249)}…`);
    // A surrogate pair (an emoji) is not cut in half.
    const emoji = shortenName(`${"c".repeat(249)}😀😀😀.pdf`, 255);
    expect(emoji).toBe(`${"c".repeat(249)}….pdf`);
    // Too little room for the extension: the name is cut without it.
    expect(shortenName("abcdefgh.pdf", 3)).toBe("ab…");
    expect(shortenName("abcdefgh.pdf", 1)).toBe("…");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 600 }), fc.integer({ min: 2, max: 300 }), (name, max) => {
        const short = shortenName(name, max);
        expect(short.length).toBeLessThanOrEqual(max);
        if (name.length <= max) expect(short).toBe(name);
        // Never a lone high surrogate at the cut.
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(short)).toBe(false);
      }),
    );
    const long = { name: shortenName(`${"d".repeat(400)}.docx`, DRAFT_LIMITS.fileName), type: "", size: 1 };
    expect(draftSchema.safeParse({ ...draft, attachments: [long] }).success).toBe(true);
  });

  it("when unchecked files are reported, then only their reasons and count pass; a file name, an unknown reason or no file does not", () => {
    const parse = REQUESTS["sigill:unchecked-sent"];
    const ask = { type: "sigill:unchecked-sent", reasons: ["encrypted", "not-captured"], files: 2 };
    // Extra fields (a name the page slipped in) are dropped: only reasons and count reach the background.
    expect(parse({ ...ask, name: "elevakt-olle.pdf" })).toEqual(ask);
    for (const bad of [
      { ...ask, reasons: [] },
      { ...ask, reasons: ["elevakt-olle.pdf"] },
      { ...ask, files: 0 },
      { ...ask, files: 101 },
      { ...ask, files: 1.5 },
      { type: "sigill:unchecked-sent", files: 1 },
    ])
      expect(() => parse(bad), JSON.stringify(bad)).toThrow();
  });

  it("when a piece larger than one message may carry is asked for, then the request does not parse", () => {
    const ask = { type: "sigill:read-attachment", source: draft.source, index: 0, offset: 0 };
    const read = TAB_REQUESTS["sigill:read-attachment"];
    expect(read({ ...ask, length: ATTACHMENT_PIECE_BYTES })).toEqual({ ...ask, length: ATTACHMENT_PIECE_BYTES });
    expect(() => read({ ...ask, length: ATTACHMENT_PIECE_BYTES + 1 })).toThrow(ProtocolError);
    expect(() => read({ ...ask, length: 0 })).toThrow(ProtocolError);
  });

  it("when an override names a fixed reason, then it parses; a free-text reason or a long note does not", () => {
    const ask = { type: "sigill:override", kinds: ["se-personnummer"] };
    expect(overrideSchema.safeParse({ ...ask, reason: "urgent", note: "" }).success).toBe(true);
    expect(overrideSchema.safeParse({ ...ask, reason: "other", note: "Mottagaren saknar e-post" }).success).toBe(true);
    for (const bad of [
      { ...ask, reason: "Mottagaren saknar säker e-post", note: "" },
      { ...ask, reason: "other", note: "x".repeat(141) },
      { ...ask, reason: "urgent" },
    ])
      expect(overrideSchema.safeParse(bad).success).toBe(false);
  });
});

describe("bringing a draft's files into secure compose", () => {
  const file = (size: number, seed: number) => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = (i * seed) % 251;
    return out;
  };

  it("when files span several pieces, then each arrives whole and in order, with progress", async () => {
    const sources = [file(ATTACHMENT_PIECE_BYTES * 2 + 5, 3), file(0, 1), file(ATTACHMENT_PIECE_BYTES, 7)];
    const progress: number[] = [];
    const { files, failed } = await loadCarried(
      sources.map((s, i) => ({ name: `f${String(i)}.bin`, type: "application/octet-stream", size: s.length })),
      (index, offset, length) => Promise.resolve(sources[index]?.slice(offset, offset + length) ?? null),
      (done) => progress.push(done),
    );
    expect(failed).toEqual([]);
    expect(files.map((f) => f.name)).toEqual(["f0.bin", "f1.bin", "f2.bin"]);
    for (const [i, f] of files.entries())
      expect(Buffer.from(await f.arrayBuffer()).equals(Buffer.from(sources[i] ?? []))).toBe(true);
    expect(progress.at(-1)).toBe(ATTACHMENT_PIECE_BYTES * 3 + 5);
  });

  it("when pieces are asked for several at a time and answer out of order, then the file is still whole and in order, with at most three in flight", async () => {
    const source = file(ATTACHMENT_PIECE_BYTES * 6 + 123, 11);
    let inFlight = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 15, 2, 8];
    const { files, failed } = await loadCarried(
      [{ name: "foto.jpg", type: "image/jpeg", size: source.length }],
      async (_index, offset, length) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, delays[offset / ATTACHMENT_PIECE_BYTES] ?? 0));
        inFlight--;
        return source.slice(offset, offset + length);
      },
    );
    expect(failed).toEqual([]);
    expect(Buffer.from(await (files[0] ?? new Blob()).arrayBuffer()).equals(Buffer.from(source))).toBe(true);
    expect(most).toBe(3);
  });

  it("when the webmail tab shares a file whole, then it is taken as it is and no piece is asked for", async () => {
    const source = file(ATTACHMENT_PIECE_BYTES * 3 + 17, 13);
    const asked: number[] = [];
    const progress: number[] = [];
    const carried = await loadCarried(
      [{ name: "foto.jpg", type: "image/jpeg", size: source.length }],
      (_index, offset) => {
        asked.push(offset);
        return Promise.resolve(null);
      },
      (done) => progress.push(done),
      () => Promise.resolve(new Blob([source])),
    );
    expect(carried.failed).toEqual([]);
    expect(carried.whole).toBe(1);
    expect(asked).toEqual([]);
    expect(progress).toEqual([source.length]);
    const [taken] = carried.files;
    expect(taken?.name).toBe("foto.jpg");
    expect(taken?.type).toBe("image/jpeg");
    expect(Buffer.from(await (taken ?? new Blob()).arrayBuffer()).equals(Buffer.from(source))).toBe(true);
  });

  it("when sharing a file whole fails (not there, another size, an error), then it comes in pieces, whole and in order", async () => {
    const source = file(ATTACHMENT_PIECE_BYTES + 99, 17);
    for (const readWhole of [
      () => Promise.resolve(null),
      () => Promise.resolve(new Blob([source.subarray(1)])),
      () => Promise.resolve(new Blob([source, Uint8Array.of(0)])),
      () => Promise.reject(new Error("the blob URL was revoked")),
    ]) {
      const carried = await loadCarried(
        [{ name: "intyg.pdf", type: "application/pdf", size: source.length }],
        (_i, offset, length) => Promise.resolve(source.slice(offset, offset + length)),
        undefined,
        readWhole,
      );
      expect(carried.whole).toBe(0);
      expect(carried.failed).toEqual([]);
      expect(Buffer.from(await (carried.files[0] ?? new Blob()).arrayBuffer()).equals(Buffer.from(source))).toBe(true);
    }
  });

  it.each([
    ["blob:https://mail.google.com/6f1c1a52-8d2f-4a0c-9d55-3a8f2f6a9b10", true],
    ["blob:http://127.0.0.1:8080/6f1c1a52-8d2f-4a0c-9d55-3a8f2f6a9b10", true],
    ["https://evil.example/6f1c1a52-8d2f-4a0c-9d55-3a8f2f6a9b10", false],
    ["blob:null/6f1c1a52-8d2f-4a0c-9d55-3a8f2f6a9b10", false],
    ["blob:chrome-extension://abc/6f1c1a52-8d2f-4a0c-9d55-3a8f2f6a9b10", false],
    ["blob:https://mail.google.com/6f1c1a52-8d2f-4a0c-9d55-3a8f2f6a9b10/../x", false],
    ["blob:https://mail.google.com/not-a-uuid", false],
    ["data:application/pdf;base64,AAAA", false],
  ] as const)("when the webmail tab answers a share with %s, then it is fetched: %s", (url, ok) => {
    expect(isSharedUrl(url)).toBe(ok);
    const parse = () => ANSWERS["sigill:share-attachment"]({ url });
    if (ok) expect(parse()).toEqual({ url });
    else expect(parse).toThrow(ProtocolError);
  });

  it("when the webmail tab cannot give a piece (gone, short or failing), then that file is named as failed, never half-attached", async () => {
    const source = file(ATTACHMENT_PIECE_BYTES + 10, 5);
    for (const read of [
      (_i: number, offset: number) => Promise.resolve(offset === 0 ? source.slice(0, ATTACHMENT_PIECE_BYTES) : null),
      (_i: number, offset: number, length: number) => Promise.resolve(source.slice(offset, offset + length - 1)),
      () => Promise.reject(new Error("tab closed")),
    ]) {
      const { files, failed } = await loadCarried(
        [{ name: "intyg.pdf", type: "application/pdf", size: source.length }],
        read,
      );
      expect(files).toEqual([]);
      expect(failed).toEqual(["intyg.pdf"]);
    }
  });
});

describe("when policy forces an access code", () => {
  it.each([
    ["no policy known", null, ["se-personnummer"], false],
    ["always required", policy({ requireAccessCode: true }), [], true],
    [
      "a listed kind is in the draft",
      policy({ accessCodeKinds: ["se-personnummer"] }),
      ["health", "se-personnummer"],
      true,
    ],
    ["no listed kind is in the draft", policy({ accessCodeKinds: ["se-personnummer"] }), ["health"], false],
    ["nothing listed", policy({ accessCodeKinds: [] }), ["protected-identity"], false],
  ] as const)("when %s, then required is %s", (_name, p, kinds, required) => {
    expect(accessCodeRequired(p, kinds)).toBe(required);
  });
});

describe("the ciphertext spool in memory", () => {
  it("when pieces are spooled, then any range reads back as written; after discard, reads fail", async () => {
    async function* pieces() {
      yield await Promise.resolve(Uint8Array.of(1, 2, 3));
      yield new Uint8Array(0);
      yield Uint8Array.of(4, 5);
    }
    const spooled = await memorySpool(pieces());
    expect(spooled.size).toBe(5);
    expect([...(await spooled.read(0, 5))]).toEqual([1, 2, 3, 4, 5]);
    expect([...(await spooled.read(2, 2))]).toEqual([3, 4]);
    expect([...(await spooled.read(4, 10))]).toEqual([5]);
    await spooled.discard();
    await expect(spooled.read(0, 1)).rejects.toThrow();
  });
});

describe("the spilling spool: memory up to a limit, disk beyond it", () => {
  /** A stand-in disk (the real one, OPFS, is exercised by pages.test in Chromium) that counts its files. */
  const countingDisk = () => {
    const used = { files: 0 };
    const disk: Spool = async (pieces) => {
      used.files++;
      return memorySpool(pieces);
    };
    return { used, disk };
  };
  async function* split(bytes: Uint8Array, sizes: readonly number[]) {
    let at = 0;
    for (const n of sizes) {
      yield await Promise.resolve(bytes.subarray(at, at + n));
      at += n;
    }
    if (at < bytes.length) yield bytes.subarray(at);
  }

  it.each([
    ["exactly at the limit", 100, 0],
    ["one byte over", 101, 1],
    ["far over", 1000, 1],
    ["empty", 0, 0],
  ] as const)(
    "when a file of %s is spooled, then it goes to disk %s time(s) and reads back whole",
    async (_n, size, files) => {
      const { used, disk } = countingDisk();
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 256);
      const spooled = await spillingSpool(100, disk)(split(bytes, [30, 30, 30, 30]));
      expect(used.files).toBe(files);
      expect(spooled.size).toBe(size);
      expect([...(await spooled.read(0, size))]).toEqual([...bytes]);
    },
  );

  it("when pieces of any sizes are spooled, then the bytes that come back are the bytes that went in, on either side of the limit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 2000 }),
        async (bytes, sizes, limit) => {
          const { used, disk } = countingDisk();
          const spooled = await spillingSpool(limit, disk)(split(bytes, sizes));
          expect(used.files).toBe(bytes.length > limit ? 1 : 0);
          expect(spooled.size).toBe(bytes.length);
          expect(Buffer.from(await spooled.read(0, bytes.length)).equals(Buffer.from(bytes))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("when the pieces fail part-way, then the failure reaches the caller (nothing half-spooled is returned)", async () => {
    async function* failing() {
      yield await Promise.resolve(new Uint8Array(80));
      yield new Uint8Array(80);
      throw new Error("the file could not be read");
    }
    const { disk } = countingDisk();
    await expect(spillingSpool(100, disk)(failing())).rejects.toThrow("could not be read");
    await expect(spillingSpool(1000, disk)(failing())).rejects.toThrow("could not be read");
  });
});

describe("the access code decided at the moment of sending (codeRequiredAtSend)", () => {
  const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(resolve, ms, value));
  const byNumber = policy({ accessCodeKinds: ["se-personnummer"] });

  it("when Send is pressed while a file's scan is still running, then a personnummer found in the file still forces the code", async () => {
    const scan = later(await scanAttachment("elevlista.txt", new TextEncoder().encode("Olle 19121212-1212, 4B")), 30);
    expect(await codeRequiredAtSend(Promise.resolve(byNumber), [], [scan])).toBe(true);
  });

  it("when the scans are clean or failed, then the draft's own kinds decide", async () => {
    const clean = scanAttachment("packlista.txt", new TextEncoder().encode("Matsäck och regnkläder."));
    expect(await codeRequiredAtSend(Promise.resolve(byNumber), [], [clean, later(null, 10)])).toBe(false);
    expect(await codeRequiredAtSend(Promise.resolve(byNumber), ["se-personnummer"], [clean])).toBe(true);
  });

  it("when Send is pressed before the organisation's policy has arrived, then the policy that arrives decides", async () => {
    const all = later(policy({ requireAccessCode: true }), 30);
    expect(await codeRequiredAtSend(all, [], [])).toBe(true);
    expect(await codeRequiredAtSend(later(null, 10), ["se-personnummer"], [])).toBe(false);
  });
});

// What the webmail tab's content script receives is parsed by hand (wire.ts, no zod in the content
// script): these tables pin that each parser is as strict as the zod schema it replaced — every
// field required, bounds exact, unknown fields dropped — and that the messenger refuses what does
// not parse.
describe("what the content script parses, without zod", () => {
  const SOURCE = "6f1c1a52-8d2f-4a0c-9d55-3a8f2f6a9b10";
  /** Each of `bad` must throw ProtocolError. */
  const refuses = (parse: (input: unknown) => unknown, bad: readonly unknown[]) => {
    for (const input of bad) expect(() => parse(input), JSON.stringify([input]).slice(0, 80)).toThrow(ProtocolError);
  };
  const NOT_OBJECTS = [undefined, null, "x", 1, true, []];

  it("when a real scan of a file comes back over JSON, then it parses to itself; any field wrong, and it is refused", async () => {
    const scan = await scanAttachment(
      "elevlista.txt",
      new TextEncoder().encode("Olle 19121212-1212, 4B, har diabetes"),
    );
    expect(scan.result.findings.length).toBeGreaterThan(0);
    const wire: unknown = JSON.parse(JSON.stringify(scan));
    const parse = ANSWERS["sigill:scan-attachment"];
    expect(parse(wire)).toEqual(wire);
    expect(ANSWERS["sigill:scan-run"]).toBe(parse);
    const unscannable = {
      status: "unscannable",
      name: "a.pdf",
      reason: "encrypted",
      result: { sensitive: false, findings: [] },
      locations: [{ part: "name", page: 2, slide: 1, sheet: "Blad1", cell: "B7" }],
    };
    expect(parse({ ...unscannable, extra: "Maja" })).toEqual(unscannable);
    const f = scan.result.findings[0];
    const withFinding = (finding: unknown) => ({ ...scan, result: { ...scan.result, findings: [finding] } });
    refuses(parse, [
      ...NOT_OBJECTS,
      { ...unscannable, status: "done" },
      { ...unscannable, reason: "too-big" },
      { ...unscannable, name: 1 },
      { ...unscannable, result: { sensitive: "no", findings: [] } },
      { ...unscannable, result: { sensitive: false } },
      { ...unscannable, locations: [{ part: "footer" }] },
      { ...unscannable, locations: [{ page: "2" }] },
      { ...unscannable, locations: undefined },
      withFinding({ ...f, level: "critical" }),
      withFinding({ ...f, start: null }), // NaN and Infinity arrive as null over JSON
      withFinding({ ...f, end: "3" }),
      withFinding({ ...f, type: 7 }),
      withFinding({ ...f, explanation: { sv: "x" } }),
    ]);
  });

  it("when the background answers a site check, then the defaults fill in and every bound holds", () => {
    const parse = ANSWERS["sigill:site-check"];
    expect(parse({ generic: true })).toEqual({ generic: true, unscannableSensitive: true });
    const detection = {
      disabledKinds: ["x".repeat(40)],
      extraKeywords: Array.from({ length: 100 }, () => "y".repeat(61)),
    };
    expect(parse({ generic: false, unscannableSensitive: false, detection, host: "evil" })).toEqual({
      generic: false,
      unscannableSensitive: false,
      detection,
    });
    refuses(parse, [
      ...NOT_OBJECTS,
      {},
      { generic: "true" },
      { generic: true, unscannableSensitive: null },
      { generic: true, detection: null },
      { generic: true, detection: { disabledKinds: [] } },
      { generic: true, detection: { ...detection, disabledKinds: ["x".repeat(41)] } },
      // A list with a hole (a structured clone keeps it; map() would skip it) is refused.
      {
        generic: true,
        detection: {
          ...detection,
          disabledKinds: structuredClone(Object.assign(new Array<string>(2), { 1: "health" })) as unknown,
        },
      },
      { generic: true, detection: { ...detection, disabledKinds: Array.from({ length: 51 }, () => "health") } },
      { generic: true, detection: { ...detection, extraKeywords: ["y".repeat(62)] } },
      { generic: true, detection: { ...detection, extraKeywords: [...detection.extraKeywords, "z"] } },
    ]);
  });

  it("when the background answers done or not, then only a boolean counts", () => {
    for (const type of [
      "sigill:divert",
      "sigill:override",
      "sigill:not-about-person",
      "sigill:unrecognised",
    ] as const) {
      expect(ANSWERS[type]({ ok: true, note: "x" })).toEqual({ ok: true });
      refuses(ANSWERS[type], [...NOT_OBJECTS, {}, { ok: "true" }, { ok: 1 }]);
    }
    refuses(ANSWERS["sigill:override-allowed"], [...NOT_OBJECTS, {}, { allowed: true, notAboutPerson: "yes" }]);
  });

  it("when secure compose asks the webmail tab to deliver, then the draft's id, subject and text are bounded and nothing else passes", () => {
    const parse = TAB_REQUESTS["sigill:deliver"];
    const ok = {
      type: "sigill:deliver",
      source: "0b6d5a3e-3f2c-4c1e-9a7b-2d4f6e8a1c3b",
      subject: "s".repeat(998),
      text: "t".repeat(100_000),
    };
    expect(parse({ ...ok, to: ["x@y.se"] })).toEqual(ok);
    refuses(parse, [
      ...NOT_OBJECTS,
      { ...ok, type: "sigill:divert" },
      // Which window sends is named by the draft's id: without one, or with any other text, nothing is sent.
      { ...ok, source: undefined },
      { ...ok, source: "popout" },
      { ...ok, subject: "s".repeat(999) },
      { ...ok, text: "t".repeat(100_001) },
      { ...ok, text: undefined },
    ]);
    const answer = ANSWERS["sigill:deliver"];
    expect(answer({ sent: true, attachments: 0 })).toEqual({ sent: true, attachments: 0 });
    refuses(answer, [
      ...NOT_OBJECTS,
      { sent: true },
      { sent: true, attachments: -1 },
      { sent: true, attachments: 1.5 },
    ]);
  });

  it("when secure compose asks for a file or a piece of it, then the source is a UUID and index, offset and length are in bounds", () => {
    const read = TAB_REQUESTS["sigill:read-attachment"];
    const share = TAB_REQUESTS["sigill:share-attachment"];
    const piece = { type: "sigill:read-attachment", source: SOURCE, index: 99, offset: 2 ** 40, length: 1 };
    expect(read(piece)).toEqual(piece);
    expect(share({ type: "sigill:share-attachment", source: SOURCE.toUpperCase(), index: 0 })).toEqual({
      type: "sigill:share-attachment",
      source: SOURCE.toUpperCase(),
      index: 0,
    });
    refuses(read, [
      ...NOT_OBJECTS,
      { ...piece, type: "sigill:share-attachment" },
      { ...piece, source: "not-a-uuid" },
      { ...piece, source: "6f1c1a52-8d2f-9a0c-9d55-3a8f2f6a9b10" }, // version 9 is no UUID
      { ...piece, index: 100 },
      { ...piece, index: -1 },
      { ...piece, index: 0.5 },
      { ...piece, offset: 2 ** 40 + 1 },
      { ...piece, offset: -1 },
      { ...piece, length: "1" },
    ]);
    refuses(share, [
      ...NOT_OBJECTS,
      { type: "sigill:share-attachment", source: SOURCE },
      { type: "sigill:share-attachment", source: SOURCE, index: 100 },
    ]);
    const bytes = ANSWERS["sigill:read-attachment"];
    expect(bytes({ bytes: null })).toEqual({ bytes: null });
    expect(bytes({ bytes: "AAAA" })).toEqual({ bytes: "AAAA" });
    refuses(bytes, [...NOT_OBJECTS, {}, { bytes: 1 }]);
  });

  it("when a request does not parse, or names no handled type, then the content script's listener does not answer it", async () => {
    const seen: unknown[] = [];
    const listener = listen(TAB_REQUESTS, {
      "sigill:share-attachment": (request) => {
        seen.push(request);
        return Promise.resolve({ url: null });
      },
    });
    const answers: unknown[] = [];
    const respond = (answer: unknown) => answers.push(answer);
    for (const message of [
      { type: "sigill:share-attachment", source: "x", index: 0 },
      { type: "sigill:deliver", subject: "", text: "" }, // a type it has no handler for
      { type: "toString" },
      { type: "hasOwnProperty" },
      null,
      "sigill:share-attachment",
    ])
      expect(listener(message, {}, respond)).toBeUndefined();
    expect(listener({ type: "sigill:share-attachment", source: SOURCE, index: 1, body: "Maja" }, {}, respond)).toBe(
      true,
    );
    await Promise.resolve();
    expect(seen).toEqual([{ type: "sigill:share-attachment", source: SOURCE, index: 1 }]);
    expect(answers).toEqual([{ url: null }]);
  });

  it("when an answer is missing or malformed, then ask throws ProtocolError naming the message, never the value", async () => {
    for (const answer of [undefined, { generic: "yes" }]) {
      const error: unknown = await ask(() => Promise.resolve(answer), { type: "sigill:site-check", host: "x" }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).where).toBe("sigill:site-check");
    }
  });
});

describe("where a message came from", () => {
  it.each([
    [{ tab: { id: 1, url: "https://outlook.office.com/mail/" } }, "outlook.office.com"],
    // A pop-out its opener filled: about:blank in the tab, the opener's origin as the sender's.
    [{ tab: { id: 2, url: "about:blank" }, origin: "https://outlook.office.com" }, "outlook.office.com"],
    [{ tab: { id: 3, url: "about:blank" } }, ""],
    [{ tab: { id: 4, url: "https://mail.google.com/" }, origin: "https://evil.example" }, "mail.google.com"],
    [{}, ""],
  ])("when the sender is %j, then its host is %j", (sender, host) => {
    expect(senderHost(sender)).toBe(host);
  });
});
