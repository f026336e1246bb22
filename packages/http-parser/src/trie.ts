/**
 * Multi-byte literals (method names, protocol names, Connection tokens,
 * `chunked`, ...) are matched with byte tries walked one byte at a time, so
 * a literal may be split across chunks anywhere. The rules are llparse's: a
 * byte with no edge ends the walk at that byte (not consumed), yielding the
 * value of the node reached if it has one, or a mismatch; a node with no
 * edges yields its value at once.
 *
 * Bytes are first mapped to a small alphabet (the bytes the literals use;
 * class 0 = none of them), so each node's row is a few dozen entries and
 * the whole trie stays in cache. A case-insensitive trie maps both cases of
 * a letter to one class.
 */

export interface Trie {
  /** `classes[byte]`: the byte's index in the alphabet, 0 when no literal uses it. */
  readonly classes: Uint8Array;
  /** Alphabet size (row width), class 0 included. */
  readonly width: number;
  /** `edges[node * width + class]`: the child node, or 0 for no edge (the root is never a child). */
  readonly edges: Uint16Array;
  /** `values[node]`: the value of the literal ending at node, or -1. */
  readonly values: Int16Array;
  /** `leaf[node]`: 1 when the node has no edges. */
  readonly leaf: Uint8Array;
}

/** Returned by `walkTrie` while the input ended inside a literal. */
export const TRIE_MORE = -1;
/** Returned by `walkTrie` when the input does not spell any literal. */
export const TRIE_MISMATCH = -2;

export function buildTrie(literals: ReadonlyArray<readonly [string, number]>, caseInsensitive = false): Trie {
  const classes = new Uint8Array(256);
  let width = 1;
  for (const [word] of literals) {
    for (const ch of word) {
      const c = ch.charCodeAt(0);
      if (classes[c] !== 0) continue;
      classes[c] = width;
      if (caseInsensitive && ch.toLowerCase() !== ch.toUpperCase()) {
        classes[ch.toLowerCase().charCodeAt(0)] = width;
        classes[ch.toUpperCase().charCodeAt(0)] = width;
      }
      width++;
    }
  }
  let count = 1;
  for (const [word] of literals) count += word.length;
  const edges = new Uint16Array(count * width);
  const values = new Int16Array(count).fill(-1);
  let next = 1;
  for (const [word, value] of literals) {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const at = node * width + classes[word.charCodeAt(i)];
      if (edges[at] === 0) edges[at] = next++;
      node = edges[at];
    }
    values[node] = value;
  }
  const leaf = new Uint8Array(next);
  for (let node = 0; node < next; node++) {
    leaf[node] = edges.subarray(node * width, node * width + width).some((e) => e !== 0) ? 0 : 1;
  }
  return { classes, width, edges, values, leaf };
}
