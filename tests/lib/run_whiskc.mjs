// Shared by the Node checkers under tests/: runs whiskc as the golden runner
// does (no shell, TERM=dumb, NO_COLOR and WHISK_PATH unset, killed after 20 s).
import { spawnSync } from "node:child_process";

export const TIME_LIMIT_MS = 20_000;

function childEnvironment() {
  const env = { ...process.env, TERM: "dumb" };
  for (const name of ["NO_COLOR", "WHISK_PATH", "WHISK_UPDATE_GOLDEN"]) delete env[name];
  return env;
}

/** Runs whiskc; returns { stdout }, or { failure } saying what went wrong. */
export function runWhiskc(whiskc, args, cwd) {
  const run = spawnSync(whiskc, args, {
    cwd,
    env: childEnvironment(),
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    timeout: TIME_LIMIT_MS,
    killSignal: "SIGKILL",
    maxBuffer: 1 << 30,
  });
  const command = `whiskc ${args.join(" ")}`;
  if (run.error?.code === "ETIMEDOUT") return { failure: `${command}: killed after ${TIME_LIMIT_MS / 1000} s` };
  if (run.error) return { failure: `${command}: cannot run: ${run.error.message}` };
  if (run.status !== 0) {
    const status = run.signal ? `killed by ${run.signal}` : `exit ${run.status}`;
    const stderr = run.stderr.trimEnd().replace(/^/gm, "    ");
    return { failure: `${command}: ${status}${stderr ? `, stderr:\n${stderr}` : ""}` };
  }
  return { stdout: run.stdout };
}
