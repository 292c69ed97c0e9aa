// Fault injection: rules that make matching requests fail, stall or lose
// their connection, so clients' retries, timeouts and error messages can be
// tested. A rule: {method?, path (regex on the path), query? (regex on the
// query string), user?, times? (default: every match), then: {status?,
// retryAfter?, body?, causes?, message?, delayMs?, closeConnection?}}.
import { ApiError, errors, failure } from "./status.mjs";

const DEFAULT_CAUSES = [{
  reason: "FieldValueInvalid",
  message: "Invalid value: \"\": must not be empty",
  field: "spec.template.spec.containers[0].image",
}];

export class Faults {
  constructor() {
    this.rules = [];
    this.nextId = 1;
  }

  /** Adds RULE (checked); returns it with its id and hit count. */
  add(rule) {
    if (typeof rule?.path !== "string" || typeof rule.then !== "object" || rule.then === null) {
      throw new ApiError(errors.badRequest("a fault rule needs `path` (a regular expression) and `then` (an object)"));
    }
    let pattern;
    let query;
    try {
      pattern = new RegExp(rule.path);
      query = rule.query === undefined ? undefined : new RegExp(rule.query);
    } catch (error) {
      throw new ApiError(errors.badRequest(`bad regular expression: ${error.message}`));
    }
    const added = { ...rule, id: this.nextId++, hits: 0, times: rule.times ?? null, pattern, queryPattern: query };
    this.rules.push(added);
    return describe(added);
  }

  list() {
    return this.rules.map(describe);
  }

  clear() {
    this.rules = [];
  }

  /** The first rule matching the request (counting the hit), or undefined. */
  take({ method, path, rawQuery, user }) {
    const rule = this.rules.find((r) =>
      (!r.method || r.method.toUpperCase() === method) && r.pattern.test(path) &&
      (!r.queryPattern || r.queryPattern.test(rawQuery)) && (!r.user || r.user === user) &&
      (r.times === null || r.hits < r.times));
    if (rule) rule.hits++;
    return rule;
  }
}

const describe = ({ pattern, queryPattern, ...rule }) => rule;

/** The Status a rule's `then` answers with for request CTX, as the real server words it. */
export function faultStatus(then, ctx) {
  const code = then.status;
  if (then.body !== undefined) return then.body;
  const { rt, name, namespace } = ctx;
  switch (code) {
    case 401: return errors.unauthorized();
    case 403: return rt && ctx.verb ? errors.forbidden(ctx.user, ctx.verb, rt, name, namespace) : errors.forbiddenPath(ctx.user, ctx.method, ctx.path);
    case 404: return rt && name ? errors.notFound(rt, name) : errors.unknownResource();
    case 409: return rt && name ? errors.conflict(rt, name) : failure(409, "Conflict", then.message ?? "conflict");
    case 422: return errors.invalid(rt ?? { kind: "Object", group: "", resource: "" }, name ?? "", then.causes ?? DEFAULT_CAUSES);
    case 429: return errors.tooManyRequests(then.retryAfter ?? 1);
    case 500: return errors.internal(then.message ?? "injected fault");
    case 503: return errors.unavailable(then.message ?? "the server is currently unable to handle the request");
    case 504: return failure(504, "Timeout", then.message ?? "the server was unable to return a response in the time allotted");
    default: return failure(code, "Unknown", then.message ?? `injected fault ${code}`);
  }
}
