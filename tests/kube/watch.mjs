// WATCH: a stream of newline-delimited JSON events ({type, object}) for the
// objects of one type that match the request's namespace and selectors.
import { selectorFromQuery } from "./selectors.mjs";
import { errors } from "./status.mjs";

const INITIAL_EVENTS_END = "k8s.io/initial-events-end";

/**
 * Serves the watch of CTX on RES until the client leaves, `timeoutSeconds`
 * passes, or the server closes (ctx.state.watches holds the way to end it).
 */
export function watch(ctx, res) {
  const { store, settings } = ctx.state;
  const { rt, namespace, query } = ctx;
  const matches = selectorFromQuery(query);
  const visible = (object) =>
    object !== undefined && (!rt.namespaced || !namespace || object.metadata.namespace === namespace) && matches(object);

  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  const send = (type, object) => res.write(`${JSON.stringify({ type, object })}\n`);
  const bookmark = (annotations) => send("BOOKMARK", {
    kind: rt.kind, apiVersion: rt.apiVersion,
    metadata: { resourceVersion: String(store.revision), ...(annotations ? { annotations } : {}) },
  });

  // A change seen through the selector: moving into it is an ADDED, out of it a DELETED.
  const forward = (event) => {
    if (event.rt !== rt) return;
    const before = event.previous && visible(event.previous);
    const after = event.type !== "DELETED" && visible(event.object);
    if (after) send(before ? "MODIFIED" : "ADDED", event.object);
    else if (before) send("DELETED", event.object);
  };

  const from = query.get("resourceVersion") ?? "";
  const sendInitial = query.get("sendInitialEvents") === "true";
  const bookmarks = query.get("allowWatchBookmarks") === "true";
  if (from === "" || from === "0" || sendInitial) {
    // No starting point: the current objects first, as synthetic ADDED events.
    for (const object of store.list(rt, namespace).filter(visible)) send("ADDED", object);
    if (sendInitial && bookmarks) bookmark({ [INITIAL_EVENTS_END]: "true" });
  } else {
    const backlog = store.since(Number(from));
    if (!backlog) {
      send("ERROR", errors.gone(`too old resource version: ${from} (${store.compacted + 1})`));
      res.end();
      return;
    }
    backlog.forEach(forward);
  }

  const unsubscribe = store.subscribe(forward);
  const timers = [];
  if (bookmarks) timers.push(setInterval(() => bookmark(), settings.bookmarkMs));
  const timeout = Number(query.get("timeoutSeconds") ?? 0);
  const end = () => {
    unsubscribe();
    timers.forEach(clearInterval);
    ctx.state.watches.delete(end);
    res.end();
  };
  if (timeout > 0) timers.push(setTimeout(end, timeout * 1000));
  ctx.state.watches.add(end);
  res.on("close", end);
}
