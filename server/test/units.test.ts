import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { normaliseEmail } from "../src/modules/accounts/email.ts";
import { databaseUrl, providerOf } from "../src/db/database.ts";

describe("e-mail normalisation", () => {
  it.each([
    ["Anna.Berg@Skola.SE", "anna.berg@skola.se"],
    ["  anna@skola.se ", "anna@skola.se"],
    ["anna.berg+skola@gmail.com", "annaberg@gmail.com"],
    ["A.N.N.A@googlemail.com", "anna@gmail.com"],
    ["anna.berg+x@outlook.com", "anna.berg+x@outlook.com"],
    ["kalle.åberg@förskolan.se", "kalle.åberg@förskolan.se"],
    ["KALLE.A\u030aBERG@X.SE", "kalle.åberg@x.se"],
  ])("when %s is normalised, then it is %s", (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });
});

describe("configuration", () => {
  it("when nothing is set, then the embedded SQLite defaults apply", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      dataDir: "./data",
      publicUrl: "http://localhost:8080",
      rpId: "localhost",
    });
    expect(providerOf(databaseUrl(c))).toBe("sqlite");
  });

  it("when DATABASE_URL is a postgres URL, then PostgreSQL is used", () => {
    const c = loadConfig({ DATABASE_URL: "postgresql://u@db.example:5432/sigill" });
    expect(providerOf(databaseUrl(c))).toBe("pg");
  });

  it("when the public URL is set, then the RP ID is its host unless RP_ID says otherwise", () => {
    expect(loadConfig({ PUBLIC_URL: "https://sigill.kommun.se/" }).rpId).toBe("sigill.kommun.se");
    expect(loadConfig({ PUBLIC_URL: "https://portal.sigill.kommun.se", RP_ID: "sigill.kommun.se" }).rpId).toBe(
      "sigill.kommun.se",
    );
  });

  it.each([
    ["PORT", "70000"],
    ["PORT", "abc"],
    ["PUBLIC_URL", "not a url"],
    ["EXTENSION_ORIGINS", "https://example.com"],
    ["LOG_LEVEL", "loud"],
    ["TRUST_PROXY", "maybe"],
    // Trusting every proxy lets any client choose its IP (issue 20): a hop count or addresses instead.
    ["TRUST_PROXY", "true"],
    ["TRUST_PROXY", "11"],
    ["TRUST_PROXY", "10.0.0.0/33"],
    ["TRUST_PROXY", "10.0.0.1, proxy.example"],
    ["TRUST_PROXY", ""],
  ])("when %s=%s, then start-up is refused naming the variable, not its value", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`invalid configuration: ${name}$`));
  });

  it.each([
    [undefined, 0],
    ["false", 0],
    ["0", 0],
    ["1", 1],
    ["2", 2],
    ["loopback", ["loopback"]],
    ["10.0.0.5, 192.168.0.0/16, ::1, fd00::/8", ["10.0.0.5", "192.168.0.0/16", "::1", "fd00::/8"]],
  ])("when TRUST_PROXY=%s, then Express trusts %j (hops, or the listed proxies)", (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it("when DATABASE_URL is something else, then it is refused", () => {
    expect(() => providerOf("mysql://x")).toThrow(/postgres/);
  });
});
