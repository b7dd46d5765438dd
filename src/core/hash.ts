// A text's hash for comparing contents (fingerprints, copies of a sheet), not for security.

/**
 * cyrb53, a small public-domain 53-bit string hash written out here: core stays free of node APIs (it runs in
 * the browser too), and what it guards against is edits and copies, not an adversary. Fed piece by piece, so
 * that a sheet's cells are hashed without first being written out as one string.
 */
export class Cyrb53 {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** Back to the empty text: one hasher serves many short texts (a sheet's cells), none made per text. */
  reset(): this {
    this.h1 = 0xdeadbeef;
    this.h2 = 0x41c6ce57;
    return this;
  }

  /** One UTF-16 code unit, or any 32-bit word. */
  code(ch: number): this {
    this.h1 = Math.imul(this.h1 ^ ch, 2654435761);
    this.h2 = Math.imul(this.h2 ^ ch, 1597334677);
    return this;
  }

  text(text: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  /** A non-negative integer's decimal digits, as `text(String(n))` would feed them (no text made). */
  decimal(n: number): this {
    let scale = 1;
    while (scale * 10 <= n) scale *= 10;
    for (; scale >= 1; scale /= 10) this.code(48 + (Math.floor(n / scale) % 10));
    return this;
  }

  /** A number by its 64 bits (0 and -0 alike). */
  number(n: number): this {
    FLOAT[0] = n === 0 ? 0 : n;
    return this.code(WORDS[0]).code(WORDS[1]);
  }

  /** The hash's two parts, in `into` when given (no pair made per text). */
  digest(into: [number, number] = [0, 0]): [number, number] {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    into[0] = h1 >>> 0;
    into[1] = (2097151 & h2) >>> 0;
    return into;
  }
}

const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);

export function cyrb53(text: string): [number, number] {
  return new Cyrb53().text(text).digest();
}
