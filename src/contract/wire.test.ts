import { describe, expect, it } from 'vitest';
import { decodeMessage, decodeText, encodeMessage, encodeText, FRAME_CONTENT_TYPE } from './wire';

const sample = () => ({
  name: 'batch',
  images: Uint8Array.from([0, 1, 2, 255]),
  labels: Uint16Array.from([7, 65535]),
  weights: [Float32Array.from([0.5, -1.25, 3e-8]), Float64Array.from([Math.PI])],
  ints: Int32Array.from([-5, 2 ** 31 - 1]),
  signed: Int8Array.from([-128, 127]),
  nested: { deeper: { odd: Uint8Array.from([9, 8, 7]) } },
  loss: NaN,
  best: Infinity,
  worst: -Infinity,
  shapes: [[28, 28, 1], undefined, [10]],
});

describe('wire format', () => {
  it('round-trips typed arrays, NaN/Infinity and undefined array slots as a binary frame', () => {
    const enc = encodeMessage(sample());
    expect(enc.contentType).toBe(FRAME_CONTENT_TYPE);
    const back = decodeMessage(enc.body) as ReturnType<typeof sample>;
    expect(back).toEqual(sample());
    expect(back.weights[0]).toBeInstanceOf(Float32Array);
    expect(back.labels).toBeInstanceOf(Uint16Array);
    expect(1 in back.shapes).toBe(true); // an undefined slot, not a hole
  });

  it('round-trips the same value as text (SSE) with base64', () => {
    const text = encodeText(sample());
    expect(text).toContain('$b64');
    expect(decodeText(text)).toEqual(sample());
  });

  it('sends plain JSON when there is no binary', () => {
    const enc = encodeMessage({ ok: true, value: { a: [1, 2] } });
    expect(enc.contentType).toBe('application/json');
    expect(JSON.parse(new TextDecoder().decode(enc.body))).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('encodes only the viewed bytes of a subarray, and a Node Buffer as Uint8Array', () => {
    const big = Float32Array.from({ length: 100 }, (_, i) => i);
    const view = big.subarray(3, 6);
    const back = decodeMessage(encodeMessage({ view, buf: Buffer.from('héllo') }).body) as any;
    expect(Array.from(back.view)).toEqual([3, 4, 5]);
    expect(new TextDecoder().decode(back.buf)).toBe('héllo');
  });

  it('copies when the frame sits at an offset that misaligns a Float32Array', () => {
    const body = encodeMessage({ w: Float32Array.from([1.5, 2.5]) }).body;
    const shifted = new Uint8Array(body.length + 1);
    shifted.set(body, 1);
    const back = decodeMessage(shifted.subarray(1)) as any;
    expect(Array.from(back.w)).toEqual([1.5, 2.5]);
  });

  it('never lets a __proto__ key replace an object prototype', () => {
    const text = '{"a":{"__proto__":{"polluted":true},"b":1}}';
    const back = decodeMessage(new TextEncoder().encode(text)) as any;
    expect(Object.getPrototypeOf(back.a)).toBe(Object.prototype);
    expect(back.a.polluted).toBeUndefined();
    expect(back.a.b).toBe(1);
  });

  it('refuses a frame whose blob reference points past its data', () => {
    const body = encodeMessage({ w: Float32Array.from([1, 2, 3, 4]) }).body;
    expect(() => decodeMessage(body.subarray(0, body.length - 8))).toThrow(/outside its data/);
  });

  it('moves 50 MB of floats without base64 (size stays ≈ payload)', () => {
    const n = (50 * 1024 * 1024) / 4;
    const w = new Float32Array(n);
    for (let i = 0; i < n; i += 4096) w[i] = i;
    const t0 = performance.now();
    const enc = encodeMessage({ w });
    const back = decodeMessage(enc.body) as { w: Float32Array };
    const ms = performance.now() - t0;
    expect(enc.body.byteLength - w.byteLength).toBeLessThan(256);
    expect(back.w.length).toBe(n);
    expect(back.w[4096 * 100]).toBe(4096 * 100);
    console.log(`wire: 50 MB Float32Array encode+decode ${ms.toFixed(1)} ms`);
  });
});
