import { describe, expect, it } from 'vitest';
import { HubListingError, parseHubListing } from './listing.ts';

/**
 * The shape of `GET /api/models/double7/vicuna-68m/tree/main` as the Hub answers it (fields as in
 * huggingface.js's ListFileEntry: type, oid, size, path, lfs {oid, size, pointerSize}, xetHash).
 * The ids and sizes here are made up; the shape is the Hub's.
 */
const SAMPLE = [
  { type: 'file', oid: 'a6344aac8c09253b3b630fb776ae94478aa0275b', size: 1519, path: '.gitattributes' },
  { type: 'file', oid: '0f5c4e3a1b2d3c4e5f60718293a4b5c6d7e8f901', size: 612, path: 'config.json' },
  {
    type: 'file',
    oid: '7d1c3f0b3e55c0c9a3b7e7a7f2b0f4a1c2d3e4f5',
    size: 272123144,
    path: 'model.safetensors',
    lfs: { oid: '9c0a4f1b2e3d4c5b6a79880716253443526170809f8e7d6c5b4a392817160504', size: 272123144, pointerSize: 135 },
    xetHash: 'f3b2a19c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a',
  },
  {
    type: 'file',
    oid: '22773bc2fbd3a4e23b7d0c9f19d0d5a6f2c8e3b1',
    size: 499723,
    path: 'tokenizer.model',
    lfs: { oid: '9e556afd44213b6bd1be2b850ebbbd98f5481437a8021afaf58ee7fb1818d347', size: 499723, pointerSize: 132 },
  },
  { type: 'directory', oid: 'c4a1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9', size: 0, path: 'onnx' },
];

describe('parseHubListing', () => {
  it('keeps sha256 and size from lfs for LFS files, and the git blob sha1 for the others', () => {
    const files = parseHubListing(SAMPLE, 'double7/vicuna-68m@main');
    expect(files.map((f) => f.path)).toEqual(['.gitattributes', 'config.json', 'model.safetensors', 'tokenizer.model']);
    expect(files[1]).toEqual({
      path: 'config.json',
      size: 612,
      digest: { kind: 'git-blob-sha1', hex: '0f5c4e3a1b2d3c4e5f60718293a4b5c6d7e8f901' },
    });
    expect(files[2]).toEqual({
      path: 'model.safetensors',
      size: 272123144,
      digest: { kind: 'sha256', hex: '9c0a4f1b2e3d4c5b6a79880716253443526170809f8e7d6c5b4a392817160504' },
    });
  });

  it('refuses a listing that is not the Hub’s shape, naming the file and the field', () => {
    expect(() => parseHubListing({ error: 'Repository not found' }, 'x/y@main')).toThrow(
      new HubListingError('the file listing of x/y@main is not a JSON array'),
    );
    const badLfs = [{ ...SAMPLE[2], lfs: { oid: 'nope', size: 1 } }];
    expect(() => parseHubListing(badLfs, 'x/y@main')).toThrow('model.safetensors has an lfs.oid that is not a sha256');
    const badSize = [{ ...SAMPLE[1], size: -1 }];
    expect(() => parseHubListing(badSize, 'x/y@main')).toThrow('config.json has no valid size');
    expect(() => parseHubListing([{ type: 'file', oid: SAMPLE[1]!.oid, size: 1 }], 'x/y@main')).toThrow(
      'entry #0 has no path',
    );
  });
});
