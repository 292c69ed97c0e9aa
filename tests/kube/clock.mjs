// Times as the API server writes them.

/** Now, in RFC 3339 to the second. */
export const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
