// A text's hash for comparing contents (fingerprints, copies of a sheet), not for security.

/**
 * cyrb53, a small public-domain 53-bit string hash written out here: core stays free of node APIs (it runs in
 * the browser too), and what it guards against is edits and copies, not an adversary.
 */
export function cyrb53(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, (2097151 & h2) >>> 0];
}
