import { z } from "zod";

const configSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SIGILL_DATA_DIR: z.string().min(1).default("./data"),
});

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
}

/** Error thrown for an invalid environment; its message names the variable, never its value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses the environment once at start-up; the process exits on invalid configuration. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new ConfigError(`invalid configuration: ${names}`);
  }
  return { host: parsed.data.HOST, port: parsed.data.PORT, dataDir: parsed.data.SIGILL_DATA_DIR };
}
