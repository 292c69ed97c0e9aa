// A minimal HTTPS client for the tests of this directory: requests with the
// server's CA and a bearer token, and watches read event by event.
import fs from "node:fs";
import https from "node:https";

/** A client of the server described by SERVER ({url, token, caFile}); TOKEN overrides the admin's. */
export function connect(server, token = server.token) {
  const ca = fs.readFileSync(server.caFile);
  const base = new URL(server.url);

  function open(method, path, { body, contentType, headers = {}, bearer = token } = {}) {
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    return https.request({
      host: base.hostname, port: base.port, method, path, ca, agent: false,
      headers: {
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        ...(payload !== undefined ? { "Content-Type": contentType ?? "application/json", "Content-Length": Buffer.byteLength(payload) } : {}),
        "User-Agent": "whisk-kube-selftest/1.0",
        ...headers,
      },
    }).end(payload);
  }

  /** Resolves to {status, headers, body} (body parsed when JSON) whatever the status. */
  function request(method, path, options = {}) {
    return new Promise((resolve, reject) => {
      const req = open(method, path, options);
      req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on("error", reject);
      req.on("response", (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON: the text itself.
          }
          resolve({ status: res.statusCode, headers: res.headers, body: parsed });
        });
      });
    });
  }

  /**
   * Opens a watch on PATH; `next()` resolves to the next event ({type, object})
   * or rejects after TIMEOUTMS; `close()` ends it.
   */
  function watch(path, timeoutMs = 5000) {
    const req = open("GET", path);
    const events = [];
    const waiters = [];
    let buffered = "";
    req.on("response", (res) => {
      res.on("data", (chunk) => {
        buffered += chunk.toString("utf8");
        let newline;
        while ((newline = buffered.indexOf("\n")) >= 0) {
          events.push(JSON.parse(buffered.slice(0, newline)));
          buffered = buffered.slice(newline + 1);
          while (waiters.length && events.length) waiters.shift()(events.shift());
        }
      });
    });
    req.on("error", () => {});
    return {
      next() {
        if (events.length) return Promise.resolve(events.shift());
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no watch event on ${path} within ${timeoutMs} ms`)), timeoutMs);
          waiters.push((event) => { clearTimeout(timer); resolve(event); });
        });
      },
      close() {
        req.destroy();
      },
    };
  }

  return { request, watch };
}
