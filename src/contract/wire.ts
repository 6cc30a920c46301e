// Web-host wire format: JSON, with typed arrays carried as raw bytes in one binary frame (no base64 for the
// bulk path, so a 50 MB Float32Array costs one copy). Pure: used by the Node web host and the browser client.
//
// Frame:  "CNN1" | u32 LE json length | json (UTF-8) | pad to 8 | blob | pad to 8 | blob …
// In the JSON a typed array is {"$bin": byteOffset, "len": byteLength, "type": "Float32Array"} (offsets are
// 8-aligned so the receiver can view the bytes in place). Text-only channels (SSE) use {"$b64": …, "type"}.
// Also kept across JSON: undefined inside arrays ({"$u":1}) and NaN/±Infinity ({"$n":"NaN"}), e.g. a NaN loss.

export const FRAME_CONTENT_TYPE = 'application/x-cnn-frame';
const MAGIC = [0x43, 0x4e, 0x4e, 0x31]; // "CNN1"

const TYPED = {
  Uint8Array,
  Int8Array,
  Uint8ClampedArray,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

function typedName(v: unknown): TypedName | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const n = (v as Typed).constructor.name;
  if (n in TYPED) return n as TypedName;
  // Node's Buffer is a Uint8Array subclass.
  return v instanceof Uint8Array ? 'Uint8Array' : undefined;
}

const align8 = (n: number) => (n + 7) & ~7;

function specialNumber(v: number) {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** JSON text with typed arrays as base64 (for SSE and small messages). */
export function encodeText(value: unknown): string {
  return JSON.stringify(value, function (this: any, key: string, v: unknown) {
    const raw = this[key];
    const t = typedName(raw);
    if (t) return { $b64: bytesToBase64(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)), type: t };
    if (typeof v === 'number' && !Number.isFinite(v)) return { $n: specialNumber(v) };
    if (v === undefined && Array.isArray(this)) return { $u: 1 };
    return v;
  });
}

export interface Encoded {
  contentType: string;
  /** A fresh buffer of its own (never a view into a caller's), so it can be sent or transferred as is. */
  body: Uint8Array<ArrayBuffer>;
}

/** A frame when the value holds typed arrays, else plain JSON. */
export function encodeMessage(value: unknown): Encoded {
  const blobs: Typed[] = [];
  let offset = 0;
  const json = JSON.stringify(value ?? null, function (this: any, key: string, v: unknown) {
    const raw = this[key];
    const t = typedName(raw);
    if (t) {
      const ref = { $bin: offset, len: raw.byteLength, type: t };
      blobs.push(raw);
      offset = align8(offset + raw.byteLength);
      return ref;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return { $n: specialNumber(v) };
    if (v === undefined && Array.isArray(this)) return { $u: 1 };
    return v;
  });
  const jsonBytes = new TextEncoder().encode(json);
  if (blobs.length === 0) return { contentType: 'application/json', body: jsonBytes };
  const dataStart = align8(8 + jsonBytes.length);
  const body = new Uint8Array(dataStart + offset);
  body.set(MAGIC, 0);
  new DataView(body.buffer).setUint32(4, jsonBytes.length, true);
  body.set(jsonBytes, 8);
  let at = dataStart;
  for (const b of blobs) {
    body.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), at);
    at += align8(b.byteLength);
  }
  return { contentType: FRAME_CONTENT_TYPE, body };
}

export function isFrame(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && MAGIC.every((m, i) => bytes[i] === m);
}

/** Inverse of encodeMessage / encodeText. Typed arrays view the received bytes in place when aligned. */
export function decodeMessage(bytes: Uint8Array): unknown {
  if (!isFrame(bytes)) return revive(JSON.parse(new TextDecoder().decode(bytes)), undefined);
  const jsonLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + jsonLen > bytes.length) throw new Error('Truncated message frame.');
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + jsonLen)));
  return revive(json, { bytes, start: align8(8 + jsonLen) });
}

export function decodeText(text: string): unknown {
  return revive(JSON.parse(text), undefined);
}

function viewOf(type: TypedName, bytes: Uint8Array, start: number, len: number): Typed {
  const Ctor = TYPED[type];
  if (start < 0 || start + len > bytes.length) throw new Error('Message frame points outside its data.');
  const size = Ctor.BYTES_PER_ELEMENT;
  const abs = bytes.byteOffset + start;
  if (abs % size === 0) return new Ctor(bytes.buffer as ArrayBuffer, abs, len / size) as Typed;
  return new Ctor(bytes.slice(start, start + len).buffer, 0, len / size) as Typed; // misaligned: copy
}

function revive(v: unknown, frame: { bytes: Uint8Array; start: number } | undefined): unknown {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i], frame);
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, any>;
  if (typeof o.type === 'string' && o.type in TYPED) {
    if (typeof o.$bin === 'number' && typeof o.len === 'number' && frame) return viewOf(o.type as TypedName, frame.bytes, frame.start + o.$bin, o.len);
    if (typeof o.$b64 === 'string') {
      const b = base64ToBytes(o.$b64);
      return viewOf(o.type as TypedName, b, 0, b.length);
    }
  }
  if (typeof o.$n === 'string' && Object.keys(o).length === 1) return o.$n === 'NaN' ? NaN : o.$n === 'Infinity' ? Infinity : -Infinity;
  if (o.$u === 1 && Object.keys(o).length === 1) return undefined;
  for (const k of Object.keys(o)) {
    if (k === '__proto__') delete o[k]; // assigning it would replace the object's prototype
    else o[k] = revive(o[k], frame);
  }
  return o;
}

export function bytesToBase64(b: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < b.length; i += CHUNK) s += String.fromCharCode.apply(null, b.subarray(i, i + CHUNK) as unknown as number[]);
  return btoa(s);
}

export function base64ToBytes(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
