// The Date header value, formatted once per second. RFC 9110 §6.6.1: an origin
// server with a clock MUST send Date, as IMF-fixdate (what toUTCString writes).
// Formatting a date costs far more than the rest of a small head, so the
// string is cached until the next second begins, as Node's utcDate() does; the
// timer is unref'd so an idle cache never holds the process open.

let cached: string | undefined;

function reset(): void {
  cached = undefined;
}

/** The current time as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), cached for the rest of this second. */
export function utcDate(): string {
  if (cached === undefined) {
    const now = new Date();
    cached = now.toUTCString();
    setTimeout(reset, 1000 - now.getMilliseconds()).unref();
  }
  return cached;
}
