// The bound on requests in flight (MAX_REQUESTS_IN_FLIGHT, issue 21), on SQLite and PostgreSQL,
// with real connections held open: past the bound a request is refused at once with 503
// SERVER_BUSY and Retry-After; a finished or abandoned request gives its place back; and a client
// that sends its bodies slowly (slowloris) takes no place from anyone.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { person, postMessage, send, type Person, type Sent } from "./support/people.ts";

const BOUND = 8;
const bytesOf = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

/** A request whose headers and first body bytes are sent and whose rest waits for `finish`. */
function hold(base: string, method: string, path: string, headers: Record<string, string>, body: Uint8Array) {
  const request = http.request(`${base}${path}`, {
    method,
    headers: { ...headers, "content-length": String(body.length) },
  });
  const answer = new Promise<number | Error>((resolve) => {
    request.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    request.on("error", resolve);
  });
  request.write(Buffer.from(body.subarray(0, 1)));
  return {
    answer,
    finish: () => {
      request.end(Buffer.from(body.subarray(1)));
      return answer;
    },
    abandon: () => {
      request.destroy();
    },
  };
}

/** Piece 0 of `sent`'s attachment, its body held half-sent: a streamed upload at work. */
function holdUpload(h: Harness, sender: Person, sent: Sent) {
  const client = sender.client;
  return hold(
    h.base,
    "PUT",
    `/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}/pieces/0`,
    {
      "content-type": "application/octet-stream",
      ...(client.cookie !== undefined && { cookie: client.cookie }),
      ...(client.csrf !== undefined && { "x-csrf-token": client.csrf }),
    },
    sent.pieces[0] ?? new Uint8Array(0),
  );
}

const health = (h: Harness) => new Client(h.base).call("GET", "/api/health");

/** Until the health check answers `status` (a given-back place shows once the socket has closed). */
async function eventually(h: Harness, status: number) {
  for (let i = 0; i < 100; i++) {
    if ((await health(h)).status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect((await health(h)).status).toBe(status);
}

describe.each(PROVIDERS)("requests in flight on %s", (provider) => {
  let h: Harness;
  let anna: Person;
  let bertil: Person;
  beforeAll(async () => {
    h = await startServer(provider, { MAX_REQUESTS_IN_FLIGHT: String(BOUND) });
    anna = await person(h, "anna.inflight@skola.example");
    bertil = await person(h, "bertil.inflight@skola.example");
  });
  afterAll(() => h.close());

  const messagesWithFile = (n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        postMessage(anna, {
          subject: `Bilaga ${String(i)}`,
          text: "Se bilagan.",
          to: [bertil],
          attachment: { name: `bilaga-${String(i)}.pdf`, bytes: bytesOf(20_000, i) },
        }),
      ),
    );

  it("when as many uploads as the bound are at work, then the next API request is refused at once with 503 SERVER_BUSY, and served again when one finishes or is abandoned", async () => {
    const sent = await messagesWithFile(BOUND);
    const held = sent.map((s) => holdUpload(h, anna, s));
    await eventually(h, 503);
    const refused = await health(h);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: "SERVER_BUSY" } });
    expect(refused.headers.get("retry-after")).toBe("1");
    // The pages stay served: the bound is on the API only.
    expect((await fetch(`${h.base}/`, { headers: { accept: "text/html" } })).status).toBe(200);

    // One upload finishes: its place is free again, and the upload itself was not harmed.
    expect(await held[0]?.finish()).toBe(200);
    await eventually(h, 200);
    // A new one takes that place; then one abandoned by its client gives its place back too.
    const [extra] = await messagesWithFile(1);
    if (extra === undefined) throw new Error("no message");
    const again = holdUpload(h, anna, extra);
    await eventually(h, 503);
    held[1]?.abandon();
    await eventually(h, 200);

    for (const r of [...held.slice(2), again]) expect(await r.finish()).toBe(200);
    // Nothing was lost by the refusals: every finished piece is stored.
    const status = await anna.client.call(
      "GET",
      `/api/messages/${String(sent[2]?.id)}/attachments/${String(sent[2]?.attachmentId)}/status`,
    );
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ nextIndex: 1 });
  });

  it("when a client holds many requests open by sending their bodies slowly (slowloris), then nobody else is refused", async () => {
    const body = new TextEncoder().encode(JSON.stringify({ padding: "x".repeat(64) }));
    const slow = Array.from({ length: BOUND * 3 }, () =>
      hold(h.base, "POST", "/api/auth/options", { "content-type": "application/json" }, body),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await health(h)).status).toBe(200);
    expect((await new Client(h.base).call("POST", "/api/auth/options", {})).status).toBe(200);
    for (const s of slow) s.abandon();
  });
});

describe.each(PROVIDERS)("transfers per account on %s", (provider) => {
  const PER_ACCOUNT = 3;
  let h: Harness;
  let anna: Person;
  let bertil: Person;
  beforeAll(async () => {
    h = await startServer(provider, { MAX_REQUESTS_IN_FLIGHT: "64", MAX_TRANSFERS_PER_ACCOUNT: String(PER_ACCOUNT) });
    anna = await person(h, "anna.transfers@skola.example");
    bertil = await person(h, "bertil.transfers@skola.example");
  });
  afterAll(() => h.close());

  // Before: only the process-wide bound existed, so one account holding slow transfers open (a
  // recipient reading a few bytes a minute) could take every place and every API call got 503.
  it("when one account holds as many transfers open as it may, then its next download or upload is refused with 429, and everyone else is served", async () => {
    const done = await send(anna, {
      subject: "Klar bilaga",
      text: "Se bilagan.",
      to: [bertil],
      attachment: { name: "klar.pdf", bytes: bytesOf(20_000, 99) },
    });
    const download = (who: Person) =>
      who.client.call("GET", `/api/messages/${done.id}/attachments/${String(done.attachmentId)}`);
    const pending = await Promise.all(
      Array.from({ length: PER_ACCOUNT + 1 }, (_, i) =>
        postMessage(anna, {
          subject: `Bilaga ${String(i)}`,
          text: "Se bilagan.",
          to: [bertil],
          attachment: { name: `bilaga-${String(i)}.pdf`, bytes: bytesOf(20_000, i) },
        }),
      ),
    );
    const held = pending.slice(0, PER_ACCOUNT).map((s) => holdUpload(h, anna, s));
    // The held uploads need a moment to reach their place (on PostgreSQL, downloads asked for at
    // once held them back for seconds), so wait first, then ask until refused.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let refused = await download(anna);
    for (let i = 0; i < 100 && refused.status !== 429; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      refused = await download(anna);
    }
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: "RATE_LIMITED" } });
    expect(refused.headers.get("retry-after")).toBe("1");
    const upload = holdUpload(h, anna, pending[PER_ACCOUNT] as Sent);
    expect(await upload.finish()).toBe(429);
    // Someone else is served meanwhile, the same file included; so is anna's own non-transfer call.
    expect((await download(bertil)).status).toBe(200);
    expect((await health(h)).status).toBe(200);
    expect((await anna.client.call("GET", "/api/messages?box=sent")).status).toBe(200);
    // One finishes: anna's place is back.
    expect(await held[0]?.finish()).toBe(200);
    let again = await download(anna);
    for (let i = 0; i < 100 && again.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await download(anna);
    }
    expect(again.status).toBe(200);
    for (const r of held.slice(1)) expect(await r.finish()).toBe(200);
  });
});
