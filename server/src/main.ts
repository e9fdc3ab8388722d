import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";

try {
  const config = loadConfig(process.env);
  const server = createApp().listen(config.port, config.host, () => {
    console.log(`[sigill] server listening on http://${config.host}:${String(config.port)}`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[sigill] ${error.message}`);
    process.exit(1);
  }
  throw error;
}
