// The configuration reference in docs/operations.md, generated from the schema that parses the
// environment (scripts/config-doc.ts writes it; test/config-doc.test.ts fails when it drifts).
import { z } from "zod";
import { configSchema } from "./config.ts";

interface Property {
  description?: string;
  default?: unknown;
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
  anyOf?: Property[];
}

function accepted(p: Property): string {
  if (p.enum !== undefined) return p.enum.map((v) => `\`${String(v)}\``).join(", ");
  if (p.type === "integer")
    return p.minimum !== undefined && p.maximum !== undefined
      ? `integer ${String(p.minimum)}–${String(p.maximum)}`
      : "integer";
  if (p.format === "uri") return "URL";
  if (p.anyOf !== undefined) return p.anyOf.some((a) => a.format === "uri") ? "URL or empty" : "text";
  if (p.pattern !== undefined) return "host name";
  return "text";
}

/** One Markdown table row per environment variable: name, default, accepted values, meaning. */
export function configReference(): string {
  // Input side: what the environment holds; the output side knows defaults given after a transform.
  const input = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as {
    properties: Record<string, Property>;
  };
  const output = z.toJSONSchema(configSchema, { io: "output", unrepresentable: "any" }) as {
    properties: Record<string, Property>;
  };
  const rows = Object.entries(input.properties).map(([name, p]) => {
    const fallback = p.default ?? output.properties[name]?.default;
    const shown =
      fallback === undefined || fallback === "" ? "(unset)" : `\`${JSON.stringify(fallback).replace(/^"|"$/g, "")}\``;
    const meaning = (p.description ?? output.properties[name]?.description ?? "").replaceAll("|", "\\|");
    return `| \`${name}\` | ${shown} | ${accepted(p)} | ${meaning} |`;
  });
  return ["| variable | default | accepted | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
