// `pnpm bench` for @sigill/crypto: one process, one run, every figure side by side with its
// reference. Writes crypto/bench-results.json ({ name, value, unit }[]); the root script merges it.
// Run with --expose-gc so the memory baseline is taken after a real collection.
import { createCipheriv, randomFillSync } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import {
  attachmentCiphertextSize,
  decryptAttachment,
  DEFAULT_CHUNK_SIZE,
  encryptAttachment,
  generateId,
  generateIdentity,
  generateMessageKey,
  generateRecoveryCode,
  openEnvelope,
  openKeyStanza,
  sealEnvelope,
  sealKeyStanza,
  unwrapIdentity,
  wrapIdentity,
  type AttachmentDescriptor,
  type Identity,
  type MessageKey,
} from "../src/index.ts";

const MiB = 1024 * 1024;
const results: { name: string; value: number; unit: string; goal?: string }[] = [];
const record = (name: string, value: number, unit: string, goal?: string) => {
  const rounded = Number(value.toFixed(value < 10 ? 3 : 1));
  results.push({ name, value: rounded, unit, ...(goal !== undefined && { goal }) });
  console.log(`${name.padEnd(40)} ${String(rounded).padStart(10)} ${unit.padEnd(6)} ${goal ?? ""}`);
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function* slices(buffer: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

async function drain(source: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const piece of source) n += piece.length;
  return n;
}

async function ids() {
  return { messageKey: await generateMessageKey(), messageId: await generateId(), attachmentId: await generateId() };
}

/** Peak RSS above a post-GC baseline while 256 MiB goes file -> encrypt -> file -> decrypt. */
async function memory(): Promise<void> {
  const total = 256 * MiB;
  const dir = mkdtempSync(join(tmpdir(), "sigill-bench-"));
  const plainFile = join(dir, "plain.bin");
  const cipherFile = join(dir, "cipher.bin");
  const block = new Uint8Array(MiB);
  randomFillSync(block);
  {
    const out = createWriteStream(plainFile);
    for (let i = 0; i < total / MiB; i++) if (!out.write(block)) await once(out, "drain");
    out.end();
    await once(out, "close");
  }
  gc();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 5);
  const k = await ids();
  const enc = encryptAttachment(createReadStream(plainFile, { highWaterMark: MiB }), k);
  const out = createWriteStream(cipherFile);
  for await (const piece of enc) {
    sample();
    if (!out.write(piece)) await once(out, "drain");
  }
  out.end();
  await once(out, "close");
  const plain = decryptAttachment(createReadStream(cipherFile, { highWaterMark: MiB }), {
    messageKey: k.messageKey,
    messageId: k.messageId,
    descriptor: enc.descriptor(),
  });
  let seen = 0;
  for await (const piece of plain) {
    seen += piece.length;
    sample();
  }
  clearInterval(timer);
  rmSync(dir, { recursive: true, force: true });
  if (seen !== total) throw new Error("memory bench: round trip lost bytes");
  record("crypto.attachment.peak_rss_mib", (peak - baseline) / MiB, "MiB", "goal < 96 (256 MiB streamed)");
}

async function throughput(): Promise<void> {
  const size = 64 * MiB;
  const data = new Uint8Array(size);
  randomFillSync(data);
  const runs = 5;
  const encRates: number[] = [];
  const decRates: number[] = [];
  const nativeRates: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Timed: encryption streamed to a sink, as an upload consumes it.
    const k = await ids();
    let t = performance.now();
    const timed = encryptAttachment(slices(data, MiB), k);
    const produced = await drain(timed);
    encRates.push(size / 1e6 / ((performance.now() - t) / 1000));
    if (produced !== attachmentCiphertextSize(size, DEFAULT_CHUNK_SIZE)) throw new Error("throughput bench: size");
    // Untimed: a ciphertext to decrypt (kept in memory), then timed decryption to a sink.
    const pieces: Uint8Array[] = [];
    const enc = encryptAttachment(slices(data, MiB), k);
    for await (const piece of enc) pieces.push(piece);
    const descriptor: AttachmentDescriptor = enc.descriptor();
    t = performance.now();
    const n = await drain(decryptAttachment(pieces, { messageKey: k.messageKey, messageId: k.messageId, descriptor }));
    decRates.push(size / 1e6 / ((performance.now() - t) / 1000));
    if (n !== size) throw new Error("throughput bench: round trip lost bytes");
    // Node's native ChaCha20-Poly1305 (OpenSSL) over the same bytes and chunking: the ceiling here.
    const key = new Uint8Array(32);
    randomFillSync(key);
    const nonce = new Uint8Array(12);
    const view = new DataView(nonce.buffer);
    t = performance.now();
    let index = 0;
    for (const chunk of slices(data, DEFAULT_CHUNK_SIZE)) {
      view.setUint32(8, index++);
      const cipher = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
      cipher.update(chunk);
      cipher.final();
      cipher.getAuthTag();
    }
    nativeRates.push(size / 1e6 / ((performance.now() - t) / 1000));
  }
  const encrypt = median(encRates);
  const native = median(nativeRates);
  record("crypto.attachment.encrypt_mbps", encrypt, "MB/s", "64 MiB, 64 KiB chunks");
  record("crypto.attachment.decrypt_mbps", median(decRates), "MB/s", "64 MiB, 64 KiB chunks");
  record("crypto.attachment.native_mbps", native, "MB/s", "node:crypto chacha20-poly1305, same chunks");
  record("crypto.attachment.native_ratio", encrypt / native, "ratio", "goal >= 0.18");
}

async function envelopes(): Promise<void> {
  const sender = await generateIdentity();
  const recipients: Identity[] = [];
  for (let i = 0; i < 10; i++) recipients.push(await generateIdentity());
  const text = "Hej! ".repeat(4000); // 20 000 bytes
  const sealTimes: number[] = [];
  const openTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    let t = performance.now();
    const messageKey: MessageKey = await generateMessageKey();
    const messageId = await generateId();
    const envelope = await sealEnvelope(
      {
        messageId,
        threadId: messageId,
        createdAt: Date.now(),
        expiresAt: Date.now() + 30 * 86_400_000,
        attachments: [],
        content: {
          subject: "Benchmark",
          text,
          from: { name: "Bench", address: "bench@skola.example" },
          to: recipients.map((_, n) => `r${String(n)}@example.org`),
          cc: [],
          attachments: [],
        },
      },
      messageKey,
      sender,
    );
    const stanzas: Uint8Array[] = [];
    for (const r of [sender, ...recipients]) stanzas.push(await sealKeyStanza(messageKey, messageId, r.boxPublicKey));
    sealTimes.push(performance.now() - t);
    const reader = recipients[i % 10] as Identity;
    t = performance.now();
    const key = await openKeyStanza(stanzas[1 + (i % 10)] as Uint8Array, messageId, reader);
    if (key === null) throw new Error("envelope bench: stanza not for reader");
    const opened = await openEnvelope(envelope, key, sender.signPublicKey);
    openTimes.push(performance.now() - t);
    if (opened.content.text.length !== text.length) throw new Error("envelope bench: content differs");
  }
  record("crypto.envelope.seal_ms", median(sealTimes.slice(10)), "ms", "20 KB body, 10 recipients + sender");
  record("crypto.envelope.open_ms", median(openTimes.slice(10)), "ms", "stanza + verify + decrypt");
}

async function vault(): Promise<void> {
  const identity = await generateIdentity();
  const prfOutput = new Uint8Array(32);
  randomFillSync(prfOutput);
  const prfEntry = await wrapIdentity(identity, { method: "prf", credentialId: new Uint8Array(64), prfOutput });
  const code = await generateRecoveryCode();
  const recoveryEntry = await wrapIdentity(identity, { method: "recovery", recoveryCode: code });
  const prfTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    await unwrapIdentity(prfEntry, { method: "prf", prfOutput });
    prfTimes.push(performance.now() - t);
  }
  const recoveryTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await unwrapIdentity(recoveryEntry, { method: "recovery", recoveryCode: code });
    recoveryTimes.push(performance.now() - t);
  }
  record("crypto.vault.unlock_prf_ms", median(prfTimes.slice(10)), "ms");
  record("crypto.vault.unlock_recovery_ms", median(recoveryTimes), "ms", "Argon2id, 2 passes, 64 MiB");
}

console.log(
  `@sigill/crypto benchmarks (node ${process.version}, ${typeof globalThis.gc === "function" ? "gc exposed" : "no gc"})`,
);
await generateIdentity(); // load libsodium before any measurement
await memory();
await throughput();
await envelopes();
await vault();
await writeFile(
  new URL("../bench-results.json", import.meta.url),
  `${JSON.stringify(
    results.map(({ name, value, unit }) => ({ name, value, unit })),
    null,
    2,
  )}\n`,
);
