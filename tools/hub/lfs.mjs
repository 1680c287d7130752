// @ts-check
/**
 * Which files the Hub keeps in Git LFS, and what git stores in their place.
 * LFS-ness decides the headers a file is served with (X-Linked-*, sha256 ETag),
 * whether cdnRedirect sends it to the CDN, and what its git blob id is.
 */

/** Extensions that the Hub's default .gitattributes routes through LFS (those relevant to model repos). */
const LFS_EXTENSIONS = new Set(['onnx', 'onnx_data', 'bin', 'safetensors', 'msgpack', 'h5', 'pb']);

/** The Hub refuses plain git files this large, so anything at or above it is necessarily LFS. */
export const LFS_SIZE_THRESHOLD = 10 * 1024 * 1024;

/**
 * @param {string} path repo-relative path, '/'-separated
 * @param {number} size in bytes
 */
export function isLfsFile(path, size) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return (
    LFS_EXTENSIONS.has(ext) ||
    name.endsWith('_data') ||
    // External-data shards are named like model.onnx_data_1 or model.onnx_data.part2.
    name.includes('.onnx_data') ||
    size >= LFS_SIZE_THRESHOLD
  );
}

/**
 * The pointer file git stores for an LFS file; its git blob id is the file's `oid` in the tree API
 * and its length is `lfs.pointerSize`.
 * @param {string} sha256 hex digest of the content
 * @param {number} size content size in bytes
 */
export function lfsPointer(sha256, size) {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

/**
 * Byte length of the pointer, the `pointerSize` the Hub reports (134 for files of 100 MB to 1 GB).
 * @param {string} sha256
 * @param {number} size
 */
export function lfsPointerSize(sha256, size) {
  return Buffer.byteLength(lfsPointer(sha256, size));
}
