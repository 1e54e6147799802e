import { isAscii, isUtf8 } from 'node:buffer';
import { Transform, TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';

/** the encodings a CSV file is read in */
export type TextEncodingName = 'UTF-8' | 'windows-1252' | 'ISO-8859-15' | 'UTF-16LE' | 'UTF-16BE';

/** The file's encoding cannot be told, or it changes within the file: refused, nothing stored. */
export class EncodingError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** bytes after the first non-ASCII byte that decide between UTF-8 and a single-byte encoding */
const SNIFF_BYTES = 64 * 1024;
/** bytes at the start in which UTF-16 without a byte order mark shows by its zero bytes */
const UTF16_SNIFF_BYTES = 1024;
/** bytes Windows-1252 leaves undefined */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

type Mode = 'start' | 'ascii' | 'sniffing' | 'decided';

/**
 * Tells the encoding of a CSV file as it streams and turns it into UTF-8: UTF-8 with or
 * without BOM (checked, passed through), UTF-16 with a BOM or by its zero bytes (Excel's
 * "Unicode text"), else Windows-1252 or ISO-8859-15 (German Excel's "CSV (Trennzeichen-
 * getrennt)"), decided on the bytes after the first non-ASCII one. A byte that contradicts the
 * decision (invalid UTF-8 after valid UTF-8, a byte undefined in the code page) is an
 * EncodingError with its line: the file is refused, never stored with replacement characters.
 */
export class TextDecoding extends Transform {
  /** known once the first non-ASCII byte (or the end) was seen; ASCII is UTF-8 */
  encoding: TextEncodingName = 'UTF-8';
  bom = false;
  /** line breaks passed on so far */
  lineBreaks = 0;
  /** the last byte passed on was a line break (or nothing was passed) */
  private endsWithBreak = true;
  private mode: Mode = 'start';
  private held: Buffer[] = [];
  private heldLength = 0;
  /** an incomplete UTF-8 sequence at the end of the last chunk */
  private tail: Buffer = Buffer.alloc(0);
  private decoder?: { write(b: Buffer): string; end(): string | undefined };

  /** lines of the text (a last line without a line break counts) */
  get lines(): number {
    return this.lineBreaks + (this.endsWithBreak ? 0 : 1);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.accept(chunk, false);
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.accept(Buffer.alloc(0), true);
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  private accept(chunk: Buffer, end: boolean): void {
    if (this.mode === 'start') {
      this.hold(chunk);
      if (this.heldLength < UTF16_SNIFF_BYTES && !end) return;
      const head = this.release();
      this.mode = 'ascii';
      chunk = this.startWith(head);
    }
    if (this.mode === 'ascii') {
      const high = firstHighByte(chunk);
      if (high < 0) {
        this.emit8(chunk);
        if (end) this.finish();
        return;
      }
      this.emit8(chunk.subarray(0, high));
      chunk = chunk.subarray(high);
      this.mode = 'sniffing';
    }
    if (this.mode === 'sniffing') {
      this.hold(chunk);
      if (this.heldLength < SNIFF_BYTES && !end) return;
      const window = this.release();
      this.encoding = decideEncoding(window);
      this.mode = 'decided';
      if (this.encoding === 'windows-1252' || this.encoding === 'ISO-8859-15') {
        this.decoder = iconv.getDecoder(this.encoding === 'windows-1252' ? 'win1252' : 'iso885915');
      }
      chunk = window;
    }
    this.decodeChunk(chunk);
    if (end) this.finish();
  }

  /** the start of the file: byte order marks and UTF-16 without one; returns what is left to read */
  private startWith(head: Buffer): Buffer {
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      this.bom = true;
      this.mode = 'decided';
      return head.subarray(3);
    }
    const utf16 =
      head[0] === 0xff && head[1] === 0xfe
        ? 'UTF-16LE'
        : head[0] === 0xfe && head[1] === 0xff
          ? 'UTF-16BE'
          : utf16ByZeros(head);
    if (!utf16) return head;
    this.bom = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
    this.encoding = utf16;
    this.mode = 'decided';
    this.decoder = iconv.getDecoder(utf16 === 'UTF-16LE' ? 'utf16le' : 'utf16be', { stripBOM: true });
    return head;
  }

  private decodeChunk(chunk: Buffer): void {
    if (this.encoding === 'UTF-8') {
      const bytes = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
      const cut = completeUtf8Length(bytes);
      const whole = bytes.subarray(0, cut);
      if (!isUtf8(whole)) {
        const at = firstInvalidUtf8(whole);
        throw new EncodingError(
          `line ${this.lineBreaks + countBreaks(whole.subarray(0, at)) + 1} is not UTF-8 although the text before it is ` +
            '(the file mixes encodings); save it again as "CSV UTF-8"',
          this.lineBreaks + countBreaks(whole.subarray(0, at)) + 1,
        );
      }
      this.tail = Buffer.from(bytes.subarray(cut));
      this.emit8(whole);
      return;
    }
    if (this.encoding === 'windows-1252' || this.encoding === 'ISO-8859-15') this.checkCodePage(chunk);
    this.emitText(this.decoder?.write(chunk) ?? '');
  }

  /** bytes that the chosen code page leaves undefined or as control characters */
  private checkCodePage(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0;
      if (b < 0x80 || b > 0x9f) continue;
      const bad = this.encoding === 'windows-1252' ? UNDEFINED_IN_1252.has(b) : true;
      if (!bad) continue;
      const line = this.lineBreaks + countBreaks(chunk.subarray(0, i)) + 1;
      throw new EncodingError(
        `the encoding cannot be told: line ${line} has the byte 0x${b.toString(16).toUpperCase()}, which ` +
          `${this.encoding} does not use for text; save the file as "CSV UTF-8"`,
        line,
      );
    }
  }

  private finish(): void {
    if (this.mode === 'start' || this.mode === 'sniffing') return;
    if (this.tail.length) {
      throw new EncodingError(
        'the file ends inside a UTF-8 character (it was cut or is not UTF-8)',
        this.lineBreaks + 1,
      );
    }
    const rest = this.decoder?.end();
    if (rest) this.emitText(rest);
  }

  private emitText(text: string): void {
    if (text.includes('\ufffd')) {
      throw new EncodingError(
        `line ${this.lineBreaks + 1} cannot be read as ${this.encoding}; save the file as "CSV UTF-8"`,
        this.lineBreaks + 1,
      );
    }
    if (text) this.emit8(Buffer.from(text, 'utf8'));
  }

  private emit8(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.lineBreaks += countBreaks(bytes);
    this.endsWithBreak = bytes[bytes.length - 1] === 0x0a;
    this.push(bytes);
  }

  private hold(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.held.push(chunk);
    this.heldLength += chunk.length;
  }

  private release(): Buffer {
    const all = Buffer.concat(this.held);
    this.held = [];
    this.heldLength = 0;
    return all;
  }
}

/**
 * UTF-8 if the window is valid UTF-8 (but for an incomplete character at its end: if the file
 * ends there, it was cut, which the decoder reports); else Windows-1252, or ISO-8859-15 when the window has its euro sign 0xA4
 * and none of the bytes 0x80-0x9F that only Windows-1252 uses for text.
 */
export function decideEncoding(window: Buffer): TextEncodingName {
  if (isUtf8(window.subarray(0, completeUtf8Length(window)))) return 'UTF-8';
  let c1 = false;
  let euro15 = false;
  for (const b of window) {
    if (b >= 0x80 && b <= 0x9f) c1 = true;
    else if (b === 0xa4) euro15 = true;
  }
  return !c1 && euro15 ? 'ISO-8859-15' : 'windows-1252';
}

/** UTF-16 without a byte order mark: most bytes at even (BE) or odd (LE) positions are zero */
function utf16ByZeros(head: Buffer): TextEncodingName | undefined {
  const pairs = Math.floor(head.length / 2);
  if (pairs < 2) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'UTF-16LE';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'UTF-16BE';
  return undefined;
}

function firstHighByte(chunk: Buffer): number {
  if (isAscii(chunk)) return -1;
  for (let i = 0; i < chunk.length; i++) if ((chunk[i] ?? 0) >= 0x80) return i;
  return -1;
}

function countBreaks(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** the length of the bytes without an incomplete UTF-8 sequence at their end */
function completeUtf8Length(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** the offset of the first byte that breaks UTF-8 (for the message) */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (need === 0 || i + need > bytes.length) return i;
    if (!isUtf8(bytes.subarray(i, i + need))) return i;
    i += need;
  }
  return bytes.length;
}
