// Command line for evaluation tooling (the contract is in the README; keep it stable):
//   detect --jsonl [--policy FILE] < in.jsonl > out.jsonl
//   detect [--policy FILE] FILE
// Errors go to stderr without a stack trace and never quote the input text.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import {
  createScanner,
  DetectionError,
  parsePolicy,
  type DetectionResult,
  type Policy,
  type Scanner,
} from "./index.ts";

const USAGE = "usage: detect --jsonl [--policy FILE] < in.jsonl > out.jsonl\n       detect [--policy FILE] FILE";

class UsageError extends Error {}

/** Files are resolved against the directory the command was run from (pnpm sets INIT_CWD). */
function resolveInput(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(resolveInput(path), "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`cannot read ${what} ${path}${typeof code === "string" ? ` (${code})` : ""}`);
  }
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

function runFile(path: string, scanner: Scanner): number {
  const text = readText(path, "file");
  const result = scanner.update(text);
  const out: string[] = [
    `${path}: ${result.sensitive ? "SENSITIVE – propose a secure message" : "not sensitive"} (${String(result.findings.length)} findings)`,
  ];
  for (const f of result.findings) {
    const kind = f.type === "category" || f.type === "custom" ? `${f.type}:${f.category}` : f.type;
    out.push(
      `  ${f.level.padEnd(6)} ${kind.padEnd(28)} [${String(f.start)}, ${String(f.end)}) at ${lineAndColumn(text, f.start)}`,
      `         sv: ${f.explanation.sv}`,
      `         en: ${f.explanation.en}`,
    );
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
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
  if (jsonl) {
    if (files.length > 0) throw new UsageError("--jsonl reads standard input; do not pass a file");
    // A fresh scanner per line: lines are independent messages.
    return runJsonl(() => createScanner(options));
  }
  const [file] = files;
  if (file === undefined || files.length > 1) throw new UsageError("pass exactly one FILE, or --jsonl");
  return runFile(file, createScanner(options));
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
