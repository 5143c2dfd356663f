import { TandemError } from '../../errors.ts';

/** A model's files could not be fetched because the browser is offline and they are not cached. */
export class ModelOfflineError extends TandemError {}

/** The server answered a model file with an HTTP error; the message names the file and the status. */
export class ModelDownloadHttpError extends TandemError {}

/** The browser refused to store more bytes (QuotaExceededError), said in plain words. */
export class StorageQuotaError extends TandemError {}

/** The user stopped a download; the partial files are removed. */
export class DownloadCancelledError extends TandemError {}

/** A folder picked for import is not a model folder; the message lists what is missing. */
export class ModelFolderError extends TandemError {}

/** A URL given to "Add a model by URL" is not usable: not a URL, not http(s), or not a folder's. */
export class ModelUrlError extends TandemError {}
