#!/usr/bin/env node
// The test Kubernetes API server as a process (README.md):
//   node tests/kube/api_server.mjs --dir DIR [--port 0] [--max-seconds 600]
//        [--token TOKEN] [--controller-delay-ms 200]
// Prints "ready https://127.0.0.1:PORT" once it listens; exits on SIGTERM or
// SIGINT, and by itself after --max-seconds so that a crashed test never
// leaves it running. Imported, it only exports startServer (from server.mjs).
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServer } from "./server.mjs";

export { startServer };

function usage(message) {
  process.stderr.write(`api_server.mjs: ${message}\n` +
    "usage: node api_server.mjs --dir DIR [--port 0] [--max-seconds 600] [--token TOKEN] [--controller-delay-ms 200]\n");
  process.exit(2);
}

function number(text, name) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) usage(`--${name} must be a whole number, not \`${text}\``);
  return value;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        dir: { type: "string" }, port: { type: "string", default: "0" }, "max-seconds": { type: "string", default: "600" },
        token: { type: "string" }, "controller-delay-ms": { type: "string", default: "200" },
      },
    }));
  } catch (error) {
    usage(error.message);
  }
  if (!values.dir) usage("--dir is required");
  const server = await startServer({
    dir: values.dir, port: number(values.port, "port"), token: values.token,
    settings: { controllerDelayMs: number(values["controller-delay-ms"], "controller-delay-ms") },
  });
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  setTimeout(() => {
    process.stderr.write(`api_server.mjs: stopping after --max-seconds ${values["max-seconds"]}\n`);
    stop();
  }, number(values["max-seconds"], "max-seconds") * 1000);
  process.stdout.write(`ready ${server.url}\n`);
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`api_server.mjs: ${error.stack ?? error}\n`);
    process.exit(1);
  });
}
