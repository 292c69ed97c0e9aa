// Shared by the whiskc end-to-end tests here (whiskc_*.mjs): their command line, a last
// resort under ctest's TIMEOUT, the environment whiskc runs in and running it.
import { execFile } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: options } = parseArgs({
  options: { whiskc: { type: "string" }, "source-dir": { type: "string" } },
  strict: false,
});
/** The repository (--source-dir) and the whiskc to test (--whiskc). */
export const ROOT = path.resolve(options["source-dir"] ?? path.join(HERE, "..", ".."));
export const WHISKC = path.resolve(options.whiskc ?? path.join(ROOT, "build", "compiler", "whiskc"));
/** How long one whiskc run may take before it is killed (by its PID, through execFile). */
export const WHISKC_TIMEOUT_MS = 60_000;

/**
 * Ends the process after MS milliseconds, a little under ctest's TIMEOUT, so that nothing
 * here outlives it: a last resort, after CLEANUP (which may stop a server).
 */
export function lastResort(script, ms, cleanup = () => {}) {
  setTimeout(() => {
    console.error(`${script}: still running after ${ms / 1000} s; giving up`);
    cleanup();
    process.exit(1);
  }, ms).unref();
}

/** The environment of child processes: no kubeconfig, proxy or HOME of this machine. */
export function childEnv(home, extra = {}) {
  const env = { ...process.env, HOME: home, NO_COLOR: "1" };
  for (const name of ["KUBECONFIG", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]) delete env[name];
  return { ...env, ...extra };
}

/**
 * Runs FILE (whiskc, unless said otherwise) with ARGS in the repository, in ENV; resolves to
 * {code, stdout, stderr, ms, text}, `text` being all of it for a failure message.
 */
export function run(args, env, file = WHISKC) {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env, timeout: WHISKC_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        const ms = Math.round(performance.now() - started);
        resolve({ code, stdout, stderr, ms, text: `$ ${path.basename(file)} ${args.join(" ")}\nexit ${code} after ${ms} ms\n--- stdout\n${stdout}--- stderr\n${stderr}` });
      });
  });
}
