// Test fixtures: decompression bombs, real files made the way an attacker would make them — a small header
// promising little, and a zlib/gzip stream of zeros that inflates to far more (deflate packs ~1000:1).
// The stream is compressed piece by piece, so making a 1 GiB bomb never holds the gigabyte.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { constants, crc32, createDeflate, createGzip } from 'node:zlib';

const MiB = 2 ** 20;

/** `prefix`, then `zeros` zero bytes, compressed as one zlib ('deflate') or gzip stream. */
export async function compressedZeros(format: 'deflate' | 'gzip', zeros: number, prefix: Uint8Array = new Uint8Array(0)): Promise<Buffer> {
  const z = format === 'gzip' ? createGzip({ level: constants.Z_BEST_COMPRESSION }) : createDeflate({ level: constants.Z_BEST_COMPRESSION });
  const parts: Buffer[] = [];
  z.on('data', (d: Buffer) => parts.push(d));
  const ended = once(z, 'end');
  z.write(prefix);
  const block = Buffer.alloc(MiB);
  for (let left = zeros; left > 0; left -= MiB) if (!z.write(left >= MiB ? block : block.subarray(0, left))) await once(z, 'drain');
  z.end();
  await ended;
  return Buffer.concat(parts);
}

/** One PNG chunk: length | type | data | CRC-32 of type and data (ISO/IEC 15948 §5.3). */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A valid-looking 8-bit PNG (colour type 0 grey unless given) whose IDAT inflates to `inflatedBytes` bytes. */
export async function pngBomb(o: { width: number; height: number; inflatedBytes: number; colorType?: number }): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(o.width, 0);
  ihdr.writeUInt32BE(o.height, 4);
  ihdr[8] = 8;
  ihdr[9] = o.colorType ?? 0;
  const idat = await compressedZeros('deflate', o.inflatedBytes);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]);
}

/** An IDX header (00 00 08 rank, big-endian dims). */
export function idxHeader(dims: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  out.set([0, 0, 8, dims.length]);
  const v = new DataView(out.buffer);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  return out;
}

/** A gzipped IDX file with header `dims`, whose data (zeros) inflates to `dataBytes` whatever the header says. */
export const idxGzBomb = (dims: number[], dataBytes: number) => compressedZeros('gzip', dataBytes, idxHeader(dims));

export interface Measured {
  /** How much the child's peak resident memory grew during `call` (MiB). */
  peakGrowthMiB: number;
  ms: number;
  /** What `call` resolved to, or { error: message }. */
  result: any;
}

/**
 * Runs `call` (an expression, awaited) in a fresh Node process that has imported `modules` (name → path from
 * the repo root, or a 'node:' built-in) and measures its peak RSS (getrusage maxrss) before and after: a high-water mark, so a buffer
 * allocated and dropped inside the call still counts — which sampling memoryUsage() around a sync call misses.
 */
export function measureInChild(modules: Record<string, string>, call: string): Promise<Measured> {
  const repo = path.resolve(import.meta.dirname, '../..');
  const imports = Object.entries(modules)
    .map(([name, file]) => `const ${name} = await import(${JSON.stringify(file.startsWith('node:') ? file : pathToFileURL(path.join(repo, file)).href)});`)
    .join('\n');
  const code = `${imports}
    const before = process.resourceUsage().maxRSS;
    const t0 = performance.now();
    let result;
    try { result = await (${call}); } catch (e) { result = { error: e.message }; }
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ peakGrowthMiB: (process.resourceUsage().maxRSS - before) / 1024, ms, result }));`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repo, timeout: 120_000, maxBuffer: 16 * MiB }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`measureInChild failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured);
    }),
  );
}
