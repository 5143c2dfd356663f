import { TandemError } from '../../errors.ts';

/**
 * The Hub's file listing (`/api/models/<repo>/tree/<revision>`), as the Hub sends it: an array of
 * `{type: 'file' | 'directory', path, size, oid, lfs?: {oid, size, pointerSize}, xetHash?}`.
 *  - A file stored with Git LFS (weights): `lfs.oid` is the sha256 of the content, `lfs.size` its
 *    size; the top-level `oid` is the git blob id of the small pointer file, not of the content.
 *  - Any other file (config.json, tokenizer.json…): `oid` is the git blob sha1 of the content,
 *    sha1("blob <size>\0" + content), and `size` its size.
 * Both are real checksums of what the Hub serves; each file keeps the one that applies to it.
 */

/** The Hub's listing did not have the shape above; the message says what was wrong. */
export class HubListingError extends TandemError {}

export type FileDigest = { kind: 'sha256'; hex: string } | { kind: 'git-blob-sha1'; hex: string };

export interface HubFile {
  path: string;
  size: number;
  digest: FileDigest;
}

const SHA256 = /^[0-9a-f]{64}$/;
const SHA1 = /^[0-9a-f]{40}$/;

export function parseHubListing(data: unknown, where: string): HubFile[] {
  if (!Array.isArray(data)) throw new HubListingError(`the file listing of ${where} is not a JSON array`);
  const files: HubFile[] = [];
  for (const [index, raw] of data.entries()) {
    const entry = (raw ?? {}) as Record<string, unknown>;
    if (entry.type === 'directory') continue;
    const path = entry.path;
    const fail = (what: string): never => {
      const name = typeof path === 'string' ? path : `entry #${index}`;
      throw new HubListingError(`the file listing of ${where}: ${name} ${what}`);
    };
    if (entry.type !== 'file') fail(`has type ${JSON.stringify(entry.type)}, not "file" or "directory"`);
    if (typeof path !== 'string' || path === '') fail('has no path');
    files.push({ path: path as string, ...sizeAndDigest(entry, fail) });
  }
  return files;
}

function sizeAndDigest(entry: Record<string, unknown>, fail: (what: string) => never): Omit<HubFile, 'path'> {
  const lfs = entry.lfs as Record<string, unknown> | undefined;
  if (lfs !== undefined && lfs !== null) {
    const { oid, size } = lfs;
    if (typeof oid !== 'string' || !SHA256.test(oid)) fail('has an lfs.oid that is not a sha256');
    if (!isSize(size)) fail('has no valid lfs.size');
    return { size: size as number, digest: { kind: 'sha256', hex: oid as string } };
  }
  const { oid, size } = entry;
  if (typeof oid !== 'string' || !SHA1.test(oid)) fail('has an oid that is not a git sha1');
  if (!isSize(size)) fail('has no valid size');
  return { size: size as number, digest: { kind: 'git-blob-sha1', hex: oid as string } };
}

function isSize(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
