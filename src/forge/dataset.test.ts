import { describe, expect, it } from 'vitest';
import { vicunaPrompt } from '../models/prompt.ts';
import { exportJsonl, importConversations, sourceOf, userTurnOf } from './dataset.ts';
import { DatasetFormatError } from './errors.ts';

describe('the FastChat data set', () => {
  it('exports one conversation per line and imports it back', () => {
    const conversations = [
      { id: 'a_0', human: 'Translate German to English: Hallo Welt.', gpt: 'Hello world.' },
      { id: 'a_1', human: 'Translate German to English: Guten Tag.', gpt: 'Good day.' },
    ];
    const jsonl = exportJsonl(conversations);
    expect(jsonl.split('\n')[0]).toBe(
      '{"id":"a_0","conversations":[{"from":"human","value":"Translate German to English: Hallo Welt."},{"from":"gpt","value":"Hello world."}]}',
    );
    expect(importConversations(jsonl, 'x.jsonl')).toEqual(conversations);
    // The JSON list train.py loads reads the same.
    expect(
      importConversations(
        JSON.stringify(
          jsonl
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l)),
        ),
        'x.json',
      ),
    ).toEqual(conversations);
  });

  it('cuts a whole Vicuna prompt (generate.py non-chat output) back to its user turn', () => {
    const turn = 'Translate French to English: Bonjour.';
    expect(userTurnOf(vicunaPrompt(turn))).toBe(turn);
    expect(sourceOf(turn)).toBe('Bonjour.');
    expect(sourceOf('Summarise this.')).toBe('Summarise this.');
  });

  it('says what is wrong with a file that is not a data set', () => {
    expect(() => importConversations('', 'e.jsonl')).toThrow(new DatasetFormatError('e.jsonl is empty.'));
    expect(() => importConversations('{"id":1}', 'e.jsonl')).toThrow(
      'e.jsonl, conversation 1 has no "conversations" list.',
    );
    expect(() => importConversations('{"conversations":[{"from":"human","value":"x"}]}', 'e.jsonl')).toThrow(
      'has no "gpt" turn with text',
    );
  });
});
