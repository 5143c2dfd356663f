import { TandemError } from '../../errors.ts';

/**
 * What can go wrong fetching a model file, each in words that name the file or the server and say
 * what to do. (HTTP errors, offline, cancel and a full quota reuse the storage module's classes.)
 */

/** The connection kept dropping: the file could not be finished even after resuming. */
export class DownloadInterruptedError extends TandemError {}

/** Nothing answered at the address (a dead port, a wrong host name, a blocked network). */
export class ServerUnreachableError extends TandemError {}

/** The server answered, but without CORS headers, so the browser keeps its answer from the page. */
export class CorsBlockedError extends TandemError {}

/** The bytes received are not the file the Hub lists: wrong sha256/sha1 or wrong size. */
export class ChecksumMismatchError extends TandemError {}

/** A file is not what its name says (a web page where weights or JSON should be). */
export class ModelFileShapeError extends TandemError {}

/** A file the catalogue needs is not in the repository's listing at that revision. */
export class HubFileMissingError extends TandemError {}

/** A web-llm build's compiled model library is not reachable at its URL. */
export class ModelLibraryMissingError extends TandemError {}
