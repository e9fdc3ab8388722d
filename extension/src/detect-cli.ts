// Command line for evaluation tooling (the contract is in the README; keep it stable):
//   detect --jsonl [--policy FILE] < in.jsonl > out.jsonl
//   detect [--jsonl] [--policy FILE] FILE...
// Files are scanned as attachments would be (PDF, Office, ODT, HTML, EML, text): same engine, same
// limits. Errors go to stderr without a stack trace and never quote the input text.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { scanAttachment, type AttachmentScan, type ScanLocation, type UnscannableReason } from "./attachments/index.ts";
import {
  createScanner,
  DetectionError,
  parsePolicy,
  type DetectionResult,
  type Policy,
  type Scanner,
} from "@sigill/detection";

const USAGE =
  "usage: detect --jsonl [--policy FILE] < in.jsonl > out.jsonl\n       detect [--jsonl] [--policy FILE] FILE...";

class UsageError extends Error {}

/** Files are resolved against the directory the command was run from (pnpm sets INIT_CWD). */
function resolveInput(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

function readBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(resolveInput(path));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`cannot read ${what} ${path}${typeof code === "string" ? ` (${code})` : ""}`);
  }
}

function readText(path: string, what: string): string {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(readBytes(path, what));
}

function loadPolicy(path: string): Policy {
  let json: unknown;
  try {
    json = JSON.parse(readText(path, "policy file"));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`policy file ${path} is not valid JSON`);
  }
  return parsePolicy(json);
}

function toWire(id: unknown, result: DetectionResult): string {
  return JSON.stringify({
    id,
    sensitive: result.sensitive,
    findings: result.findings.map((f) => ({
      type: f.type,
      start: f.start,
      end: f.end,
      level: f.level,
      category: f.category,
    })),
  });
}

async function runJsonl(scannerFor: () => Scanner): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let failures = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    let id: unknown = null;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new DetectionError("INVALID_INPUT", "not valid JSON");
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new DetectionError("INVALID_INPUT", 'expected an object {"id": ..., "text": ...}');
      }
      const record = parsed as Record<string, unknown>;
      if (typeof record.id === "string" || typeof record.id === "number") id = record.id;
      else throw new DetectionError("INVALID_INPUT", '"id" must be a string or a number');
      if (typeof record.text !== "string") throw new DetectionError("INVALID_INPUT", '"text" must be a string');
      process.stdout.write(`${toWire(id, scannerFor().update(record.text))}\n`);
    } catch (error) {
      if (!(error instanceof DetectionError)) throw error;
      failures++;
      process.stderr.write(`detect: line ${String(lineNumber)}: ${error.message}\n`);
      process.stdout.write(`${JSON.stringify({ id, line: lineNumber, error: error.message })}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${String(line)}:${String(offset - lineStart + 1)}`;
}

const REASONS: Record<UnscannableReason, string> = {
  encrypted: "password-protected",
  "image-only": "scanned images, no text layer",
  "too-large": "over the size limit",
  "too-many-pages": "over the page limit",
  corrupt: "damaged or not what its name says",
  unsupported: "a file type that is not read",
  timeout: "took too long",
  "not-captured": "not given to the scanner",
};

/** Plain-text files, whose findings are shown at line:column as for a typed draft. */
const PLAIN_TEXT = /(?:^|[\\/])[^\\/.]+$|\.(?:txt|text|csv|tsv|md|log|json|xml|vcf|ics)$/i;

function describeLocation(location: ScanLocation | undefined, start: number, text: string | null): string {
  if (location === undefined) return "";
  if (location.part === "name") return "in the file name";
  if (location.page !== undefined) return `at page ${String(location.page)}`;
  if (location.slide !== undefined) return `at slide ${String(location.slide)}`;
  if (location.sheet !== undefined) {
    return `at sheet "${location.sheet}"${location.cell === undefined ? "" : ` cell ${location.cell}`}`;
  }
  if (location.part === "header") return "in a header or footer";
  return text === null ? "in the body" : `at ${lineAndColumn(text, start)}`;
}

function report(path: string, scan: AttachmentScan, text: string | null): string {
  const { result } = scan;
  const verdict = `${result.sensitive ? "SENSITIVE – propose a secure message" : "not sensitive"} (${String(result.findings.length)} findings)`;
  const out: string[] = [
    scan.status === "scanned"
      ? `${path}: ${verdict}`
      : `${path}: UNSCANNABLE ${scan.reason} (${REASONS[scan.reason]}); file name: ${verdict}`,
  ];
  result.findings.forEach((f, i) => {
    const kind = f.type === "category" || f.type === "custom" ? `${f.type}:${f.category}` : f.type;
    out.push(
      `  ${f.level.padEnd(6)} ${kind.padEnd(28)} [${String(f.start)}, ${String(f.end)}) ${describeLocation(scan.locations[i], f.start, text)}`,
      `         sv: ${f.explanation.sv}`,
      `         en: ${f.explanation.en}`,
    );
  });
  return out.join("\n");
}

function scanToWire(id: string, scan: AttachmentScan): string {
  return JSON.stringify({
    id,
    status: scan.status,
    ...(scan.status === "unscannable" && { reason: scan.reason }),
    sensitive: scan.result.sensitive,
    findings: scan.result.findings.map((f, i) => ({
      type: f.type,
      start: f.start,
      end: f.end,
      level: f.level,
      category: f.category,
      location: scan.locations[i] ?? {},
    })),
  });
}

/** Scans each file as an attachment; exit 1 when some file could not be scanned (all are reported). */
async function runFiles(paths: readonly string[], policy: Policy | undefined, jsonl: boolean): Promise<number> {
  // Every file is read first, so a missing one is a usage error before anything is printed.
  const files = paths.map((path) => ({ path, bytes: readBytes(path, "file") }));
  let unscannable = 0;
  for (const { path, bytes } of files) {
    const scan = await scanAttachment(path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1), bytes, {
      ...(policy !== undefined && { policy }),
    });
    if (scan.status === "unscannable") unscannable++;
    const text = PLAIN_TEXT.test(path) ? new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) : null;
    process.stdout.write(`${jsonl ? scanToWire(path, scan) : report(path, scan, text)}\n`);
  }
  return unscannable === 0 ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  let jsonl = false;
  let policyPath: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--jsonl") jsonl = true;
    else if (arg === "--policy") {
      policyPath = argv[++i] ?? null;
      if (policyPath === null) throw new UsageError("--policy needs a file");
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  const policy = policyPath === null ? undefined : loadPolicy(policyPath);
  const options = policy === undefined ? {} : { policy };
  if (files.length > 0) return runFiles(files, policy, jsonl);
  // A fresh scanner per line: lines are independent messages.
  if (jsonl) return runJsonl(() => createScanner(options));
  throw new UsageError("pass one or more FILEs, or --jsonl");
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message =
      error instanceof UsageError
        ? `${error.message}\n${USAGE}`
        : error instanceof DetectionError
          ? `${error.code}: ${error.message}`
          : "internal error";
    process.stderr.write(`detect: ${message}\n`);
    process.exitCode = 2;
  },
);
