// Table-driven reflected CRC-32s: IEEE 802.3 (0xEDB88320), as zip stores for every entry, and Castagnoli
// (0x82F63B78), as TFRecord files (TensorBoard's event files) checksum their records.

/** A CRC-32 over the reflected polynomial `poly`, with its 256-entry table made on first use. */
function reflectedCrc32(poly: number): (data: Uint8Array) => number {
  let table: Uint32Array | undefined;
  const makeTable = () => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  };
  return (data) => {
    const t = (table ??= makeTable());
    let c = 0xffffffff;
    for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
}

export const crc32 = reflectedCrc32(0xedb88320);

/** CRC-32C (Castagnoli), as TFRecord checksums use. */
export const crc32c = reflectedCrc32(0x82f63b78);
