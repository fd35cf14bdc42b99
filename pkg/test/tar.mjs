// A minimal ustar writer for tests: chart archives (and hostile ones) built in memory.

import { gzipSync } from 'node:zlib';

const enc = new TextEncoder();

function header(name, size) {
  const h = new Uint8Array(512);
  const put = (s, at, len) => h.set(enc.encode(s).subarray(0, len), at);
  const octal = (n, len) => n.toString(8).padStart(len - 1, '0');
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  h.fill(0x20, 148, 156);
  h[156] = 0x30;
  put('ustar\x0000', 257, 8);
  const sum = h.reduce((a, b) => a + b, 0);
  put(`${octal(sum, 7)}\0`, 148, 8);
  return h;
}

/** `[[path, string | Uint8Array | number (that many zero bytes)], ...]` as a .tgz. */
export function tgz(entries) {
  const parts = [];
  for (const [name, content] of entries) {
    const size = typeof content === 'number' ? content : typeof content === 'string' ? enc.encode(content).length : content.length;
    parts.push(header(name, size));
    if (typeof content === 'number') parts.push(new Uint8Array(content));
    else parts.push(typeof content === 'string' ? enc.encode(content) : content);
    const pad = (512 - (size % 512)) % 512;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(1024));
  return new Uint8Array(gzipSync(Buffer.concat(parts)));
}
