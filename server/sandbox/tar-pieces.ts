/**
 * The few pieces of the tar format take-home archives need, over streams (nothing is held whole): a file entry
 * made here (ustar), the entries of a tar the engine sends without its end-of-archive marker (so several tars
 * become one), and that marker. Pure: bytes in, bytes out.
 */
const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0');
}

/** A ustar header for a regular file (`name` under 100 bytes, ASCII: only names made here). */
export function fileHeader(name: string, size: number, mtimeS: number, mode = 0o644): Buffer {
  if (Buffer.byteLength(name) >= 100) throw new Error(`tar: name too long: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 'utf8');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtimeS, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${octal(sum, 7)}\u0000`, 148, 'ascii');
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** A whole file entry: header, content, padding to the block. */
export function fileEntry(name: string, content: string, mtimeS: number): Buffer {
  const body = Buffer.from(content, 'utf8');
  return Buffer.concat([fileHeader(name, body.length, mtimeS), body, padding(body.length)]);
}

/** Two zero blocks: the end of an archive. */
export const endOfArchive = (): Buffer => Buffer.alloc(2 * BLOCK);

export class TarTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`tar: more than ${limit} bytes`);
    this.limit = limit;
  }
}

/** An entry's size field: octal digits, or base-256 when its first byte has the high bit (sizes past 8 GiB). */
function entrySize(header: Buffer): number {
  const field = header.subarray(124, 136);
  if (field[0]! & 0x80) {
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return n;
  }
  const text = field.toString('ascii').replace(/[\0 ]+$/g, '').trim();
  const n = text ? parseInt(text, 8) : 0;
  if (!Number.isFinite(n) || n < 0) throw new Error('tar: a header with a bad size');
  return n;
}

/**
 * The entries of a tar stream, block for block, without its end-of-archive marker (and whatever follows it), so
 * they can be followed by other entries. A stream that ends before its marker is an error. Throws TarTooLarge past `limit` bytes (the caller checked the size
 * before; this keeps a file that grew meanwhile from running on).
 */
export async function* tarEntries(source: AsyncIterable<Buffer | Uint8Array>, limit: number): AsyncGenerator<Buffer> {
  let held = Buffer.alloc(0);
  /** Bytes of entry data (with padding) still to pass before the next header. */
  let dataLeft = 0;
  let total = 0;
  for await (const piece of source) {
    held = held.length ? Buffer.concat([held, Buffer.from(piece)]) : Buffer.from(piece);
    while (held.length > 0) {
      if (dataLeft > 0) {
        const take = Math.min(dataLeft, held.length);
        total += take;
        if (total > limit) throw new TarTooLarge(limit);
        yield held.subarray(0, take);
        held = held.subarray(take);
        dataLeft -= take;
        continue;
      }
      if (held.length < BLOCK) break;
      const header = held.subarray(0, BLOCK);
      if (header.every((b) => b === 0)) return;
      const size = entrySize(header);
      dataLeft = Math.ceil(size / BLOCK) * BLOCK;
      total += BLOCK;
      yield Buffer.from(header);
      held = held.subarray(BLOCK);
    }
  }
  // A stream that stops before the marker was cut short (the engine, the connection): a short archive is an error.
  throw new Error(dataLeft > 0 || held.length > 0 ? 'tar: the archive ended in the middle of an entry' : 'tar: the archive ended before its end marker');
}
