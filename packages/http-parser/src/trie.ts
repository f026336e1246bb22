/**
 * Multi-byte literals (method names, protocol names, special header names,
 * Connection tokens, `chunked`) are matched with byte tries walked one byte
 * at a time, so a literal may be split across chunks anywhere. The rules are
 * llparse's: a byte with no edge ends the walk at that byte (not consumed),
 * yielding the value of the node reached if it has one, or a mismatch; a node
 * with no edges yields its value at once.
 */

export interface Trie {
  /** `edges[node * 256 + byte]`: the child node, or 0 for no edge (the root is never a child). */
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

export function buildTrie(literals: ReadonlyArray<readonly [string, number]>): Trie {
  let count = 1;
  for (const [word] of literals) count += word.length;
  const edges = new Uint16Array(count * 256);
  const values = new Int16Array(count).fill(-1);
  let next = 1;
  for (const [word, value] of literals) {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const at = node * 256 + word.charCodeAt(i);
      if (edges[at] === 0) edges[at] = next++;
      node = edges[at];
    }
    values[node] = value;
  }
  const leaf = new Uint8Array(count);
  for (let node = 0; node < next; node++) {
    leaf[node] = edges.subarray(node * 256, node * 256 + 256).some((e) => e !== 0) ? 0 : 1;
  }
  return { edges, values, leaf };
}
