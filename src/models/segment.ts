import { splitSentences } from './sentences.ts';

/**
 * Long input → the pieces Tandem translates one prompt at a time. The drafters were distilled on
 * single sentences under the paper's prompt, so a sentence per prompt keeps acceptance high and
 * lets output stream in order; the paragraph layout is carried in `before` so the output keeps it.
 */

export interface SourceSegment {
  /** One sentence (or line), trimmed; never empty. */
  text: string;
  /** 0-based index of the paragraph it belongs to. */
  paragraph: number;
  /**
   * What the output puts before this segment's translation: '' for the first segment, the
   * source's blank-line run between paragraphs ('\n\n', '\n\n\n', …), '\n' for a line break inside
   * a paragraph, ' ' between sentences (the output is English, which spaces sentences, even when
   * the source is Japanese or Chinese, which do not).
   */
  before: string;
}

/** A paragraph ends at a blank line: a newline, optional spaces, another newline. */
const PARAGRAPH_BREAK = /\n[^\S\n]*\n\s*/g;

export function segmentText(text: string, language?: string): SourceSegment[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  const segments: SourceSegment[] = [];
  let paragraph = 0;
  let pendingBreak = '';
  let last = 0;
  const flush = (chunk: string): void => {
    const sentences = splitSentences(chunk, language);
    if (sentences.length === 0) return;
    sentences.forEach((sentence, index) => {
      const before = index === 0 ? (segments.length === 0 ? '' : pendingBreak) : sentence.before;
      segments.push({ text: sentence.text, paragraph, before });
    });
    paragraph += 1;
  };
  for (const match of normalized.matchAll(PARAGRAPH_BREAK)) {
    flush(normalized.slice(last, match.index));
    // Only newlines shape the layout; spaces on blank lines are noise.
    if (segments.length > 0) pendingBreak = '\n'.repeat(countNewlines(match[0]));
    last = match.index + match[0].length;
  }
  flush(normalized.slice(last));
  return segments;
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1;
}
