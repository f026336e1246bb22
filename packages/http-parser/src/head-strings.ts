/**
 * The strings of a message head (URL, reason phrase, header names and
 * values) for the `HTTPParser` compat class, built with as few string
 * allocations as possible.
 *
 * Theory of operation: while the whole head lies in the chunk being parsed
 * (the common case), spans are only recorded as offsets; at headers complete
 * the head is decoded once and every string is a slice of it (V8 makes long
 * slices without copying). When the head straddles chunks, or a value comes
 * in pieces (obs-fold), the offsets recorded so far are decoded on the spot
 * and the rest of the head is built piece by piece ("slow" mode). Trailers
 * always take the slow path: they are rare.
 *
 * Pipelined requests: each decode is a call into the runtime (see
 * LOOKAHEAD), so when a bodyless request's head is followed by more of
 * the chunk, the caller may ask `end` to decode ahead (up to LOOKAHEAD bytes):
 * the heads that follow in the same chunk are then sliced from that one
 * string. The window is forgotten at each chunk's end, since the caller may
 * refill its buffer.
 */
import { latin1, trimTrailingWhitespace } from './latin1.js';

/**
 * How far past a head `end` may decode ahead. A decode is a call into Node's
 * C++ (~120 ns, then ~0.05 ns a byte), so wider windows mean fewer of them:
 * on 100 pipelined 703 B GETs a window holds ~23 heads at 16 KiB, ~5 at
 * 4 KiB, and the compat class took 1,126–1,177 ns a request against
 * 1,189–1,277 (`pnpm bench --filter compat --filter "httparse-703 x100"`,
 * 4 alternating runs each). A slice of 13 characters or more keeps the
 * string it was cut from alive, so this also bounds what one kept header
 * value can pin (Node's own parser pins nothing; ours pins at most this, or
 * the head it came from).
 */
export const LOOKAHEAD = 16384;

export class HeadStrings {
  url = '';
  statusMessage = '';
  /** Flat [name, value, name, value, ...]. */
  headers: string[] = [];
  /** A head (or trailer section) is being read. */
  active = false;

  private headStart = 0;
  private urlStart = -1;
  private urlEnd = -1;
  private statusStart = -1;
  private statusEnd = -1;
  /** Fast mode: [nameStart, nameEnd, valueStart, valueEnd] per field line, `used` entries of it. */
  private offsets = new Int32Array(64);
  private used = 0;
  /**
   * Fast mode: where the next field line's name goes (4 × the complete lines),
   * with room for that line kept in `offsets`; -1 in slow mode. The span
   * callbacks run once per name and value, inside the parser's hot loop, so
   * this one comparison is all they check: a name must land here, a value
   * right after its name (a second piece of either, or slow mode, misses).
   */
  private nextField = 0;
  /** The chunk's bytes [windowStart, windowEnd) as a string; windowEnd -1: none. */
  private window = '';
  private windowStart = 0;
  private windowEnd = -1;
  /** Fast mode: spans are kept as offsets (see the top of the file). */
  private get fast(): boolean {
    return this.nextField >= 0;
  }

  /** Slow mode: the field line being read. */
  private field = '';
  private value = '';

  begin(at: number): void {
    this.active = true;
    this.headStart = at;
    this.urlStart = this.statusStart = -1;
    this.used = 0;
    this.nextField = 0;
    this.url = this.statusMessage = this.field = this.value = '';
    // `headers` still holds the last head's array (its owner may keep it): `end` or `slow` replaces it
  }

  beginTrailers(): void {
    this.active = true;
    this.nextField = -1;
    this.headers = [];
    this.field = this.value = '';
  }

  onUrl(buf: Uint8Array, start: number, end: number): void {
    if (this.fast) {
      if (this.urlStart < 0) {
        this.urlStart = start;
        this.urlEnd = end;
        return;
      }
      this.slow(buf);
    }
    this.url += latin1(buf, start, end);
  }

  onStatus(buf: Uint8Array, start: number, end: number): void {
    if (this.fast) {
      if (this.statusStart < 0) {
        this.statusStart = start;
        this.statusEnd = end;
        return;
      }
      this.slow(buf);
    }
    this.statusMessage += latin1(buf, start, end);
  }

  // The three callbacks below run once per name or value inside the parser's hot loop, and V8
  // inlines them there: their fast paths are kept small (and the rest out of line), so that
  // they leave room in the parser's inlining budget for its own helpers.

  onField(buf: Uint8Array, start: number, end: number): void {
    const n = this.used;
    if (n === this.nextField) {
      this.offsets[n] = start;
      this.offsets[n + 1] = end;
      this.used = n + 2;
    } else {
      this.fieldPiece(buf, start, end);
    }
  }

  onValue(buf: Uint8Array, start: number, end: number): void {
    const n = this.used;
    if (n === this.nextField + 2) {
      this.offsets[n] = start;
      this.offsets[n + 1] = end;
      this.used = n + 2;
    } else {
      this.valuePiece(buf, start, end);
    }
  }

  onValueComplete(): void {
    const line = this.nextField;
    if (line >= 0 && line + 8 <= this.offsets.length) this.nextField = line + 4;
    else this.lineComplete();
  }

  /** The chunk is about to go away: keep what was recorded of an unfinished head as strings. */
  chunkEnd(buf: Uint8Array): void {
    if (this.active && this.fast) this.slow(buf);
  }

  /** Forget the decoded window: the chunk it came from is done (and may be refilled), and it should not pin memory. */
  dropWindow(): void {
    this.window = '';
    this.windowEnd = -1;
  }

  /**
   * Headers complete at `at` of `buf`: make the strings. `ahead` (≥ `at`) is
   * how far the chunk may be decoded for the heads after this one (see the
   * top of the file); `at` decodes only this head.
   */
  end(buf: Uint8Array, at: number, ahead: number): void {
    this.active = false;
    if (!this.fast) return;
    let base = this.headStart;
    let text: string;
    if (base >= this.windowStart && at <= this.windowEnd) {
      text = this.window;
      base = this.windowStart;
    } else if (ahead > at) {
      const to = Math.max(at, Math.min(ahead, base + LOOKAHEAD));
      text = this.window = latin1(buf, base, to);
      this.windowStart = base;
      this.windowEnd = to;
    } else {
      text = latin1(buf, base, at);
    }
    if (this.urlStart >= 0) this.url = text.slice(this.urlStart - base, this.urlEnd - base);
    if (this.statusStart >= 0) this.statusMessage = text.slice(this.statusStart - base, this.statusEnd - base);
    const o = this.offsets;
    // sized once: pushing the strings one by one into [] would grow its store on the way
    const headers: string[] = (this.headers = new Array<string>(this.used >> 1));
    for (let i = 0, j = 0; i < this.used; i += 4, j += 2) {
      // trailing OWS is trimmed on the bytes, before any string exists
      let valueEnd = o[i + 3];
      while (valueEnd > o[i + 2] && (buf[valueEnd - 1] === 0x20 || buf[valueEnd - 1] === 0x09)) valueEnd--;
      headers[j] = text.slice(o[i] - base, o[i + 1] - base);
      headers[j + 1] = text.slice(o[i + 2] - base, valueEnd - base);
    }
  }

  private slow(buf: Uint8Array): void {
    const whole = this.nextField;
    this.nextField = -1;
    this.headers = [];
    if (this.urlStart >= 0) this.url = latin1(buf, this.urlStart, this.urlEnd);
    if (this.statusStart >= 0) this.statusMessage = latin1(buf, this.statusStart, this.statusEnd);
    const o = this.offsets;
    for (let i = 0; i < whole; i += 4) {
      this.headers.push(latin1(buf, o[i], o[i + 1]), trimTrailingWhitespace(latin1(buf, o[i + 2], o[i + 3])));
    }
    if (this.used > whole) this.field = latin1(buf, o[whole], o[whole + 1]);
    if (this.used > whole + 2) this.value = latin1(buf, o[whole + 2], o[whole + 3]);
  }

  private fieldPiece(buf: Uint8Array, start: number, end: number): void {
    if (this.fast) this.slow(buf);
    this.field += latin1(buf, start, end);
  }

  private valuePiece(buf: Uint8Array, start: number, end: number): void {
    if (this.fast) this.slow(buf);
    this.value += latin1(buf, start, end);
  }

  /** A field line is complete, and either offsets needs more room or the head is in slow mode. */
  private lineComplete(): void {
    if (this.fast) {
      const bigger = new Int32Array(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
      this.nextField += 4;
      return;
    }
    // RFC 9110 §5.5: trailing whitespace is not part of the value (Node trims it too)
    this.headers.push(this.field, trimTrailingWhitespace(this.value));
    this.field = this.value = '';
  }
}
