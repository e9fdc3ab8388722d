// How the guard counts a compose window's attachments: which files still count, what makes one
// sensitive, the kinds it adds, and the worker runner's time limit.
import { describe, expect, it } from "vitest";
import {
  countingFiles,
  createListMemory,
  fileIsSensitive,
  fileKinds,
  nameOnlyScan,
  removalDueAt,
  uncheckedFiles,
  UNSCANNABLE_KIND,
  type TrackedFile,
} from "../src/content/attachment-state.ts";
import { scanJob } from "../src/attachments/job.ts";
import { scanInWorker, type ScanJob, type ScanWorker } from "../src/attachments/run.ts";
import type { AttachmentScan } from "../src/wire.ts";

const clean: AttachmentScan = {
  status: "scanned",
  name: "utflykt.pdf",
  result: { sensitive: false, findings: [] },
  locations: [],
};
const flagged: AttachmentScan = {
  status: "scanned",
  name: "intyg.pdf",
  result: {
    sensitive: true,
    findings: [
      {
        type: "se-personnummer",
        category: "identifier",
        start: 0,
        end: 13,
        level: "high",
        explanation: { sv: "Personnummer", en: "Personal identity number" },
      },
    ],
  },
  locations: [{ page: 2 }],
};
const locked: AttachmentScan = { ...clean, status: "unscannable", name: "hemlig.pdf", reason: "encrypted" };
const file = (name: string, scan: AttachmentScan | null): TrackedFile => ({ name, scan, seenListed: false });

/** A look at the list `after` ms after the one before it; a bare list is a look 1 s after it. */
type Look = readonly string[] | { readonly after: number; readonly listed: readonly string[] };

/**
 * A compose window's looks at its list, as the guard makes them: the first right after the files
 * were captured (at 0 ms; the webmail has not listed them yet: `atCapture`), then one per list.
 */
const looks = (files: readonly TrackedFile[], atCapture: readonly string[], ...lists: Look[]) => {
  const memory = createListMemory();
  countingFiles(files, atCapture, memory, 0);
  let now = 0;
  return lists.map((look) => {
    const { after, listed } = "after" in look ? look : { after: 1000, listed: look };
    now += after;
    return countingFiles(files, listed, memory, now);
  });
};
const names = (counted: readonly TrackedFile[] | undefined) => counted?.map((f) => f.name);
const notCaptured = (counted: readonly TrackedFile[] | undefined) =>
  (counted ?? []).filter((f) => f.scan?.reason === "not-captured").map((f) => f.name);

describe("which attachments count", () => {
  it("when a file is listed, or not listed yet (uploading), then it counts; once listed and then gone on looks 500 ms apart (removed), it does not", () => {
    const a = file("a.pdf", clean);
    const b = file("b.pdf", clean);
    const [first, second, third, fourth, fifth] = looks([a, b], [], ["a.pdf (12 KB)"], ["b.pdf"], ["b.pdf"], [], []);
    expect(names(first)).toEqual(["a.pdf", "b.pdf"]);
    // Gone from one look only: it may be a re-render, so the file still counts (fail closed).
    expect(names(second)).toEqual(["a.pdf", "b.pdf"]);
    expect(names(third)).toEqual(["b.pdf"]);
    expect(names(fourth)).toEqual(["b.pdf"]);
    expect(names(fifth)).toEqual([]);
    // A name that merely starts like another file's is not that file: it is one never captured.
    const c = file("c.pdf", clean);
    expect(names(looks([c], [], ["c.pdf.exe"])[0])).toEqual(["c.pdf", "c.pdf.exe"]);
    expect(c.seenListed).toBe(false);
  });
});

describe("when a file gone from the list counts as removed (review: a re-render is not a removal)", () => {
  it("when a captured file's name leaves the list, then the guard is told when to look again (500 ms on), and nothing once it is decided", () => {
    const memory = createListMemory();
    const captured = file("intyg.pdf", clean);
    countingFiles([captured], [], memory, 0);
    countingFiles([captured], ["intyg.pdf"], memory, 1000);
    expect(removalDueAt(memory)).toBeUndefined();
    expect(countingFiles([captured], [], memory, 2000)).toEqual([captured]);
    expect(removalDueAt(memory)).toBe(2500);
    expect(countingFiles([captured], [], memory, 2500)).toEqual([]);
    expect(removalDueAt(memory)).toBeUndefined();
  });
});

describe("each list entry stands for one captured file at most (independent review: a forwarded file hidden by a captured one)", () => {
  // Each row: the captured files, the list when they were captured, the lists after; then, for the
  // last list, the captured files that count and the entries counted as never captured.
  it.each([
    [
      "a forwarded intyg.pdf, then a clean intyg.pdf dropped in",
      ["intyg.pdf"],
      ["intyg.pdf"],
      [["intyg.pdf", "intyg.pdf"]],
      ["intyg.pdf"],
      ["intyg.pdf"],
    ],
    ["one file captured, then listed once", ["intyg.pdf"], [], [["intyg.pdf (12 KB)"]], ["intyg.pdf"], []],
    [
      "two files of one name captured, then both listed",
      ["intyg.pdf", "intyg.pdf"],
      [],
      [["intyg.pdf", "intyg.pdf"]],
      ["intyg.pdf", "intyg.pdf"],
      [],
    ],
    [
      "two files of one name captured, three listed",
      ["intyg.pdf", "intyg.pdf"],
      [],
      [["intyg.pdf", "intyg.pdf", "intyg.pdf"]],
      ["intyg.pdf", "intyg.pdf"],
      ["intyg.pdf"],
    ],
    [
      "a captured file removed, then a forwarded file of its name listed",
      ["intyg.pdf"],
      [],
      [["intyg.pdf"], [], ["intyg.pdf"]],
      [],
      ["intyg.pdf"],
    ],
    [
      "a forwarded and a captured file of one name, then one of them removed (which cannot be told)",
      ["intyg.pdf"],
      ["intyg.pdf"],
      [["intyg.pdf", "intyg.pdf"], ["intyg.pdf"]],
      ["intyg.pdf"],
      ["intyg.pdf"],
    ],
    [
      "a forwarded intyg.pdf, and a clean intyg.pdf captured and still uploading",
      ["intyg.pdf"],
      ["intyg.pdf (40 KB)"],
      [["intyg.pdf (40 KB)"]],
      ["intyg.pdf"],
      ["intyg.pdf (40 KB)"],
    ],
    // Review: a captured file the webmail never listed (refused: too large, a blocked type; the
    // upload cancelled) stands for a new entry only within 30 s of its capture; later, an entry of
    // its name is one added another way (a cloud picker, a forwarded file), never captured.
    [
      "a clean intyg.pdf captured but never listed, then an intyg.pdf listed after 31 s",
      ["intyg.pdf"],
      [],
      [{ after: 31_000, listed: ["intyg.pdf"] }],
      ["intyg.pdf"],
      ["intyg.pdf"],
    ],
    [
      "a clean intyg.pdf captured, looked at unlisted, then an intyg.pdf listed 40 s after the capture",
      ["intyg.pdf"],
      [],
      [[], { after: 39_000, listed: ["intyg.pdf"] }],
      ["intyg.pdf"],
      ["intyg.pdf"],
    ],
    [
      "a clean intyg.pdf captured, then listed 5 s later (within the 30 s)",
      ["intyg.pdf"],
      [],
      [[], { after: 4_000, listed: ["intyg.pdf (12 KB)"] }],
      ["intyg.pdf"],
      [],
    ],
    // Review: a re-render of the list (a chip replaced, the list emptied and rebuilt across frames)
    // does not remove a captured file: only a name missing on looks spanning 500 ms does.
    [
      "a captured file listed, missing for one quick look (a re-render), then listed again",
      ["intyg.pdf"],
      [],
      [["intyg.pdf"], { after: 16, listed: [] }, { after: 16, listed: ["intyg.pdf"] }],
      ["intyg.pdf"],
      [],
    ],
    [
      "a captured file listed, missing on looks 400 ms apart, then listed again",
      ["intyg.pdf"],
      [],
      [["intyg.pdf"], { after: 16, listed: [] }, { after: 400, listed: [] }, { after: 16, listed: ["intyg.pdf"] }],
      ["intyg.pdf"],
      [],
    ],
    [
      "a forwarded intyg.pdf and a clean one still uploading, the list emptied for one quick look, then the forwarded one back",
      ["intyg.pdf"],
      ["intyg.pdf"],
      [
        { after: 16, listed: [] },
        { after: 16, listed: ["intyg.pdf"] },
      ],
      ["intyg.pdf"],
      ["intyg.pdf"],
    ],
    [
      "a captured file listed, then missing on looks 600 ms apart (removed)",
      ["intyg.pdf"],
      [],
      [["intyg.pdf"], { after: 16, listed: [] }, { after: 600, listed: [] }],
      [],
      [],
    ],
    [
      "a captured file missing on looks 600 ms apart, then a file of its name listed",
      ["intyg.pdf"],
      [],
      [["intyg.pdf"], { after: 16, listed: [] }, { after: 600, listed: [] }, ["intyg.pdf"]],
      [],
      ["intyg.pdf"],
    ],
  ] as const)("when %s, then the right files count", (_, captured, atCapture, lists, counting, never) => {
    const files = captured.map((name) => file(name, { ...clean, name }));
    const last = looks(files, atCapture, ...lists).at(-1);
    expect(names(last?.filter((f) => files.includes(f)))).toEqual(counting);
    expect(notCaptured(last)).toEqual(never);
    // An entry never captured is not checked: by default policy it stops Send.
    expect(last?.some((f) => fileIsSensitive(f, true))).toBe(never.length > 0);
  });

  it("when the only look is after the webmail listed a file (the capture went unseen), then its entry counts as never captured", () => {
    const memory = createListMemory();
    const captured = file("intyg.pdf", clean);
    expect(notCaptured(countingFiles([captured], ["intyg.pdf", "intyg.pdf"], memory, 0))).toEqual([
      "intyg.pdf",
      "intyg.pdf",
    ]);
  });
});

describe("files the guard cannot tell apart or never had (independent review, D1 and D2)", () => {
  it("when the draft lists a file the extension never captured (forwarded, a reopened draft), then it counts as unscannable, never as clean", () => {
    const listed = ["vidarebefordrat.pdf (40 KB)"];
    const counted = countingFiles([], listed, createListMemory(), 0);
    expect(counted.map((f) => f.name)).toEqual(["vidarebefordrat.pdf (40 KB)"]);
    expect(counted[0]?.scan).toMatchObject({ status: "unscannable", reason: "not-captured" });
    expect(fileIsSensitive(counted[0] as TrackedFile, true)).toBe(true);
    expect(fileKinds(counted, true)).toEqual([UNSCANNABLE_KIND]);
    // A captured file of that name is the listed one: nothing extra is counted.
    const captured: TrackedFile = { name: "vidarebefordrat.pdf", scan: clean, seenListed: false };
    expect(looks([captured], [], listed)[0]).toEqual([captured]);
  });

  it("when the name of an uncaptured file holds a personnummer, then that is found too", () => {
    const [file] = countingFiles([], ["intyg 19121212-1212.pdf"], createListMemory(), 0);
    expect(file?.scan?.result.sensitive).toBe(true);
  });

  it("when a file's scan is still running, then it is recorded as not checked (an override then names it; review D6)", () => {
    const pending: TrackedFile = { name: "intyg.pdf", scan: null, seenListed: false };
    expect(fileKinds([pending], true)).toEqual([UNSCANNABLE_KIND]);
    expect(fileKinds([pending], false)).toEqual([UNSCANNABLE_KIND]);
  });

  it("when a second file of the same name is attached, then it does not hide the first: both count while the name is listed", () => {
    const first: TrackedFile = { name: "scan.txt", scan: flagged, seenListed: false };
    const second: TrackedFile = { name: "scan.txt", scan: clean, seenListed: false };
    const [both, one, , none] = looks([first, second], [], ["scan.txt", "scan.txt"], ["scan.txt"], [], []);
    expect(both).toEqual([first, second]);
    expect(both?.some((f) => fileIsSensitive(f, true))).toBe(true);
    // Which of the two was removed cannot be told from one remaining entry: both still count.
    expect(one).toEqual([first, second]);
    expect(none).toEqual([]);
  });
});

describe("what an attachment adds to the send decision", () => {
  it.each([
    ["a scan still running", null, true, true],
    ["a clean file", clean, true, false],
    ["a file with a personnummer", flagged, false, true],
    ["an encrypted file, policy counting it", locked, true, true],
    ["an encrypted file, policy not counting it", locked, false, false],
  ] as const)("when %s, then sensitive is %s / %s", (_name, scan, policy, sensitive) => {
    expect(fileIsSensitive(file("x", scan), policy)).toBe(sensitive);
  });

  it("when files hold data or cannot be scanned, then their kinds are named for the record, never their content", () => {
    expect(fileKinds([file("i", flagged), file("h", locked), file("u", clean)], true).sort()).toEqual([
      "se-personnummer",
      UNSCANNABLE_KIND,
    ]);
    expect(fileKinds([file("h", locked)], false)).toEqual([]);
  });

  it("when only the name can be checked, then a personnummer in the name is still found", () => {
    const scan = nameOnlyScan("19121212-1212 intyg.pdf", "too-large");
    expect(scan).toMatchObject({ status: "unscannable", reason: "too-large" });
    expect(scan.result.findings.map((f) => f.type)).toContain("se-personnummer");
    expect(scan.locations.every((l) => l.part === "name")).toBe(true);
  });
});

describe("the worker runner", () => {
  /** A stand-in for the browser's Worker that answers after `delayMs` (or never). */
  const worker = (delayMs: number | null, answer: AttachmentScan) => {
    const w: ScanWorker & { terminated: boolean } = {
      onmessage: null,
      onerror: null,
      terminated: false,
      postMessage() {
        if (delayMs !== null)
          setTimeout(() => {
            if (!w.terminated) w.onmessage?.({ data: answer } as MessageEvent);
          }, delayMs);
      },
      terminate() {
        w.terminated = true;
      },
    };
    return w;
  };

  it("when the worker answers in time, then its scan is returned and the worker ended", async () => {
    const w = worker(5, flagged);
    expect(await scanInWorker("intyg.pdf", new Uint8Array(3), () => w, 1000)).toEqual(flagged);
    expect(w.terminated).toBe(true);
  });

  it("when the worker overruns the limit, then it is ended and the file reported as timed out, name still checked", async () => {
    const w = worker(null, flagged);
    const scan = await scanInWorker("19121212-1212.pdf", new Uint8Array(3), () => w, 20);
    expect(w.terminated).toBe(true);
    expect(scan).toMatchObject({ status: "unscannable", reason: "timeout" });
    expect(scan.result.findings.length).toBeGreaterThan(0);
  });
});

describe("the organisation's detection settings in attachment scans", () => {
  const detection = { disabledKinds: ["health"], extraKeywords: ["åsneskolan"] };
  const text = new TextEncoder().encode("Maja har diabetes och tar insulin.\n\nHon börjar på Åsneskolan i januari.\n");
  /** The browser's Worker stood in for by the real job function, run in this process. */
  const inProcess = () => {
    const posted: unknown[] = [];
    const w: ScanWorker & { posted: unknown[] } = {
      onmessage: null,
      onerror: null,
      posted,
      postMessage(message) {
        posted.push(message);
        void scanJob(message as ScanJob).then((scan) => w.onmessage?.({ data: scan } as MessageEvent));
      },
      terminate() {},
    };
    return w;
  };
  const kinds = (scan: { result: { findings: readonly { category: string }[] } }) =>
    scan.result.findings.map((f) => f.category);

  it("when the settings travel with the job, then a switched-off category is not flagged and an extra keyword is", async () => {
    const w = inProcess();
    const scan = await scanInWorker("brev.txt", text, () => w, 5000, detection);
    expect((w.posted[0] as ScanJob).detection).toEqual(detection);
    expect(kinds(scan)).toEqual(["org-keyword"]);
    expect(scan.result.sensitive).toBe(true);
  });

  it("when no policy is known, then every kind is on and there are no extra keywords", async () => {
    const scan = await scanInWorker("brev.txt", text, inProcess, 5000);
    expect(kinds(scan)).toContain("health");
    expect(kinds(scan)).not.toContain("org-keyword");
  });

  it("when the worker overruns, then the file name is still checked with the organisation's keywords", async () => {
    const silent: ScanWorker = { onmessage: null, onerror: null, postMessage() {}, terminate() {} };
    const scan = await scanInWorker("Åsneskolan-intyg.pdf", text, () => silent, 20, detection);
    expect(scan).toMatchObject({ status: "unscannable", reason: "timeout" });
    expect(kinds(scan)).toEqual(["org-keyword"]);
  });
});

describe("the files that go unchecked where policy lets them (what the admin is told)", () => {
  const tracked = (scan: AttachmentScan | null): TrackedFile => ({
    name: scan?.name ?? "pågår.pdf",
    scan,
    seenListed: true,
  });
  const image: AttachmentScan = { ...clean, status: "unscannable", name: "foto.jpg", reason: "image-only" };
  const sensitiveName: AttachmentScan = {
    ...flagged,
    status: "unscannable",
    name: "19121212-1212.pdf",
    reason: "encrypted",
  };
  it.each([
    ["no file", [], null],
    ["a clean and a flagged file, both read", [clean, flagged], null],
    ["a scan still running", [null], null],
    ["an encrypted file", [locked], { reasons: ["encrypted"], files: 1 }],
    [
      "two encrypted files and a photo: each reason once, in order",
      [locked, { ...locked, name: "hemlig2.pdf" }, image],
      { reasons: ["encrypted", "image-only"], files: 3 },
    ],
    [
      "a file not read whose name holds a personnummer: it counts against the send, not unchecked",
      [sensitiveName],
      null,
    ],
    [
      "a file listed but never captured",
      [nameOnlyScan("bifogad.pdf", "not-captured")],
      { reasons: ["not-captured"], files: 1 },
    ],
    [
      "101 files listed but never captured: reported as the most a report may name",
      Array.from({ length: 101 }, (_, i) => nameOnlyScan(`bilaga${String(i)}.pdf`, "not-captured")),
      { reasons: ["not-captured"], files: 100 },
    ],
  ] as const)("when the draft holds %s, then %j", (_, scans, expected) => {
    expect(uncheckedFiles(scans.map(tracked))).toEqual(expected);
  });
});
