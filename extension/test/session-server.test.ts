// A stored session for another server than the one IT set by policy (or over plain http beyond
// localhost) reads as logged out, in the pages and the background alike (`loadSession`), and the
// popup does not show it (`peekSession`): a policy pushed after an enrolment elsewhere takes effect.
import { beforeAll, describe, expect, it } from "vitest";
import { generateIdentity, type Identity } from "@sigill/crypto";
import { Api, memoryArea } from "@sigill/client";
import { loadSession, peekSession, saveSession } from "../src/secure/session-store.ts";

const IDLE = 15 * 60_000;
const T0 = Date.UTC(2027, 0, 11, 8, 0, 0);

let identity: Identity;
beforeAll(async () => {
  identity = await generateIdentity();
});

async function storedFor(server: string) {
  const store = memoryArea();
  await saveSession(
    store,
    {
      api: new Api({ server, token: "bearer-token" }),
      account: { id: "a1", email: "rut@skola.example", displayName: "Rut", role: "staff" },
      identity,
    },
    T0,
  );
  return store;
}

describe("a stored session and the server IT set by policy", () => {
  it.each([
    ["https://sigill-kommun.example", "https://sigill.kommun.se"],
    ["https://sigill.kommun.se:8443", "https://sigill.kommun.se/"],
    ["http://sigill.kommun.se", null],
    ["http://sigill.kommun.se", "http://sigill.kommun.se"],
  ])(
    "when the session is for %s and IT set %s, then it reads as logged out and is removed",
    async (server, managed) => {
      const store = await storedFor(server);
      expect(await peekSession(store, T0, IDLE, managed)).toBeNull();
      expect(await loadSession(store, T0, IDLE, managed)).toBeNull();
      expect([...store.items.keys()]).toEqual([]);
    },
  );

  it.each([
    ["https://sigill.kommun.se", "https://sigill.kommun.se/"],
    ["https://sigill.kommun.se", null],
    ["http://localhost:3000", "http://localhost:3000"],
    ["http://127.0.0.1:3000", null],
  ])("when the session is for %s and IT set %s, then it is kept, unlocked", async (server, managed) => {
    const store = await storedFor(server);
    expect(await peekSession(store, T0, IDLE, managed)).toEqual({ email: "rut@skola.example", unlocked: true });
    const session = await loadSession(store, T0, IDLE, managed);
    expect(session?.api.server).toBe(new URL(server).origin);
    expect(session?.identity).not.toBeNull();
  });
});
