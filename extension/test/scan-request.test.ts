// How a page asks the extension for a file's scan (scanThroughExtension): the answer passes
// through; too large a file is not sent; no answer, a failed or a malformed answer each give an
// "unscannable" name-only scan that says why (fail closed), and the name is still scanned.
import { describe, expect, it } from "vitest";
import { scanThroughExtension } from "../src/content/scan-request.ts";
import { SCAN_MAX_BYTES, base64ToBytes, type AttachmentScan } from "../src/wire.ts";

const scanned: AttachmentScan = {
  status: "scanned",
  name: "intyg.txt",
  result: { sensitive: false, findings: [] },
  locations: [],
};
// The name carries a valid personnummer, so a name-only scan must still find it.
const NAME = "Intyg 050218-2389.txt";
const file = (bytes: number) => new File([new Uint8Array(bytes).fill(0x61)], NAME, { type: "text/plain" });

describe("scanThroughExtension", () => {
  it("sends the file's bytes and passes a valid answer through", async () => {
    const sent: unknown[] = [];
    const scan = await scanThroughExtension(
      file(3),
      (m) => {
        sent.push(m);
        return Promise.resolve(scanned);
      },
      1_000,
    );
    expect(scan).toEqual(scanned);
    expect(sent).toHaveLength(1);
    const request = sent[0] as { type: string; name: string; bytes: string };
    expect(request.type).toBe("sigill:scan-attachment");
    expect(request.name).toBe(NAME);
    expect(new TextDecoder().decode(base64ToBytes(request.bytes))).toBe("aaa");
  });

  const cases: [string, (m: unknown) => Promise<unknown>, string][] = [
    ["no answer within the wait", () => new Promise(() => undefined), "timeout"],
    ["a failed request", () => Promise.reject(new Error("receiving end does not exist")), "unsupported"],
    ["a malformed answer", () => Promise.resolve({ status: "clean" }), "unsupported"],
    ["no answer at all (undefined)", () => Promise.resolve(undefined), "unsupported"],
  ];
  it.each(cases)("when there is %s, the file is unscannable and its name is still scanned", async (_, send, reason) => {
    const scan = await scanThroughExtension(file(3), send, 30);
    expect(scan.status).toBe("unscannable");
    expect(scan.reason).toBe(reason);
    expect(scan.name).toBe(NAME);
    expect(scan.result.findings.map((f) => f.type)).toContain("se-personnummer");
  });

  it("does not send a file over the scan limit", async () => {
    let calls = 0;
    const scan = await scanThroughExtension(
      file(SCAN_MAX_BYTES + 1),
      () => {
        calls++;
        return Promise.resolve(scanned);
      },
      1_000,
    );
    expect(calls).toBe(0);
    expect(scan.status).toBe("unscannable");
    expect(scan.reason).toBe("too-large");
  });
});
