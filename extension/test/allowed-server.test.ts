// Which server the extension may use (`allowedServer`): the boundary table of origins against the
// server IT set by policy, and the https rule. The account page and `loadSession` both decide by it.
import { describe, expect, it } from "vitest";
import { SigillError } from "@sigill/client";
import { allowedServer, isAllowedServer, managedServer } from "../src/secure/allowed-server.ts";
import { mergeSettings } from "../src/secure/settings.ts";

const LINK = `/enrol#${"A".repeat(43)}`;

describe("allowedServer: the server IT set by policy, and https", () => {
  it.each([
    // [what IT set (null: nothing), the candidate (a link or a typed address), the origin or the error code]
    ["https://sigill.kommun.se", `https://sigill.kommun.se${LINK}`, "https://sigill.kommun.se"],
    ["https://sigill.kommun.se", "https://sigill.kommun.se", "https://sigill.kommun.se"],
    ["https://sigill.kommun.se", "https://SIGILL.kommun.se/", "https://sigill.kommun.se"],
    ["https://sigill.kommun.se", "https://sigill.kommun.se:443/login", "https://sigill.kommun.se"],
    ["https://sigill.kommun.se/", `https://sigill.kommun.se${LINK}`, "https://sigill.kommun.se"],
    ["https://sigill.kommun.se/sigill/", `https://sigill.kommun.se${LINK}`, "https://sigill.kommun.se"],
    ["https://sigill.kommun.se", `https://sigill-kommun.example${LINK}`, "SERVER_NOT_ALLOWED"],
    ["https://sigill.kommun.se", `https://evil.sigill.kommun.se${LINK}`, "SERVER_NOT_ALLOWED"],
    ["https://sigill.kommun.se", `https://sigill.kommun.se.example${LINK}`, "SERVER_NOT_ALLOWED"],
    ["https://sigill.kommun.se", `https://sigill.kommun.se:8443${LINK}`, "SERVER_NOT_ALLOWED"],
    ["https://sigill.kommun.se", `http://sigill.kommun.se${LINK}`, "INSECURE_SERVER"],
    ["https://sigill.kommun.se", `http://localhost:3000${LINK}`, "SERVER_NOT_ALLOWED"],
    ["http://sigill.kommun.se", `http://sigill.kommun.se${LINK}`, "INSECURE_SERVER"],
    ["http://localhost:3000", `http://localhost:3000${LINK}`, "http://localhost:3000"],
    ["http://localhost:3000/", "http://localhost:3000", "http://localhost:3000"],
    ["http://localhost:3000", `http://localhost:3001${LINK}`, "SERVER_NOT_ALLOWED"],
    ["http://localhost:3000", `http://127.0.0.1:3000${LINK}`, "SERVER_NOT_ALLOWED"],
    ["http://127.0.0.1:3000", `http://127.0.0.1:3000${LINK}`, "http://127.0.0.1:3000"],
    [null, `https://sigill-kommun.example${LINK}`, "https://sigill-kommun.example"],
    [null, `http://sigill-kommun.example${LINK}`, "INSECURE_SERVER"],
    [null, `http://localhost:3000${LINK}`, "http://localhost:3000"],
    [null, `http://127.0.0.1:3000${LINK}`, "http://127.0.0.1:3000"],
    [null, `http://localhost.example${LINK}`, "INSECURE_SERVER"],
    [null, `http://[::1]:3000${LINK}`, "INSECURE_SERVER"],
    [null, `ftp://sigill.kommun.se${LINK}`, "INSECURE_SERVER"],
    [null, "sigill.kommun.se", "PROTOCOL"],
  ])("when IT set %s and the server is %s, then the answer is %s", (managed, candidate, expected) => {
    const answer = (() => {
      try {
        return allowedServer(candidate, managed);
      } catch (error) {
        if (!(error instanceof SigillError)) throw error;
        return error.code;
      }
    })();
    expect(answer).toBe(expected);
    expect(isAllowedServer(candidate, managed)).toBe(expected.includes("://"));
  });

  it("when another server is refused, then the error names the organisation's server (to show), not the link", () => {
    const refused = (() => {
      try {
        allowedServer(`https://sigill-kommun.example${LINK}`, "https://sigill.kommun.se/sigill/");
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(SigillError);
    expect((refused as SigillError).message).toBe("https://sigill.kommun.se");
  });

  it("when settings come from policy or from the person, then only policy's server is enforced", () => {
    expect(managedServer(mergeSettings({ serverUrl: "https://sigill.kommun.se" }, undefined))).toBe(
      "https://sigill.kommun.se",
    );
    expect(managedServer(mergeSettings(undefined, { serverUrl: "https://sigill.kommun.se" }))).toBeNull();
    // A server IT set that does not parse locks to none, not to the person's (see settings.test.ts).
    expect(managedServer(mergeSettings({ serverUrl: "not a url" }, { serverUrl: "https://a.example" }))).toBe("");
    expect(managedServer(mergeSettings(undefined, undefined))).toBeNull();
  });
});
