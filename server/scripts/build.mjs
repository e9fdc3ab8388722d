#!/usr/bin/env node
// Builds the server into dist/ (`pnpm --filter @sigill/server build`): the entry points main.js
// (the server) and cli.js (the operator's command line) as plain JavaScript ES modules with source
// maps, so production runs `node --enable-source-maps dist/main.js` and never compiles TypeScript
// at run time (tsx cost about 100 MiB of resident memory and a slower start; docs/performance.md).
// Our workspace packages (@sigill/crypto, @sigill/client: TypeScript sources) and the generated
// Prisma client are bundled in; every other dependency stays an import from node_modules.
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const external = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter((name) => !name.startsWith("@sigill/"))
  .flatMap((name) => [name, `${name}/*`]);

rmSync(join(root, "dist"), { recursive: true, force: true });
const started = performance.now();
await build({
  absWorkingDir: root,
  entryPoints: { main: "src/main.ts", cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  external,
  // Bundled CommonJS helpers may call require(); ESM has none unless we make one.
  banner: {
    js: 'import { createRequire as __sigillRequire } from "node:module";\nconst require = __sigillRequire(import.meta.url);',
  },
  logLevel: "warning",
});
console.log(`[sigill] server built into ${join(root, "dist")} in ${(performance.now() - started).toFixed(0)} ms`);
