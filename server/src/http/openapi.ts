import { z } from "zod";
import { ERROR_STATUS } from "./app-error.ts";
import type { RouteRecord } from "./route.ts";

const errorSchema = z.object({
  error: z.object({ code: z.enum(Object.keys(ERROR_STATUS) as [string, ...string[]]), message: z.string() }),
});

function jsonSchema(schema: z.core.$ZodType): unknown {
  return z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any", io: "input" });
}

/** The OpenAPI 3.1 document for every declared route, built from the same zod schemas. */
export function buildOpenApi(records: readonly RouteRecord[], info: { version: string; serverUrl: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of records) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", spec.params],
      ["query", spec.query],
    ] as const) {
      if (schema === undefined || !(schema instanceof z.ZodObject)) continue;
      const shape: Readonly<Record<string, z.core.$ZodType>> = schema.shape;
      for (const [name, field] of Object.entries(shape)) {
        parameters.push({
          name,
          in: where,
          required: where === "path" || !z.safeParse(field, undefined).success,
          schema: jsonSchema(field),
        });
      }
    }
    paths[path] ??= {};
    paths[path][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      "x-access": spec.access,
      ...(spec.access !== "public" && { security: [{ sessionCookie: [], csrfHeader: [] }, { bearer: [] }] }),
      ...(parameters.length > 0 && { parameters }),
      ...(spec.body !== undefined && {
        requestBody: { required: true, content: { "application/json": { schema: jsonSchema(spec.body) } } },
      }),
      ...(spec.rawBody !== undefined && {
        requestBody: {
          required: true,
          content: { [spec.rawBody]: { schema: { type: "string", contentMediaType: spec.rawBody } } },
        },
      }),
      responses: {
        [String(spec.status ?? 200)]: {
          description: "Success",
          content:
            spec.rawResponse === undefined
              ? { "application/json": { schema: jsonSchema(spec.response) } }
              : { [spec.rawResponse]: { schema: { type: "string", contentMediaType: spec.rawResponse } } },
        },
        default: { description: "Error", content: { "application/json": { schema: jsonSchema(errorSchema) } } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Sigill API",
      version: info.version,
      description: "End-to-end encrypted secure messages for Swedish schools. The server stores only ciphertext.",
    },
    servers: [{ url: info.serverUrl }],
    components: {
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: "__Host-sigill_session" },
        csrfHeader: { type: "apiKey", in: "header", name: "X-CSRF-Token" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
    paths,
  };
}
