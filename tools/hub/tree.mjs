// @ts-check
/**
 * The tree API (`/api/models/{id}/tree/{rev}/{path}`). Oids are real git object ids: a file's oid
 * is its git blob id (the pointer's for LFS files) and a folder's oid is its git tree id, so they
 * are stable and change exactly when something below them changes, as on the Hub.
 */
import { createHash } from 'node:crypto';
import { fileDigests } from './hashing.mjs';
import { lfsPointerSize } from './lfs.mjs';

/** @typedef {import('./repo-index.mjs').Repo} Repo */
/** @typedef {import('./repo-index.mjs').RepoFile} RepoFile */
/** @typedef {import('./hashing.mjs').FileDigests} FileDigests */

/**
 * @typedef {{ type: 'file', oid: string, size: number, path: string, lfs?: { oid: string, size: number, pointerSize: number } }
 *   | { type: 'directory', oid: string, size: 0, path: string }} TreeEntry
 */

/**
 * @typedef {object} Folder
 * @property {string} path repo-relative, '' for the root
 * @property {Map<string, Folder>} folders
 * @property {Map<string, { file: RepoFile, digests: FileDigests }>} files
 * @property {string} [oid] git tree id, filled in by treeOid
 */

/**
 * @param {Repo} repo
 * @param {string} subpath folder to list, '' for the repo root
 * @param {boolean} recursive list everything below instead of one level
 * @returns {Promise<TreeEntry[] | null>} null when subpath is not a folder of the repo
 */
export async function listTree(repo, subpath, recursive) {
  const root = await buildFolders(repo);
  let folder = /** @type {Folder | undefined} */ (root);
  for (const name of subpath.split('/').filter(Boolean)) folder = folder?.folders.get(name);
  if (!folder) return null;

  /** @type {TreeEntry[]} */
  const entries = [];
  /** @param {Folder} parent */
  const visit = (parent) => {
    for (const child of parent.folders.values()) {
      entries.push({ type: 'directory', oid: treeOid(child), size: 0, path: child.path });
      if (recursive) visit(child);
    }
    for (const { file, digests } of parent.files.values()) {
      entries.push({
        type: 'file',
        oid: digests.oid,
        size: file.size,
        path: file.path,
        ...(file.lfs && {
          lfs: { oid: digests.sha256, size: file.size, pointerSize: lfsPointerSize(digests.sha256, file.size) },
        }),
      });
    }
  };
  visit(folder);
  return entries.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * @param {Repo} repo
 * @returns {Promise<Folder>}
 */
async function buildFolders(repo) {
  const digests = await Promise.all(repo.files.map(fileDigests));
  /** @type {Folder} */
  const root = { path: '', folders: new Map(), files: new Map() };
  repo.files.forEach((file, i) => {
    const names = file.path.split('/');
    const fileName = /** @type {string} */ (names.pop());
    let folder = root;
    for (const name of names) {
      let child = folder.folders.get(name);
      if (!child) {
        child = { path: folder.path ? `${folder.path}/${name}` : name, folders: new Map(), files: new Map() };
        folder.folders.set(name, child);
      }
      folder = child;
    }
    folder.files.set(fileName, { file, digests: digests[i] });
  });
  return root;
}

/**
 * Git tree object id: sha1 over `tree {len}\0` + entries `{mode} {name}\0{20-byte oid}`, sorted
 * by name with folders compared as if their name ended in '/' (git's order).
 * @param {Folder} folder
 * @returns {string}
 */
function treeOid(folder) {
  if (folder.oid) return folder.oid;
  const entries = [
    ...[...folder.folders].map(([name, child]) => ({ name, mode: '40000', oid: treeOid(child), key: `${name}/` })),
    ...[...folder.files].map(([name, { digests }]) => ({ name, mode: '100644', oid: digests.oid, key: name })),
  ].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  const body = Buffer.concat(entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.oid, 'hex')]));
  folder.oid = createHash('sha1').update(`tree ${body.length}\0`).update(body).digest('hex');
  return folder.oid;
}
