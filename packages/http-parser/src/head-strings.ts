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
 */
import { latin1, trimTrailingWhitespace } from './latin1.js';

export class HeadStrings {
  url = '';
  statusMessage = '';
  /** Flat [name, value, name, value, ...]. */
  headers: string[] = [];
  /** A head (or trailer section) is being read. */
  active = false;

  private fast = true;
  private headStart = 0;
  private urlStart = -1;
  private urlEnd = -1;
  private statusStart = -1;
  private statusEnd = -1;
  /** Fast mode: [nameStart, nameEnd, valueStart, valueEnd] per field line, `used` entries of it. */
  private offsets = new Int32Array(64);
  private used = 0;
  /** Fast mode: field lines whose value is complete. */
  private complete = 0;
  /** Slow mode: the field line being read. */
  private field = '';
  private value = '';

  begin(at: number): void {
    this.active = true;
    this.fast = true;
    this.headStart = at;
    this.urlStart = this.statusStart = -1;
    this.used = 0;
    this.complete = 0;
    this.url = this.statusMessage = this.field = this.value = '';
    this.headers = [];
  }

  beginTrailers(): void {
    this.active = true;
    this.fast = false;
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

  onField(buf: Uint8Array, start: number, end: number): void {
    if (this.fast) {
      if (this.used === this.complete * 4) {
        this.record(start, end);
        return;
      }
      this.slow(buf);
    }
    this.field += latin1(buf, start, end);
  }

  onValue(buf: Uint8Array, start: number, end: number): void {
    if (this.fast) {
      if (this.used === this.complete * 4 + 2) {
        this.record(start, end);
        return;
      }
      this.slow(buf);
    }
    this.value += latin1(buf, start, end);
  }

  onValueComplete(): void {
    if (this.fast) {
      this.complete++;
      return;
    }
    // RFC 9110 §5.5: trailing whitespace is not part of the value (Node trims it too)
    this.headers.push(this.field, trimTrailingWhitespace(this.value));
    this.field = this.value = '';
  }

  /** The chunk is about to go away: keep what was recorded of an unfinished head as strings. */
  chunkEnd(buf: Uint8Array): void {
    if (this.active && this.fast) this.slow(buf);
  }

  /** Headers complete at `at` of `buf`: make the strings. */
  end(buf: Uint8Array, at: number): void {
    this.active = false;
    if (!this.fast) return;
    const base = this.headStart;
    const text = latin1(buf, base, at);
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
    this.fast = false;
    if (this.urlStart >= 0) this.url = latin1(buf, this.urlStart, this.urlEnd);
    if (this.statusStart >= 0) this.statusMessage = latin1(buf, this.statusStart, this.statusEnd);
    const o = this.offsets;
    const whole = this.complete * 4;
    for (let i = 0; i < whole; i += 4) {
      this.headers.push(latin1(buf, o[i], o[i + 1]), trimTrailingWhitespace(latin1(buf, o[i + 2], o[i + 3])));
    }
    if (this.used > whole) this.field = latin1(buf, o[whole], o[whole + 1]);
    if (this.used > whole + 2) this.value = latin1(buf, o[whole + 2], o[whole + 3]);
  }

  private record(start: number, end: number): void {
    if (this.used + 2 > this.offsets.length) {
      const bigger = new Int32Array(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    this.offsets[this.used++] = start;
    this.offsets[this.used++] = end;
  }
}
