// The typed messages between content script, background and pages, and the pure helpers beside
// them: base64 for bytes in runtime messages, the webmail-domain rule, loading a draft's files
// piece by piece, and when policy forces an access code.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCarried } from "../src/pages/carried.ts";
import {
  ATTACHMENT_PIECE_BYTES,
  base64ToBytes,
  bytesToBase64,
  draftSchema,
  hostAllowed,
  overrideSchema,
  readAttachmentSchema,
  shareAttachmentAnswerSchema,
  sharedUrlSchema,
} from "../src/protocol.ts";
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

  it("when a piece larger than one message may carry is asked for, then the request does not parse", () => {
    const ask = { type: "sigill:read-attachment", source: draft.source, index: 0, offset: 0 };
    expect(readAttachmentSchema.safeParse({ ...ask, length: ATTACHMENT_PIECE_BYTES }).success).toBe(true);
    expect(readAttachmentSchema.safeParse({ ...ask, length: ATTACHMENT_PIECE_BYTES + 1 }).success).toBe(false);
    expect(readAttachmentSchema.safeParse({ ...ask, length: 0 }).success).toBe(false);
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
    expect(sharedUrlSchema.safeParse(url).success).toBe(ok);
    expect(shareAttachmentAnswerSchema.safeParse({ url }).success).toBe(ok);
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
