import { createSHA1, createSHA256, type IHasher } from 'hash-wasm';
import type { FileDigest } from './listing.ts';

/**
 * Checks a file's bytes against the Hub's listing while they stream in (hash-wasm's incremental
 * hashers, so a 272 MB file is never held whole): sha256 of the content for LFS files, the git
 * blob sha1 (sha1 of "blob <size>\0" + content) for the others.
 */
export interface DigestCheck {
  update(bytes: Uint8Array): void;
  /** Starts over (the server sent the whole file again instead of the rest). */
  reset(): void;
  /** The hex digest of what was fed, in the listing's kind. */
  hex(): string;
}

export async function digestCheck(digest: FileDigest, size: number): Promise<DigestCheck> {
  const hasher: IHasher = digest.kind === 'sha256' ? await createSHA256() : await createSHA1();
  const start = () => {
    hasher.init();
    if (digest.kind === 'git-blob-sha1') hasher.update(`blob ${size}\0`);
  };
  start();
  return {
    update: (bytes) => void hasher.update(bytes),
    reset: start,
    hex: () => hasher.digest('hex'),
  };
}

/** How the listing's digest is named in messages. */
export function digestName(digest: FileDigest): string {
  return digest.kind === 'sha256' ? 'sha256' : 'git blob sha1';
}
