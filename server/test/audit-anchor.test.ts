// Issue 20: the access log must resist someone who can write the database. Each attack here is
// done as such a person would: with their own SQL connection (not the server's), knowing the
// hashing scheme but not the log key (except where said), on SQLite and on PostgreSQL.
import { createClient } from "@libsql/client";
import { execFile } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCheckpoints, startCheckpoints, writeCheckpoint } from "../src/modules/audit/checkpoints.ts";
import { auditKeys, auditMac, loadAuditKeys, newAuditKeyFile, parseAuditKeys } from "../src/modules/audit/keys.ts";
import { appendAudit, auditHash, GENESIS_HASH, verifyAuditChain } from "../src/modules/audit/log.ts";
import { recordRestore } from "../src/modules/audit/restore.ts";
import { createUser } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { freePort, ServerProcess } from "./support/server-process.ts";

interface Sql {
  run: (sql: string, args?: (string | number | null)[]) => Promise<void>;
}

/** The attacker's own connection to the database: one statement at a time, `?` placeholders. */
function attackerSql(h: Harness): Sql {
  if (h.provider === "sqlite") {
    return {
      run: async (sql, args = []) => {
        const client = createClient({ url: `file:${h.config.dataDir}/sigill.db` });
        try {
          await client.execute({ sql, args });
        } finally {
          client.close();
        }
      },
    };
  }
  return {
    run: async (sql, args = []) => {
      const client = new pg.Client({ connectionString: h.config.databaseUrl });
      await client.connect();
      try {
        let n = 0;
        await client.query(
          sql.replace(/\?/g, () => `$${String(++n)}`),
          args,
        );
      } finally {
        await client.end();
      }
    },
  };
}

interface Row {
  seq: number;
  at: Date;
  type: string;
  actorId: string | null;
  subjectId: string | null;
  details: string;
  ip: string | null;
  userAgent: string | null;
  prevHash: string;
  hash: string;
  keyId: string | null;
  mac: string | null;
}

/** Rewrites `rows` in `table` with hashes recomputed from the first, as the attacker can. */
async function rewriteChain(
  sql: Sql,
  rows: Row[],
  sign: (row: Row) => { keyId: string | null; mac: string | null },
  table = "audit_event",
): Promise<void> {
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    const next = { ...row, prevHash };
    next.hash = auditHash(next);
    const { keyId, mac } = sign(next);
    await sql.run(
      `UPDATE ${table} SET "actorId" = ?, details = ?, "prevHash" = ?, hash = ?, "keyId" = ?, mac = ? WHERE seq = ?`,
      [next.actorId, next.details, next.prevHash, next.hash, keyId, mac, next.seq],
    );
    prevHash = next.hash;
  }
}

const ENTRIES = 15;
const CHECKPOINTED = 12;

describe.each(PROVIDERS)("attacks on the access log by whoever can write the database, on %s", (provider) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startServer(provider);
    // 12 entries, a checkpoint of that head, then 3 more (written since the last checkpoint).
    for (let i = 1; i <= ENTRIES; i++) {
      await appendAudit(h.deps, { type: "auth.login", actorId: `person${String(i)}`, details: { i } });
      if (i === CHECKPOINTED) expect(await writeCheckpoint(h.deps)).toMatchObject({ seq: CHECKPOINTED });
    }
    expect(await verifyAuditChain(h.deps)).toMatchObject({
      ok: true,
      entries: ENTRIES,
      unkeyed: 0,
      anchor: { state: "agrees", checkpoints: 1, latest: { seq: CHECKPOINTED } },
    });
  });
  afterEach(() => h.close());

  const allRows = () => h.deps.db.auditEvent.findMany({ orderBy: { seq: "asc" } });

  it("when an entry is rewritten and the whole chain after it recomputed (without the key), then the entry's signature fails and the checkpoint disagrees", async () => {
    const sql = attackerSql(h);
    const rows = await allRows();
    const target = rows[4];
    if (target === undefined) throw new Error("no entry 5");
    target.details = '{"i":999}';
    // Old signatures kept: the attacker cannot make new ones.
    await rewriteChain(sql, rows, (r) => ({ keyId: r.keyId, mac: r.mac }));
    const report = await verifyAuditChain(h.deps);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 5, entries: 4, anchor: { state: "differs" } });
  });

  it("when an entry is rewritten, the chain recomputed and the signatures removed (posing as entries from before the key), then it is refused", async () => {
    const sql = attackerSql(h);
    const rows = await allRows();
    const target = rows[4];
    if (target === undefined) throw new Error("no entry 5");
    target.details = '{"i":999}';
    await rewriteChain(sql, rows, () => ({ keyId: null, mac: null }));
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: false, firstBadSeq: 1, anchor: { state: "differs" } });
  });

  it("when someone who also holds the log key rewrites an entry and re-signs the whole chain, then the checkpoint still catches it", async () => {
    const sql = attackerSql(h);
    const key = auditKeys(h.config).current;
    const rows = await allRows();
    const target = rows[4];
    if (target === undefined) throw new Error("no entry 5");
    target.details = '{"i":999}';
    await rewriteChain(sql, rows, (r) => ({ keyId: key.id, mac: auditMac(key, "sigill-audit-entry-v1", r.hash) }));
    expect(await verifyAuditChain(h.deps)).toMatchObject({
      ok: false,
      firstBadSeq: null,
      entries: ENTRIES,
      anchor: { state: "differs", firstDifferentSeq: CHECKPOINTED },
    });
  });

  it("when the tail of the log is cut off, then the database is behind its checkpoint", async () => {
    const sql = attackerSql(h);
    await sql.run("DELETE FROM audit_event WHERE seq > ?", [8]);
    expect(await verifyAuditChain(h.deps)).toMatchObject({
      ok: false,
      firstBadSeq: null,
      entries: 8,
      anchor: { state: "behind", latest: { seq: CHECKPOINTED } },
    });
    // Emptied altogether: the same.
    await sql.run("DELETE FROM audit_event");
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: false, entries: 0, anchor: { state: "behind" } });
  });

  it("when the whole table is replaced by a fabricated chain (unsigned, or signed with another installation's key), then it is refused from the first entry", async () => {
    const sql = attackerSql(h);
    const rows = await allRows();
    const foreign = parseAuditKeys(newAuditKeyFile()).current;
    for (const sign of [
      () => ({ keyId: null, mac: null }),
      (r: Row) => ({ keyId: foreign.id, mac: auditMac(foreign, "sigill-audit-entry-v1", r.hash) }),
    ]) {
      // A whole other history, built beside the table and swapped in.
      await sql.run("DROP TABLE IF EXISTS forged");
      await sql.run("CREATE TABLE forged AS SELECT * FROM audit_event");
      await rewriteChain(
        sql,
        rows.map((r) => ({ ...r, actorId: "someone-else" })),
        sign,
        "forged",
      );
      await sql.run("DELETE FROM audit_event");
      await sql.run("INSERT INTO audit_event SELECT * FROM forged");
      await sql.run("DROP TABLE forged");
      expect(await h.deps.db.auditEvent.count({ where: { actorId: "someone-else" } })).toBe(ENTRIES);
      expect(await verifyAuditChain(h.deps)).toMatchObject({
        ok: false,
        firstBadSeq: 1,
        entries: 0,
        anchor: { state: "differs" },
      });
    }
  });

  it("when the admin console asks, then it gets the last checkpoint and whether the database agrees with it", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.anchor@skola.example", role: "admin" });
    const fine = await admin.client.call("GET", "/api/admin/audit/verify");
    expect(fine.body).toMatchObject({
      ok: true,
      anchor: { state: "agrees", checkpoints: 1, latest: { kind: "checkpoint", seq: CHECKPOINTED } },
    });
    const sql = attackerSql(h);
    await sql.run("DELETE FROM audit_event WHERE seq > ?", [3]);
    const cut = await admin.client.call("GET", "/api/admin/audit/verify");
    expect(cut.body).toMatchObject({ ok: false, entries: 3, anchor: { state: "behind" } });
  });
});

describe.each(PROVIDERS)("the log key and the checkpoint file on %s", (provider) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startServer(provider);
  });
  afterEach(() => h.close());

  it("when the server first signs, then the key file is created outside the data directory, mode 600, and the key never reaches the logs or the database", async () => {
    await appendAudit(h.deps, { type: "auth.login" });
    const text = readFileSync(h.config.audit.keyFile, "utf8");
    expect(statSync(h.config.audit.keyFile).mode & 0o777).toBe(0o600);
    const line = text.split("\n").find((l) => l !== "" && !l.startsWith("#")) ?? "";
    expect(Buffer.from(line, "base64")).toHaveLength(32);
    expect(h.config.audit.keyFile.startsWith(h.config.dataDir)).toBe(false);
    const row = await h.deps.db.auditEvent.findFirstOrThrow();
    expect(row.keyId).toBe(auditKeys(h.config).current.id);
    expect(JSON.stringify(row)).not.toContain(line);
    await writeCheckpoint(h.deps);
    expect(h.logs.join("")).toContain("audit_checkpoint");
    expect(h.logs.join("")).not.toContain(line);
  });

  it("when the key file is malformed or cannot be created, then loading it fails with a ConfigError that names the variable, never the content", () => {
    const bad = `${h.config.audit.keyFile}.bad`;
    writeFileSync(bad, "c2VjcmV0LXRoYXQtaXMtdG9vLXNob3J0\n");
    expect(() => loadAuditKeys(bad)).toThrow(/^invalid AUDIT_KEY_FILE: a key is not 32 bytes$/);
    writeFileSync(bad, "# only a comment\n");
    expect(() => loadAuditKeys(bad)).toThrow(/^invalid AUDIT_KEY_FILE: no key in the file$/);
    writeFileSync(bad, "not a key!\n");
    expect(() => loadAuditKeys(bad)).toThrow(/^invalid AUDIT_KEY_FILE: a line is not a key$/);
    expect(() => loadAuditKeys(join(bad, "under-a-file", "log.key"))).toThrow(
      /^invalid AUDIT_KEY_FILE: it cannot be read \(ENOTDIR\)$/,
    );
  });

  it("when the key is rotated, then new entries carry the new key's id and old entries still verify", async () => {
    await appendAudit(h.deps, { type: "auth.login", details: { n: 1 } });
    const oldId = auditKeys(h.config).current.id;
    const rotatedFile = `${h.config.audit.keyFile}.rotated`;
    writeFileSync(rotatedFile, readFileSync(h.config.audit.keyFile, "utf8") + newAuditKeyFile(), { mode: 0o600 });
    // As after a restart with the appended line.
    const rotated = { ...h.deps, config: { ...h.config, audit: { ...h.config.audit, keyFile: rotatedFile } } };
    await appendAudit(rotated, { type: "auth.login", details: { n: 2 } });
    const ids = (await h.deps.db.auditEvent.findMany({ orderBy: { seq: "asc" } })).map((r) => r.keyId);
    expect(ids[0]).toBe(oldId);
    expect(ids[1]).not.toBe(oldId);
    expect(ids[1]).toBe(loadAuditKeys(rotatedFile).current.id);
    expect(await verifyAuditChain(rotated)).toMatchObject({ ok: true, entries: 2 });
    // With the old line gone, what it signed no longer verifies: that is why no line is ever removed.
    const onlyNew = `${h.config.audit.keyFile}.only-new`;
    writeFileSync(onlyNew, newAuditKeyFile(), { mode: 0o600 });
    const lost = { ...h.deps, config: { ...h.config, audit: { ...h.config.audit, keyFile: onlyNew } } };
    expect(await verifyAuditChain(lost)).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it("when a checkpoint line is edited or forged, then the file is reported unreadable; a half-written last line is not", async () => {
    for (let i = 0; i < 3; i++) await appendAudit(h.deps, { type: "auth.login" });
    await writeCheckpoint(h.deps);
    appendFileSync(h.config.audit.checkpointFile, '{"v":1,"kind":"checkp');
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: true, anchor: { state: "agrees", checkpoints: 1 } });
    const good = readFileSync(h.config.audit.checkpointFile, "utf8").split("\n")[0] ?? "";
    const forged = good.replace(/"seq":3/, '"seq":2');
    writeFileSync(h.config.audit.checkpointFile, `${good}\n${forged}\n`);
    expect(readCheckpoints(h.config.audit.checkpointFile, auditKeys(h.config))).toMatchObject({ bad: 1 });
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: false, anchor: { state: "unreadable" } });
  });

  it("when a backup is restored and the operator records it, then the log verifies again and says so", async () => {
    for (let i = 0; i < 5; i++) await appendAudit(h.deps, { type: "auth.login" });
    await writeCheckpoint(h.deps);
    for (let i = 0; i < 3; i++) await appendAudit(h.deps, { type: "auth.login" });
    await writeCheckpoint(h.deps);
    // The backup held entries 1-5: what the restore leaves.
    await h.deps.db.auditEvent.deleteMany({ where: { seq: { gt: 5 } } });
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: false, anchor: { state: "behind" } });
    expect(await recordRestore(h.deps)).toEqual({ restoredTo: 5, setAside: 1 });
    const report = await verifyAuditChain(h.deps);
    expect(report).toMatchObject({
      ok: true,
      entries: 6,
      anchor: { state: "agrees", latest: { kind: "checkpoint", seq: 6 } },
    });
    const logged = await h.deps.db.auditEvent.findUniqueOrThrow({ where: { seq: 6 } });
    expect(logged.type).toBe("audit.restored");
    expect(JSON.parse(logged.details)).toEqual({ restoredTo: 5, setAside: 1, lastSetAside: 8 });
  });

  it("when the checkpointer runs, then it checkpoints at start only if there is something new, and again on stop", async () => {
    const first = startCheckpoints(h.deps, 60_000);
    await first.stop();
    expect(readCheckpoints(h.config.audit.checkpointFile, auditKeys(h.config)).records).toEqual([]);
    await appendAudit(h.deps, { type: "auth.login" });
    const second = startCheckpoints(h.deps, 60_000);
    await second.started;
    await appendAudit(h.deps, { type: "auth.logout" });
    await second.stop();
    const seqs = readCheckpoints(h.config.audit.checkpointFile, auditKeys(h.config)).records.map((r) => r.seq);
    expect(seqs).toEqual([1, 2]);
  });

  it("when entries from before the log key exist (an upgrade), then they verify as unkeyed until the first checkpoint fixes their number", async () => {
    for (let i = 0; i < 4; i++) await appendAudit(h.deps, { type: "auth.login" });
    await h.deps.db.auditEvent.updateMany({ where: { seq: { lte: 3 } }, data: { keyId: null, mac: null } });
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: true, unkeyed: 3 });
    expect(await writeCheckpoint(h.deps)).toMatchObject({ unkeyed: 3, seq: 4 });
    await appendAudit(h.deps, { type: "auth.login" });
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: true, unkeyed: 3, entries: 5 });
    // One more entry stripped of its signature is no longer "from before the key".
    await h.deps.db.auditEvent.update({ where: { seq: 4 }, data: { keyId: null, mac: null } });
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });
});

describe("the daily checkpoint mail to the data-protection officer", () => {
  it("when an address is configured, then the latest checkpoint is mailed at start and again a day later, with no personal data", async () => {
    const h = await startServer("sqlite", { AUDIT_CHECKPOINT_MAIL_TO: "dso@kommun.example" });
    try {
      await appendAudit(h.deps, { type: "auth.login", actorId: "person-a", ip: "10.1.2.3" });
      const checkpoints = startCheckpoints(h.deps, 20);
      await checkpoints.started;
      expect(h.mails).toHaveLength(1);
      const first = h.mails[0];
      expect(first?.to).toBe("dso@kommun.example");
      expect(first?.subject).toBe("Kontrollpunkt för Sigills åtkomstlogg / Checkpoint of the Sigill access log");
      const line = readFileSync(h.config.audit.checkpointFile, "utf8").trim();
      expect(first?.text).toContain(line);
      expect(first?.text).not.toContain("10.1.2.3");
      expect(first?.text).not.toContain("person-a");

      // Within the day: a new checkpoint, but no new mail; a day later, a mail with the newer one.
      await appendAudit(h.deps, { type: "auth.logout" });
      h.advance(11 * 60_000);
      await expect
        .poll(() => readCheckpoints(h.config.audit.checkpointFile, auditKeys(h.config)).records.length)
        .toBe(2);
      expect(h.mails).toHaveLength(1);
      h.advance(24 * 60 * 60_000);
      await expect.poll(() => h.mails.length).toBe(2);
      expect(h.mails[1]?.text).toContain('"seq":2');
      await checkpoints.stop();
    } finally {
      await h.close();
    }
  });
});

describe("the real server process and the admin CLI (SQLite)", () => {
  // The built command line, as `npm run admin` runs it (the global setup builds dist/).
  const cli = new URL("../dist/cli.js", import.meta.url).pathname;

  it(
    "when the server runs with no key file, then it makes one, checkpoints at shutdown, and audit-verify, an attack, and audit-restored behave as documented",
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "sigill-anchor-process-"));
      const dataDir = join(dir, "data");
      const keyFile = join(dir, "secrets", "log.key");
      const server = new ServerProcess({
        provider: "sqlite",
        dataDir,
        dbUrl: `file:${join(dataDir, "sigill.db")}`,
        port: await freePort(),
      });
      Object.assign(server.env, { AUDIT_KEY_FILE: keyFile });
      const checkpointFile = server.env.AUDIT_CHECKPOINT_FILE ?? "";
      const admin = async (...args: string[]): Promise<{ code: number; stdout: string }> => {
        try {
          const { stdout } = await promisify(execFile)(process.execPath, ["--enable-source-maps", cli, ...args], {
            env: server.env,
          });
          return { code: 0, stdout };
        } catch (error) {
          const e = error as { code?: number; stdout?: string };
          return { code: e.code ?? -1, stdout: e.stdout ?? "" };
        }
      };
      try {
        await server.start();
        expect(existsSync(keyFile)).toBe(true);
        expect(statSync(keyFile).mode & 0o777).toBe(0o600);
        await server.createAdmin("rektor@skola.example", "Rektor Rut");
        await server.stop(); // SIGTERM: the shutdown checkpoint
        expect(readFileSync(checkpointFile, "utf8")).toMatch(/^\{"v":1,"kind":"checkpoint","seq":1,/);
        expect(server.output).not.toContain(readFileSync(keyFile, "utf8").split("\n").at(-2) ?? "no key");

        const intact = await admin("audit-verify");
        expect(intact.code).toBe(0);
        expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, entries: 1, anchor: { state: "agrees" } });

        const sql = createClient({ url: `file:${join(dataDir, "sigill.db")}` });
        await sql.execute("DELETE FROM audit_event");
        sql.close();
        const cut = await admin("audit-verify");
        expect(cut.code).toBe(1);
        expect(JSON.parse(cut.stdout)).toMatchObject({ ok: false, entries: 0, anchor: { state: "behind" } });

        // Had that been a restore on purpose, the operator records it and the log verifies again.
        const restored = await admin("audit-restored");
        expect(restored).toMatchObject({ code: 0 });
        expect(restored.stdout).toContain("Restore recorded at entry 0; 1 checkpoint(s) beyond it set aside.");
        const again = await admin("audit-verify");
        expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, entries: 1, anchor: { state: "agrees" } });
      } finally {
        await server.kill();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
