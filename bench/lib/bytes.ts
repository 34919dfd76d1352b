import { gzipSync } from 'node:zlib';
import type { EncodedBundle } from '@kotae/knowledge';

/** Sizes of a bundle's files as served: raw and gzip (level 6, what most servers and CDNs use). */
export interface BundleBytes {
  /** Sum over the files the manifest lists (the manifest itself excluded). */
  readonly raw: number;
  readonly gzip: number;
  /** The manifest's own size (pretty-printed JSON, as `writeBundleDir` writes it). */
  readonly manifest: number;
  /** Per file: role, locale, raw and gzip bytes. */
  readonly files: { role: string; locale: string; raw: number; gzip: number }[];
}

/** Measures the raw and gzip size of every file of an encoded bundle. */
export function bundleBytes(bundle: EncodedBundle): BundleBytes {
  const files = bundle.manifest.files.map((f) => {
    const bytes = bundle.files.get(f.path);
    if (!bytes) throw new Error(`bundle file ${f.path} is listed in the manifest but missing`);
    return { role: f.role, locale: f.locale, raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 6 }).byteLength };
  });
  return {
    raw: files.reduce((sum, f) => sum + f.raw, 0),
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
    manifest: Buffer.byteLength(`${JSON.stringify(bundle.manifest, null, 2)}\n`),
    files,
  };
}
