/**
 * Base64 of typed arrays' bytes (little-endian, as every engine kotae runs on stores them), with
 * `btoa`/`atob` so it works in browsers and Node alike. Model weights are kept this way: exact
 * (a float survives the round trip bit for bit) and a quarter of the size of JSON numbers.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes of a base64 string; throws a `DOMException` (`InvalidCharacterError`) for text that is not base64. */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A typed array's bytes as base64. */
export function arrayToBase64(array: Float32Array | Int8Array): string {
  return bytesToBase64(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

/** Int8 values from base64. */
export function base64ToInt8(text: string): Int8Array {
  const bytes = base64ToBytes(text);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
