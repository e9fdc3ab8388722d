// The configuration file shared by the server and the admin command line (src/config-file.ts).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { createAdminCommand, parseConfigFile, settingsFrom, writeOnFirstStart } from "../src/config-file.ts";

const dir = mkdtempSync(join(tmpdir(), "sigill-config-file-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the configuration file", () => {
  it.each([
    ["PORT=9000", { PORT: "9000" }],
    ['# a comment\n\nPORT=9000\r\nORG_NAME="Solskolan i Lund"\n', { PORT: "9000", ORG_NAME: "Solskolan i Lund" }],
    ["  PUBLIC_URL = https://sigill.skola.se ", null],
    ["PUBLIC_URL=https://sigill.skola.se", { PUBLIC_URL: "https://sigill.skola.se" }],
    ["SMTP_URL=", { SMTP_URL: "" }],
  ])("when %j is parsed, then the settings are %j (null: refused)", (text, expected) => {
    if (expected === null) expect(() => parseConfigFile(text)).toThrow(ConfigError);
    else expect(parseConfigFile(text)).toEqual(expected);
  });

  it("when a line is not a setting of the server, then the error names the line and the name, never the value", () => {
    expect(() => parseConfigFile("PORT=1\nSECRET_THING=hunter2")).toThrow(
      "sigill.env line 2: unknown setting SECRET_THING",
    );
    expect(() => parseConfigFile("just text hunter2")).toThrow("sigill.env line 1: expected NAME=value");
    try {
      parseConfigFile("SECRET_THING=hunter2");
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  it("when the file and the environment both set something, then the environment wins", () => {
    const path = join(dir, "precedence.env");
    writeFileSync(path, "PORT=9000\nPUBLIC_URL=http://localhost:9000\n");
    const { file, merged } = settingsFrom({ SIGILL_CONFIG: path, PORT: "9100" });
    expect(file).toEqual({ PORT: "9000", PUBLIC_URL: "http://localhost:9000" });
    expect(merged.PORT).toBe("9100");
    expect(loadConfig(merged).publicUrl).toBe("http://localhost:9000");
    expect(settingsFrom({ SIGILL_CONFIG: join(dir, "absent.env") }).file).toEqual({});
  });

  it("when the server starts the first time, then it records its port, address, data folder and access-log key and checkpoint files once, readable only by its owner", () => {
    const path = join(dir, "first.env");
    const settings = { SIGILL_CONFIG: path, PORT: "18555", SIGILL_DATA_DIR: "./data" };
    const written = writeOnFirstStart(path, loadConfig(settings), settings);
    expect(written).toEqual({
      PORT: "18555",
      PUBLIC_URL: "http://localhost:18555",
      SIGILL_DATA_DIR: expect.stringMatching(/^\/.*\/data$/) as unknown,
      AUDIT_KEY_FILE: expect.stringMatching(/^\/.*\/audit\/log\.key$/) as unknown,
      AUDIT_CHECKPOINT_FILE: expect.stringMatching(/^\/.*\/audit\/checkpoints\.jsonl$/) as unknown,
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // What the command line then reads is what the server ran with.
    expect(loadConfig(settingsFrom({ SIGILL_CONFIG: path }).merged).publicUrl).toBe("http://localhost:18555");
    const before = readFileSync(path, "utf8");
    expect(writeOnFirstStart(path, loadConfig({ PORT: "1" }), { PORT: "1" })).toBeNull();
    expect(readFileSync(path, "utf8")).toBe(before);
  });

  it("when the server runs on any free port (PORT=0), then it records nothing; a folder it cannot write to is a clear error", () => {
    const path = join(dir, "port-zero.env");
    expect(writeOnFirstStart(path, loadConfig({ PORT: "0" }), { PORT: "0" })).toBeNull();
    expect(() => settingsFrom({ SIGILL_CONFIG: path }).file).not.toThrow();
    const missing = join(dir, "no-such-folder", "sigill.env");
    expect(() => writeOnFirstStart(missing, loadConfig({ PORT: "8080" }), {})).toThrow(
      `could not write the configuration file ${missing} (ENOENT)`,
    );
  });

  it.each([
    [{}, {}, 'npm run admin -- create-admin --email you@school.example --name "Your Name"'],
    [{ PORT: "9000" }, { PORT: "9000" }, 'npm run admin -- create-admin --email you@school.example --name "Your Name"'],
    [
      { PORT: "9100", PUBLIC_URL: "https://sigill.skola.se" },
      { PORT: "9000" },
      'PORT=9100 PUBLIC_URL=https://sigill.skola.se npm run admin -- create-admin --email you@school.example --name "Your Name"',
    ],
    [
      { SIGILL_DATA_DIR: "/srv/sigill data" },
      {},
      "SIGILL_DATA_DIR='/srv/sigill data' npm run admin -- create-admin --email you@school.example --name \"Your Name\"",
    ],
    [
      { DATABASE_URL: "postgres://sigill:hemligt@db/sigill" },
      {},
      'DATABASE_URL=<as for the server> npm run admin -- create-admin --email you@school.example --name "Your Name"',
    ],
  ])(
    "when the server's environment is %j and the file holds %j, then it prints the command %s",
    (env, file, command) => {
      expect(createAdminCommand(env, file)).toBe(command);
    },
  );
});
