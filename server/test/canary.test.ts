// The canary: after a full send -> invite -> enrol -> read -> reply flow, no byte the server wrote
// (database file, WAL and shared memory on SQLite; every row of every table on PostgreSQL; every
// log line) contains the plaintext subject, body, attachment content or file name, nor their
// base64 or hex forms.
import { encodeBase64Url, parseId, sealKeyStanza } from "@sigill/crypto";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { enrolInvited, openBound, openInvited, person, publishKeys, send, type Person } from "./support/people.ts";

const SUBJECT = "KANARIE-ÄMNE-7f3a9c Elevens utredning";
const BODY = "KANARIE-BRÖDTEXT-2b8e41 Eleven har fått diagnosen ADHD enligt bifogat intyg.";
const FILE_NAME = "kanarie-intyg-9c1d55.pdf";
const CONTENT_MARK = "KANARIE-INNEHÅLL-5e0f77 läkarintyg ";
const REPLY = "KANARIE-SVAR-4410aa Tack, vi kommer på mötet.";

/** Every form a leak could take: raw UTF-8, hex (both cases), base64 and base64url at each alignment. */
function needles(text: string): Buffer[] {
  const raw = Buffer.from(text, "utf8");
  const out = [raw, Buffer.from(raw.toString("hex")), Buffer.from(raw.toString("hex").toUpperCase())];
  for (let shift = 0; shift < 3; shift++) {
    const part = raw.subarray(shift);
    // Drop the edge characters that depend on the neighbouring bytes.
    for (const enc of ["base64", "base64url"] as const) out.push(Buffer.from(part.toString(enc).slice(2, -4)));
  }
  return out;
}

function leaks(haystack: Buffer, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets)
    for (const n of needles(secret))
      if (haystack.includes(n)) found.push(`${secret} as ${n.toString("latin1").slice(0, 24)}`);
  return found;
}

async function everythingStored(h: Harness): Promise<Buffer> {
  if (h.provider === "sqlite") {
    const file = `${h.config.dataDir}/sigill.db`;
    return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
  }
  const tables = await h.deps.db.$queryRawUnsafe<{ t: string }[]>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()",
  );
  const parts: Buffer[] = [];
  for (const { t } of tables) {
    const rows = await h.deps.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${t}"`);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        if (value instanceof Uint8Array) parts.push(Buffer.from(value));
        else if (value !== null && value !== undefined)
          parts.push(
            Buffer.from(
              typeof value === "string"
                ? value
                : JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
            ),
          );
      }
    }
  }
  return Buffer.concat(parts);
}

describe.each(PROVIDERS)("the canary on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when the whole flow has run, then no plaintext, file name or attachment byte is anywhere the server wrote", async () => {
    const anna = await person(h, "anna.kanarie@skola.example");
    const bertil = await person(h, "bertil.kanarie@skola.example");
    const content = Buffer.from(CONTENT_MARK.repeat(4000), "utf8");
    const guardianAddress = "kanarie.vardnadshavare@example.org";
    const sent = await send(anna, {
      subject: SUBJECT,
      text: BODY,
      to: [bertil],
      invite: [{ address: guardianAddress, accessCode: "1357-2468-0000" }],
      attachment: { name: FILE_NAME, bytes: content },
    });
    expect((await bertil.client.call("GET", `/api/messages/${sent.id}`)).status).toBe(200);
    const dl = await fetch(`${h.base}/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}`, {
      headers: { cookie: bertil.client.cookie ?? "" },
    });
    expect(dl.status).toBe(200);
    await dl.arrayBuffer();
    const guardian = await enrolInvited(h, sent.id, guardianAddress);
    const opened = await openInvited(h, guardian, sent, "1357-2468-0000");
    const key = await openBound(sent, guardianAddress, opened.body as never, "1357-2468-0000");
    const identity = await publishKeys(guardian.client, guardian.account, guardian.credentialId, guardian.prf);
    await guardian.client.call("POST", `/api/messages/${sent.id}/stanzas`, {
      stanza: await encodeBase64Url(await sealKeyStanza(key, await parseId(sent.id), identity.boxPublicKey)),
    });
    const g: Person = { client: guardian.client, account: { ...guardian.account, role: "recipient" }, identity };
    await send(g, { subject: `Sv: ${SUBJECT}`, text: REPLY, to: [anna], threadId: sent.id });

    const secrets = [SUBJECT, BODY, FILE_NAME, CONTENT_MARK.repeat(3), REPLY];
    // The canary must be able to sing: the same scan finds the secrets in a buffer that has them.
    expect(leaks(Buffer.from(`x${Buffer.from(BODY).toString("base64")}y`), secrets).length).toBeGreaterThan(0);
    const stored = await everythingStored(h);
    // The scan really covers the data: the attachment's ciphertext and the invited address (stored by design) are in it.
    expect(stored.length).toBeGreaterThan(content.length);
    expect(stored.includes(Buffer.from(guardianAddress))).toBe(true);
    expect(leaks(stored, secrets)).toEqual([]);
    expect(leaks(Buffer.from(h.logs.join("\n")), secrets)).toEqual([]);
    // Addresses are personal data: never in the logs either.
    expect(h.logs.join("\n")).not.toContain(guardianAddress);
  });
});
