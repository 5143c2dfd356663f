/** Models the user imported, remembered across reloads (their bytes live in the model cache). */
export interface UserModel {
  id: string;
  /** The picked folder's name, as the user knows it. */
  folder: string;
  format: 'safetensors' | 'onnx';
  bytes: number;
  /**
   * The folder URL a model added by URL was downloaded from; absent for a picked local folder
   * (and in entries saved before models could be added by URL, which stay valid).
   */
  sourceUrl?: string;
}

export const USER_MODELS_KEY = 'tandem-user-models';

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStorage(): KeyValue | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage blocked (some privacy modes): the list lives for this page only
  }
}

export function loadUserModels(storage: KeyValue | undefined = defaultStorage()): UserModel[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(USER_MODELS_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isUserModel) : [];
  } catch {
    return []; // a corrupt entry must not break the page; the cached bytes are still listed
  }
}

export function saveUserModels(models: readonly UserModel[], storage: KeyValue | undefined = defaultStorage()): void {
  storage?.setItem(USER_MODELS_KEY, JSON.stringify(models));
}

function isUserModel(value: unknown): value is UserModel {
  const v = value as Partial<UserModel> | null;
  return (
    typeof v?.id === 'string' &&
    typeof v.folder === 'string' &&
    typeof v.bytes === 'number' &&
    (v.format === 'safetensors' || v.format === 'onnx') &&
    (v.sourceUrl === undefined || typeof v.sourceUrl === 'string')
  );
}
