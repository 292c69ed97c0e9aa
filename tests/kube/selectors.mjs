// Label and field selectors of LIST, WATCH and DELETE collection requests.
import { ApiError, errors } from "./status.mjs";

/** Splits on commas outside parentheses: "a in (x,y),b" -> ["a in (x,y)", "b"]. */
function terms(text) {
  const out = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (text[i] === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((t) => t.trim()).filter(Boolean);
}

const invalid = (text) => new ApiError(errors.badRequest(`unable to parse requirement: found '${text}', expected: in, notin, =, ==, !=, gt, lt`));

/** A predicate on a labels map for the label selector TEXT (=, ==, !=, in, notin, exists, !). */
export function labelSelector(text) {
  const requirements = terms(text ?? "").map((term) => {
    let m;
    if ((m = /^!\s*([\w./-]+)$/.exec(term))) return (labels) => !(m[1] in labels);
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term))) {
      const values = m[3].split(",").map((v) => v.trim());
      const key = m[1];
      return m[2] === "in" ? (labels) => values.includes(labels[key]) : (labels) => !values.includes(labels[key]);
    }
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term))) {
      const [, key, op, value] = m;
      return op === "!=" ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
    }
    if ((m = /^([\w./-]+)$/.exec(term))) return (labels) => m[1] in labels;
    throw invalid(term);
  });
  return (labels = {}) => requirements.every((matches) => matches(labels));
}

const FIELDS = {
  "metadata.name": (object) => object.metadata.name,
  "metadata.namespace": (object) => object.metadata.namespace ?? "",
};

/** A predicate on objects for the field selector TEXT; only metadata.name and metadata.namespace, as for most types. */
export function fieldSelector(text) {
  const requirements = terms(text ?? "").map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new ApiError(errors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`));
    const [, name, op, value] = m;
    const read = FIELDS[name];
    if (!read) throw new ApiError(errors.badRequest(`field label not supported: ${name}`));
    return op === "!=" ? (object) => read(object) !== value : (object) => read(object) === value;
  });
  return (object) => requirements.every((matches) => matches(object));
}

/** A predicate on objects for a request's labelSelector and fieldSelector query parameters. */
export function selectorFromQuery(query) {
  const labels = labelSelector(query.get("labelSelector"));
  const fields = fieldSelector(query.get("fieldSelector"));
  return (object) => labels(object.metadata.labels) && fields(object);
}
