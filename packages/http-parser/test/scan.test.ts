// The word scans (src/scan.ts) against a byte-at-a-time reference: for
// every byte value at every position of a block, and for random blocks
// mixing bytes that stop a scan with ones that do not (where a carry in
// the word arithmetic could hide or invent a hit), a scan must stop exactly
// at the first byte it may not skip, or after the last whole 8-byte block.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HEADER_VALUE, URL_CHAR } from '../src/chars.js';
import { skipFieldContentWords, skipUrlWords } from '../src/scan.js';

const test = suite('scan');

/** Bytes a field-value scan may skip: field-vchar (obs-text included) and SP (HTAB goes to the byte loop). */
const fieldContent = (c: number) => c >= 0x20 && c !== 0x7f;
/** Bytes a request-target scan may skip: visible ASCII but "#" and "?". */
const urlContent = (c: number) => c > 0x20 && c < 0x7f && c !== 0x23 && c !== 0x3f;

type Scan = (view: DataView, base: number, p: number, end: number) => number;

/** Where the scan must stop: the first byte it may not skip in a whole 8-byte block, else the end of the last block. */
function expected(bytes: Uint8Array, p: number, end: number, skippable: (c: number) => boolean): number {
  for (; p + 8 <= end; p += 8) {
    for (let i = p; i < p + 8; i++) if (!skippable(bytes[i])) return i;
  }
  return p;
}

function check(scan: Scan, skippable: (c: number) => boolean, bytes: Uint8Array, p: number, what: string): void {
  // the scan reads the chunk through a view of its whole ArrayBuffer, at the chunk's byteOffset
  const backing = new Uint8Array(bytes.length + 3);
  const chunk = backing.subarray(3);
  chunk.set(bytes);
  const view = new DataView(backing.buffer);
  assert.is(scan(view, chunk.byteOffset, p, chunk.length), expected(chunk, p, chunk.length, skippable), what);
}

const scans: Array<[string, Scan, (c: number) => boolean, number]> = [
  ['field value', skipFieldContentWords, fieldContent, 0x61],
  ['request target', skipUrlWords, urlContent, 0x2f],
];

test('what a scan skips is what the byte tables accept', () => {
  for (let c = 0; c < 256; c++) {
    if (fieldContent(c)) assert.is(HEADER_VALUE[c], 1, `field byte ${c}`);
    if (urlContent(c)) assert.is(URL_CHAR[c], 1, `url byte ${c}`);
  }
});

for (const [name, scan, skippable, filler] of scans) {
  test(`${name}: every byte value at every position`, () => {
    const bytes = new Uint8Array(27).fill(filler);
    for (let at = 0; at < 24; at++) {
      for (let c = 0; c < 256; c++) {
        bytes[at] = c;
        for (const p of [0, 1, 5]) check(scan, skippable, bytes, p, `byte ${c} at ${at}, from ${p}`);
      }
      bytes[at] = filler;
    }
  });

  test(`${name}: random mixes of stopping and skippable bytes`, () => {
    // a small PRNG (mulberry32), so that a failure can be replayed
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const interesting = [0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x20, 0x21, 0x23, 0x3f, 0x7e, 0x7f, 0x80, 0x81, 0xa0, 0xfe, 0xff];
    const bytes = new Uint8Array(40);
    for (let round = 0; round < 20_000; round++) {
      for (let i = 0; i < bytes.length; i++) {
        bytes[i] = random() < 0.9 ? filler : interesting[Math.floor(random() * interesting.length)];
      }
      check(scan, skippable, bytes, Math.floor(random() * 8), `round ${round}: ${Array.from(bytes).join(',')}`);
    }
  });
}

test.run();
