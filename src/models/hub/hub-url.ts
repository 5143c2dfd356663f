import { InvalidArgumentError } from '../../errors.ts';

/**
 * Where the Hugging Face Hub is, and the two kinds of address Tandem asks it for:
 *  - `<base>/<repo>/resolve/<revision>/<file>`: the file (the Hub answers 302 to a CDN on another
 *    origin; fetch follows it and the CDN sends the bytes, with CORS);
 *  - `<base>/api/models/<repo>/tree/<revision>`: the file listing, with each file's size and hash.
 * The base is https://huggingface.co. Tests serve a fake Hub on 127.0.0.1 and point the app at it
 * with `?hub=<base>` or the localStorage key `tandem-hub-base`; either is honoured only when both
 * the page and the given base are on 127.0.0.1 or localhost, so no link can send a user's
 * downloads elsewhere.
 */

export const HUB_BASE = 'https://huggingface.co';
export const HUB_OVERRIDE_KEY = 'tandem-hub-base';
export const HUB_OVERRIDE_PARAM = 'hub';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** "owner/name": what the Hub calls a repository id. */
const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function assertRepoId(repo: string): void {
  if (!REPO_ID.test(repo)) throw new InvalidArgumentError(`"${repo}" is not a Hugging Face repository id (owner/name)`);
}

function segments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The URL a file downloads from at a revision (a branch, tag or commit). */
export function resolveUrl(base: string, repo: string, revision: string, file: string): string {
  assertRepoId(repo);
  return `${base}/${repo}/resolve/${encodeURIComponent(revision)}/${segments(file)}`;
}

/** The file-listing API of a repository at a revision (recursive, so sub-folders are listed too). */
export function treeUrl(base: string, repo: string, revision: string): string {
  assertRepoId(repo);
  return `${base}/api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`;
}

/** The repository's page, for people. */
export function repoPageUrl(base: string, repo: string): string {
  assertRepoId(repo);
  return `${base}/${repo}`;
}

export interface HubBaseSources {
  /** The page's location (its origin's host decides whether an override is honoured). */
  pageUrl: string;
  /** localStorage's value of HUB_OVERRIDE_KEY, if any. */
  stored?: string | null;
}

/**
 * The Hub base to use: an override (query parameter first, then localStorage) when the page and
 * the override are both on a loopback host, else the real Hub. A refused override is ignored.
 */
export function hubBase({ pageUrl, stored }: HubBaseSources): string {
  const page = new URL(pageUrl);
  if (!LOOPBACK.has(page.hostname)) return HUB_BASE;
  for (const candidate of [page.searchParams.get(HUB_OVERRIDE_PARAM), stored]) {
    const base = loopbackBase(candidate);
    if (base) return base;
  }
  return HUB_BASE;
}

function loopbackBase(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) return null;
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

/** The base in the browser: the page's URL and localStorage (blocked storage counts as none). */
export function browserHubBase(): string {
  let stored: string | null = null;
  try {
    stored = globalThis.localStorage?.getItem(HUB_OVERRIDE_KEY) ?? null;
  } catch {
    stored = null;
  }
  const pageUrl = globalThis.location?.href;
  return pageUrl ? hubBase({ pageUrl, stored }) : HUB_BASE;
}
