import { VICUNA_SYSTEM_PROMPT } from '../models/prompt.ts';
import { DatasetFormatError } from './errors.ts';
import type { DistilledItem } from './job.ts';

/**
 * The self-distilled data set as the paper's training scripts read it: FastChat conversations, one
 * JSON object per line, `{"id", "conversations": [{"from": "human", "value": <user turn>},
 * {"from": "gpt", "value": <target output>}]}`. FastChat's train.py wraps the human value in the
 * Vicuna template itself, so the value is the user turn ("Translate German to English: …"), not the
 * whole prompt. (Multilingual-SpecBench's convert_to_train.py turns such lines into the JSON array
 * train.py loads.)
 */

export interface Conversation {
  id: string;
  /** The human turn: the user turn of the Vicuna prompt. */
  human: string;
  /** The gpt turn: the target's output. */
  gpt: string;
}

export function toConversation(id: string, item: Pick<DistilledItem, 'userTurn' | 'text'>): Conversation {
  return { id, human: item.userTurn, gpt: item.text };
}

export function exportJsonl(conversations: readonly Conversation[]): string {
  return conversations
    .map(({ id, human, gpt }) =>
      JSON.stringify({
        id,
        conversations: [
          { from: 'human', value: human },
          { from: 'gpt', value: gpt },
        ],
      }),
    )
    .join('\n')
    .concat(conversations.length > 0 ? '\n' : '');
}

/**
 * Reads FastChat conversations from JSONL (generate.py's output) or a JSON array (what train.py
 * loads). Only the first human and gpt turns are used; a human value that is a whole Vicuna prompt
 * (generate.py's non-chat mode stores it so) is cut back to its user turn.
 */
export function importConversations(text: string, fileName: string): Conversation[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new DatasetFormatError(`${fileName} is empty.`);
  const rows = trimmed.startsWith('[') ? parseArray(trimmed, fileName) : parseLines(trimmed, fileName);
  const conversations = rows.map((row, index) => readConversation(row, index, fileName));
  if (conversations.length === 0) throw new DatasetFormatError(`${fileName} holds no conversations.`);
  return conversations;
}

function readConversation(row: unknown, index: number, fileName: string): Conversation {
  const where = `${fileName}, conversation ${index + 1}`;
  const turns = (row as { conversations?: unknown } | null)?.conversations;
  if (!Array.isArray(turns)) throw new DatasetFormatError(`${where} has no "conversations" list.`);
  const turnText = (from: string): string => {
    const turn = turns.find((t) => (t as { from?: unknown } | null)?.from === from) as { value?: unknown } | undefined;
    if (typeof turn?.value !== 'string' || turn.value.trim() === '') {
      throw new DatasetFormatError(`${where} has no "${from}" turn with text.`);
    }
    return turn.value;
  };
  const id = (row as { id?: unknown }).id;
  return {
    id: typeof id === 'string' || typeof id === 'number' ? String(id) : `${index}`,
    human: userTurnOf(turnText('human')),
    gpt: turnText('gpt').trim(),
  };
}

const FULL_PROMPT = new RegExp(`^${escapeRegExp(VICUNA_SYSTEM_PROMPT)} USER: ([\\s\\S]*) ASSISTANT:$`);

/** A whole Vicuna prompt's user turn, or the value itself. */
export function userTurnOf(human: string): string {
  return FULL_PROMPT.exec(human.trim())?.[1]?.trim() ?? human.trim();
}

/** The source sentence of a "Translate X to Y: …" turn; the whole turn when it has another wording. */
export function sourceOf(userTurn: string): string {
  return /^Translate \w+ to \w+: ?([\s\S]+)$/.exec(userTurn)?.[1]?.trim() ?? userTurn;
}

function parseArray(text: string, fileName: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DatasetFormatError(`${fileName} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(value)) throw new DatasetFormatError(`${fileName} is not a list of conversations.`);
  return value;
}

function parseLines(text: string, fileName: string): unknown[] {
  return text
    .split(/\r?\n/)
    .map((line, index) => [line.trim(), index] as const)
    .filter(([line]) => line !== '')
    .map(([line, index]) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new DatasetFormatError(`${fileName}, line ${index + 1}, is not JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
    });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Hex SHA-256 of bytes (Web Crypto: the page, the worker and Node 20 all have it). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
