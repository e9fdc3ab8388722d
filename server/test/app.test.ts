import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { ConfigError, loadConfig } from "../src/config.ts";

let base = "";
let close: () => Promise<void> = () => Promise.resolve();

beforeAll(async () => {
  const server = createApp().listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  close = () =>
    new Promise((resolve) => {
      server.close(() => {
        resolve();
      });
    });
});
afterAll(() => close());

describe("server skeleton over real HTTP", () => {
  it("when /healthz is requested, then it answers 200 ok", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("when an unknown path is requested, then it answers 404 with a code", async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "No such endpoint." } });
  });
});

describe("configuration", () => {
  it("when nothing is set, then the defaults apply", () => {
    expect(loadConfig({})).toEqual({ host: "127.0.0.1", port: 8080, dataDir: "./data" });
  });

  it.each([
    ["PORT", "70000"],
    ["PORT", "abc"],
    ["HOST", ""],
  ])("when %s=%s, then it is refused naming the variable only", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`invalid configuration: ${name}$`));
  });
});
