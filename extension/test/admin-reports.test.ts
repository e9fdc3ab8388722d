// The admin reports' waiting list (src/secure/admin-reports.ts): without a session they wait, in
// order, at most 20; with one they go; one the server refuses for good is dropped, anything else
// keeps waiting; two reports at once lose neither.
import { SigillError, type KeyValue } from "@sigill/client";
import { describe, expect, it } from "vitest";
import {
  ADMIN_REPORTS_KEY,
  MAX_WAITING,
  refusedForGood,
  sendAdminReport,
  type AdminReport,
} from "../src/secure/admin-reports.ts";

function memoryStore(initial?: unknown): KeyValue & { items: Map<string, unknown> } {
  const items = new Map<string, unknown>(initial === undefined ? [] : [[ADMIN_REPORTS_KEY, initial]]);
  return {
    items,
    // Each read and write takes a turn of the event loop, as storage.session does.
    get: async (key) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return structuredClone(items.get(key));
    },
    set: async (key, value) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      items.set(key, structuredClone(value));
    },
    remove: (key) => {
      items.delete(key);
      return Promise.resolve();
    },
  };
}

const unrecognised = (host: string): AdminReport => ({
  path: "/api/events/unrecognised-compose",
  body: { host, kinds: ["se-personnummer"] },
});
const unchecked = (files: number): AdminReport => ({
  path: "/api/events/unchecked-attachment",
  body: { host: "mail.google.com", reasons: ["encrypted"], files },
});
const serverSays = (status: number) => new SigillError("SERVER", "refused", { status, serverCode: "X" });

describe("reports for the admin", () => {
  it("when there is no session, then reports wait in order; with one, they all go in that order", async () => {
    const store = memoryStore();
    expect(await sendAdminReport(store, unrecognised("a.example"), null)).toEqual({ ok: false });
    expect(await sendAdminReport(store, unchecked(1), null)).toEqual({ ok: false });
    const posted: AdminReport[] = [];
    const post = (r: AdminReport) => {
      posted.push(r);
      return Promise.resolve({ ok: true });
    };
    expect(await sendAdminReport(store, unchecked(2), post)).toEqual({ ok: true });
    expect(posted).toEqual([unrecognised("a.example"), unchecked(1), unchecked(2)]);
    expect(store.items.get(ADMIN_REPORTS_KEY)).toEqual([]);
  });

  it("when more than 20 wait, then the oldest go first", async () => {
    const store = memoryStore();
    for (let i = 0; i < MAX_WAITING + 5; i++) await sendAdminReport(store, unrecognised(`h${String(i)}.example`), null);
    const waiting = store.items.get(ADMIN_REPORTS_KEY) as AdminReport[];
    expect(waiting).toHaveLength(MAX_WAITING);
    expect(waiting[0]).toEqual(unrecognised("h5.example"));
  });

  it.each([
    ["a route the server does not have (404)", serverSays(404), false],
    ["a body the server refuses (400)", serverSays(400), false],
    ["a lost session (401)", serverSays(401), true],
    ["a rate limit (429)", serverSays(429), true],
    ["a server error (503)", serverSays(503), true],
    ["no network", new SigillError("NETWORK", "down"), true],
  ])("when the server answers %s, then the report keeps waiting: %s", async (_, error, waits) => {
    expect(refusedForGood(error)).toBe(!waits);
    const store = memoryStore();
    const fails = () => Promise.reject(error);
    expect(await sendAdminReport(store, unchecked(1), fails)).toEqual({ ok: !waits });
    expect(store.items.get(ADMIN_REPORTS_KEY)).toEqual(waits ? [unchecked(1)] : []);
  });

  it("when an older server refuses the new kind for good, then it does not crowd out the reports it takes", async () => {
    const store = memoryStore();
    for (let i = 0; i < MAX_WAITING; i++) await sendAdminReport(store, unchecked(1), null);
    const posted: AdminReport[] = [];
    const olderServer = (r: AdminReport) => {
      if (r.path === "/api/events/unchecked-attachment") return Promise.reject(serverSays(404));
      posted.push(r);
      return Promise.resolve({ ok: true });
    };
    expect(await sendAdminReport(store, unrecognised("a.example"), olderServer)).toEqual({ ok: true });
    expect(posted).toEqual([unrecognised("a.example")]);
    expect(store.items.get(ADMIN_REPORTS_KEY)).toEqual([]);
  });

  it("when two reports are made at once without a session, then both wait (neither write loses the other)", async () => {
    const store = memoryStore();
    await Promise.all([
      sendAdminReport(store, unrecognised("a.example"), null),
      sendAdminReport(store, unrecognised("b.example"), null),
    ]);
    expect(store.items.get(ADMIN_REPORTS_KEY)).toEqual([unrecognised("a.example"), unrecognised("b.example")]);
  });

  it("when what waits in storage is not a list of reports (an older shape, damage), then it is dropped and the new report waits alone", async () => {
    const store = memoryStore([{ host: "a.example", kinds: ["health"] }]);
    await sendAdminReport(store, unchecked(1), null);
    expect(store.items.get(ADMIN_REPORTS_KEY)).toEqual([unchecked(1)]);
  });
});
