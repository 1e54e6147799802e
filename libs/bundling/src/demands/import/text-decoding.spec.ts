import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { EncodingError, TextDecoding } from './text-decoding';

/** the file in chunks of `size` bytes, decoded; the text and what the decoder found */
async function decode(
  bytes: Buffer,
  size = 7,
): Promise<{ text: string; encoding: string; bom: boolean; lines: number }> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const decoding = new TextDecoding();
  const out: Buffer[] = [];
  for await (const b of Readable.from(chunks).pipe(decoding)) out.push(b as Buffer);
  return {
    text: Buffer.concat(out).toString('utf8'),
    encoding: decoding.encoding,
    bom: decoding.bom,
    lines: decoding.lines,
  };
}

const GERMAN = 'Titel;Menge\r\nÖkostrom für das Feuerwehrgerätehaus;3\r\nStraße € 5\r\n';

describe('TextDecoding', () => {
  it.each([1, 2, 3, 7, 4096])('reads UTF-8 with and without BOM, in chunks of %i bytes', async (size) => {
    expect(await decode(Buffer.from(GERMAN, 'utf8'), size)).toEqual({
      text: GERMAN,
      encoding: 'UTF-8',
      bom: false,
      lines: 3,
    });
    const withBom = await decode(Buffer.from(`\ufeff${GERMAN}`, 'utf8'), size);
    expect(withBom).toMatchObject({ text: GERMAN, encoding: 'UTF-8', bom: true });
  });

  it('reads Windows-1252 as German Excel writes it, umlauts and the euro sign intact', async () => {
    const result = await decode(iconv.encode(GERMAN, 'win1252'));
    expect(result).toMatchObject({ text: GERMAN, encoding: 'windows-1252' });
  });

  it('tells ISO-8859-15 by its euro sign', async () => {
    expect(await decode(iconv.encode(GERMAN, 'iso885915'))).toMatchObject({ text: GERMAN, encoding: 'ISO-8859-15' });
  });

  it('reads UTF-16 with a BOM (LE and BE) and without one', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(GERMAN, 'utf16le')]);
    expect(await decode(le, 5)).toMatchObject({ text: GERMAN, encoding: 'UTF-16LE', bom: true });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(GERMAN, 'utf16be')]);
    expect(await decode(be, 3)).toMatchObject({ text: GERMAN, encoding: 'UTF-16BE', bom: true });
    expect(await decode(iconv.encode(GERMAN, 'utf16le'))).toMatchObject({
      text: GERMAN,
      encoding: 'UTF-16LE',
      bom: false,
    });
  });

  it('passes ASCII through as UTF-8, however long', async () => {
    const ascii = 'a;b\n'.repeat(50_000);
    expect(await decode(Buffer.from(ascii), 65_536)).toMatchObject({ text: ascii, encoding: 'UTF-8', lines: 50_000 });
  });

  it('decides on the bytes after the first non-ASCII one, far into the file', async () => {
    const text = `${'x;1\n'.repeat(30_000)}Ökostrom;2\n`;
    expect(await decode(iconv.encode(text, 'win1252'), 1000)).toMatchObject({ text, encoding: 'windows-1252' });
  });

  it('refuses a file that changes from UTF-8 to another encoding, naming the line', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`Ökostrom;1\n${'x;1\n'.repeat(20_000)}`, 'utf8'),
      iconv.encode('Gerätehaus;2\n', 'win1252'),
    ]);
    await expect(decode(bytes, 4096)).rejects.toThrow(EncodingError);
    await expect(decode(bytes, 4096)).rejects.toThrow(/line 20002 is not UTF-8/);
  });

  it('refuses bytes that Windows-1252 does not use for text', async () => {
    const bytes = Buffer.concat([iconv.encode('Gerätehaus;1\n', 'win1252'), Buffer.from([0x41, 0x81, 0x0a])]);
    await expect(decode(bytes)).rejects.toThrow(/line 2 has the byte 0x81/);
  });

  it('refuses a file cut inside a UTF-8 character', async () => {
    const bytes = Buffer.from('Straße;1\nÖ', 'utf8');
    await expect(decode(bytes.subarray(0, bytes.length - 1))).rejects.toThrow(/ends inside a UTF-8 character/);
  });
});
