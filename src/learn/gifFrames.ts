// Reading a GIF's structure back (test helper for the epoch export's GIF: the unit test and the e2e count its frames).
/** The frames of a GIF: its image descriptors (0x2C blocks), walking the GIF89a block structure (extensions and LZW data skipped). */
export function gifFrameCount(bytes: Uint8Array): number {
  if (String.fromCharCode(...bytes.subarray(0, 6)) !== 'GIF89a' && String.fromCharCode(...bytes.subarray(0, 6)) !== 'GIF87a') throw new Error('not a GIF');
  let p = 13;
  const flags = bytes[10];
  if (flags & 0x80) p += 3 * (1 << ((flags & 7) + 1)); // global colour table
  const subBlocks = () => {
    while (bytes[p] !== 0) p += bytes[p] + 1;
    p++;
  };
  let frames = 0;
  while (p < bytes.length) {
    const b = bytes[p++];
    if (b === 0x3b) return frames; // trailer
    if (b === 0x21) {
      p++; // label
      subBlocks();
    } else if (b === 0x2c) {
      frames++;
      const local = bytes[p + 8];
      p += 9;
      if (local & 0x80) p += 3 * (1 << ((local & 7) + 1));
      p++; // LZW minimum code size
      subBlocks();
    } else throw new Error(`bad GIF block 0x${b.toString(16)} at ${p - 1}`);
  }
  throw new Error('GIF without a trailer');
}
