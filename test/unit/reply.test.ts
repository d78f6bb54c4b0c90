import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseReply, type Reply } from '../../lib/domain/reply.js';
import { replyCorpus, type CorpusEntry } from './reply-corpus.js';

// parseReply against the corpus of real-looking replies, then properties: it is total, an opt-out
// is never a rating, width and case do not matter, and normalising a reply again changes nothing.

type Rating = 1 | 2 | 3 | 4 | 5;

/** ASCII to full-width (what a Chinese IME in full-width mode types), space to ideographic space. */
function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

function toAsciiUpper(text: string): string {
  return text.replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** The same parse up to the case of the comment (case is kept in comments on purpose). */
function sameUpToCase(a: Reply, b: Reply): boolean {
  const fold = (reply: Reply) =>
    reply.kind === 'rating' ? { kind: reply.kind, rating: reply.rating, comment: reply.comment?.toLowerCase().normalize('NFKC') } : { kind: reply.kind };
  return JSON.stringify(fold(a)) === JSON.stringify(fold(b));
}

/** Exactly one of the four shapes, nothing more: rating an integer 1-5, comment a trimmed non-empty string. */
function isWellFormed(reply: unknown): boolean {
  if (typeof reply !== 'object' || reply === null) return false;
  const keys = Object.keys(reply).sort().join(',');
  const r = reply as Record<string, unknown>;
  if (r.kind === 'optOut' || r.kind === 'help' || r.kind === 'unknown') return keys === 'kind';
  if (r.kind !== 'rating') return false;
  if (!Number.isInteger(r.rating) || (r.rating as number) < 1 || (r.rating as number) > 5) return false;
  if (keys === 'kind,rating') return true;
  return keys === 'comment,kind,rating' && typeof r.comment === 'string' && r.comment !== '' && r.comment === r.comment.trim();
}

function title(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
  return JSON.stringify(shown);
}

function describeReply(reply: Reply): string {
  if (reply.kind !== 'rating') return reply.kind;
  return reply.comment === undefined ? `rating ${reply.rating}` : `rating ${reply.rating} with a comment`;
}

// -- generators ----------------------------------------------------------------------------------

const VOCABULARY = [
  '5',
  '５',
  '五',
  '两',
  '十',
  '分',
  '星',
  '⭐',
  '☆',
  '满意',
  '不满意',
  '非常',
  '一般',
  '差',
  '很',
  '满分',
  '给',
  '打',
  '评分',
  '：',
  'TD',
  'T',
  't',
  'N',
  '退',
  '订',
  '谢谢',
  'thanks',
  'stop',
  '，',
  '。',
  '!',
  '?',
  ' ',
  '\n',
  '👍',
  '1',
  '0',
  '10',
  '.',
  '/',
  '分钟',
  '点',
  '半',
  '\uFE0F',
  '\u20E3',
  '\u200b',
  '\uD800',
  '\uDC00',
  'é',
  '\u0301',
  '\u0308',
  'i',
  '\u0307',
];
/** Arbitrary strings of every kind, plus soups of the words the parser cares about. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'grapheme-composite' }),
  fc.string({ unit: 'binary-ascii' }),
  fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 12 }).map((parts) => parts.join('')),
);

const rating = fc.integer({ min: 1, max: 5 }).map((n) => n as Rating);
const CN_DIGIT: Record<Rating, string> = { 1: '一', 2: '二', 3: '三', 4: '四', 5: '五' };
/** A score 1-5 written in one of the ways customers write it. */
const writtenRating = (value: Rating) =>
  fc.constantFrom(
    `${value}`,
    toFullWidth(`${value}`),
    `${value}分`,
    `${value} 分`,
    `${value}星`,
    `${CN_DIGIT[value]}星`,
    `${CN_DIGIT[value]}分`,
    `${CN_DIGIT[value]}颗星`,
    `评分：${value}`,
    `打${value}分`,
    `给${CN_DIGIT[value]}分`,
    '⭐'.repeat(value),
    `${value}/5`,
    `${value} stars`,
  );
const COURTESY = ['谢谢', '谢谢你', '多谢', '麻烦了', '好的', '您好', '辛苦了', 'thanks', 'Thank you', 'pls', 'OK', '！', '。', '，', '!', '🙏', ''];
const courtesy = fc.array(fc.constantFrom(...COURTESY), { maxLength: 3 }).map((parts) => parts.join(' '));
const SEPARATORS = [' ', '，', '。', '！', '\n', ', ', ' - '];
const separator = fc.constantFrom(...SEPARATORS);
/**
 * Between two written scores: punctuation, because a bare space is part of some scores by design
 * ("2 ⭐" is two stars, "⭐ ⭐" is one run of two stars).
 */
const scoreSeparator = fc.constantFrom('，', '。', '！', ', ', ' - ', '、', '\n- ');
const RATING_FRAGMENTS = ['5', '4分', '3', '五星', '非常满意', '满意', '一般', '不满意', '很差', '⭐⭐⭐⭐⭐', '评分：4', '打5分', '满分', '1', '2分'];
/** Anything a customer might put next to an opt-out: ratings, digits, courtesy, free text. */
const surrounding = fc.oneof(
  fc.constantFrom(...RATING_FRAGMENTS),
  fc.constantFrom(...COURTESY),
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary-ascii', maxLength: 8 }),
);

/** Interleaves parts with separators: the keyword never touches the letters around it. */
function joinWith(parts: readonly string[], separators: readonly string[]): string {
  return parts.map((part, i) => (i === 0 ? part : `${separators[i % separators.length] ?? ' '}${part}`)).join('');
}

/** Opt-outs that count wherever they appear, in the ways customers type them. */
const ANYWHERE_OPT_OUTS = [
  'TD',
  'td',
  'Td',
  'ＴＤ',
  'ｔｄ',
  'STOP',
  'stop',
  'Stop',
  'UNSUBSCRIBE',
  'unsubscribe',
  '退订',
  '退订谢谢',
  '退定',
  '取消订阅',
  '不要再发了',
  '别再发了',
  '不要再给我发短信',
  '别发了',
  '拒收',
  '停止发送',
  '免打扰',
  '勿扰',
];
/** Opt-outs that count only as the whole reply (with courtesy text and punctuation). */
const WHOLE_OPT_OUTS = ['T', 't', 'Ｔ', 'N', 'n', 'Ｎ', 'R', 'r', 'Ｒ', '退', '取消', '退出', '0000', 'T D', 'T.D.'];

// ------------------------------------------------------------------------------------------------

describe('parseReply', () => {
  describe('corpus', () => {
    it('holds at least 200 distinct replies and every kind of reply', () => {
      // Arrange
      const texts = new Set(replyCorpus.map((entry) => entry.text));
      const kinds = new Set(replyCorpus.map((entry) => entry.expected.kind));

      // Act
      const ratings = new Set(replyCorpus.flatMap((entry) => (entry.expected.kind === 'rating' ? [entry.expected.rating] : [])));

      // Assert
      expect(replyCorpus.length).toBeGreaterThanOrEqual(200);
      expect(texts.size).toBe(replyCorpus.length);
      expect([...kinds].sort()).toEqual(['help', 'optOut', 'rating', 'unknown']);
      expect([...ratings].sort()).toEqual([1, 2, 3, 4, 5]);
    });

    const cases = replyCorpus.map((entry: CorpusEntry) => ({
      ...entry,
      title: title(entry.text),
      outcome: describeReply(entry.expected),
    }));

    it.each(cases)('returns $outcome when the reply is $title', ({ text, expected, why }) => {
      // Arrange: the corpus entry

      // Act
      const reply = parseReply(text);

      // Assert
      expect(reply, why).toStrictEqual(expected);
    });
  });

  describe('totality', () => {
    it('returns a well-formed reply and never throws when the text is any string at all', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          // Act
          const reply = parseReply(text);

          // Assert
          expect(isWellFormed(reply)).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });

    it('returns unknown when the value is not a string at runtime', () => {
      fc.assert(
        fc.property(
          fc.anything().filter((value) => typeof value !== 'string'),
          (value) => {
            // Act
            const reply = parseReply(value as string);

            // Assert
            expect(reply).toStrictEqual({ kind: 'unknown' });
          },
        ),
      );
    });

    it('returns the right reply when the text is hundreds of thousands of characters long', () => {
      // Arrange
      const repeated = '5 '.repeat(50_000);
      const stars = '⭐'.repeat(200_000);
      const longComment = '服务很好'.repeat(50_000);
      const manyWords = '很差'.repeat(200_000);

      // Act
      const replies = [repeated, stars, `5分 ${longComment}`, manyWords, `${'啊'.repeat(200_000)} TD`].map(parseReply);

      // Assert
      expect(replies).toStrictEqual([
        { kind: 'rating', rating: 5 },
        { kind: 'unknown' },
        { kind: 'rating', rating: 5, comment: longComment },
        { kind: 'rating', rating: 1 },
        { kind: 'optOut' },
      ]);
    });

    it('returns fresh objects when called twice, so one caller cannot spoil the next', () => {
      // Arrange
      const first = parseReply('5分 服务很好') as { kind: string; comment?: string };

      // Act
      first.kind = 'unknown';
      first.comment = 'changed';
      const second = parseReply('5分 服务很好');

      // Assert
      expect(second).toStrictEqual({ kind: 'rating', rating: 5, comment: '服务很好' });
    });
  });

  describe('ratings', () => {
    it('returns the rating when a score 1-5 is written any usual way with courtesy text around it', () => {
      const reply = rating.chain((value) => fc.tuple(fc.constant(value), courtesy, writtenRating(value), courtesy));
      fc.assert(
        fc.property(reply, ([value, before, written, after]) => {
          // Arrange
          const text = `${before} ${written} ${after}`;

          // Act
          const parsed = parseReply(text);

          // Assert
          expect(parsed).toStrictEqual({ kind: 'rating', rating: value });
        }),
      );
    });

    it('returns unknown when the number is a whole number outside 1-5', () => {
      const outside = fc.oneof(fc.constant(0), fc.integer({ min: 6, max: 1_000_000_000 }));
      fc.assert(
        fc.property(outside, fc.constantFrom('', '分', '星', ' 分'), (n, unit) => {
          // Act
          const parsed = parseReply(`${n}${unit}`);

          // Assert
          expect(parsed).toStrictEqual({ kind: 'unknown' });
        }),
      );
    });

    it('returns unknown when two different scores are given, in any order and way', () => {
      const pair = fc
        .tuple(rating, rating)
        .filter(([a, b]) => a !== b)
        .chain(([a, b]) => fc.tuple(writtenRating(a), scoreSeparator, fc.constantFrom('', '不对 ', '或', '还是'), writtenRating(b)));
      fc.assert(
        fc.property(pair, ([first, sep, middle, second]) => {
          // Act
          const parsed = parseReply(`${first}${sep}${middle}${second}`);

          // Assert
          expect(parsed).toStrictEqual({ kind: 'unknown' });
        }),
      );
    });

    it('returns the rating when the same score is repeated in different ways', () => {
      const same = rating.chain((value) => fc.tuple(fc.constant(value), writtenRating(value), scoreSeparator, writtenRating(value)));
      fc.assert(
        fc.property(same, ([value, first, sep, second]) => {
          // Act
          const parsed = parseReply(`${first}${sep}${second}`);

          // Assert
          expect(parsed).toStrictEqual({ kind: 'rating', rating: value });
        }),
      );
    });
  });

  describe('opt-out', () => {
    it('returns optOut when an opt-out phrase appears anywhere, whatever ratings or text surround it', () => {
      const reply = fc.tuple(
        fc.array(surrounding, { maxLength: 4 }),
        fc.constantFrom(...ANYWHERE_OPT_OUTS),
        fc.array(surrounding, { maxLength: 4 }),
        fc.array(separator, { minLength: 1, maxLength: 3 }),
      );
      fc.assert(
        fc.property(reply, ([before, keyword, after, separators]) => {
          // Arrange
          const text = joinWith([...before, keyword, ...after], separators);

          // Act
          const parsed = parseReply(text);

          // Assert
          expect(parsed).toStrictEqual({ kind: 'optOut' });
        }),
        { numRuns: 500 },
      );
    });

    it('returns optOut when a whole-reply keyword such as T, N or 退 comes only with courtesy text', () => {
      const reply = fc.tuple(courtesy, fc.constantFrom(...WHOLE_OPT_OUTS), courtesy);
      fc.assert(
        fc.property(reply, ([before, keyword, after]) => {
          // Act
          const parsed = parseReply(`${before} ${keyword} ${after}`);

          // Assert
          expect(parsed).toStrictEqual({ kind: 'optOut' });
        }),
      );
    });

    it('never returns a rating when any opt-out keyword stands next to ratings and digits', () => {
      const reply = fc.tuple(
        fc.array(fc.oneof(fc.constantFrom(...RATING_FRAGMENTS), fc.constantFrom(...COURTESY)), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...ANYWHERE_OPT_OUTS, ...WHOLE_OPT_OUTS),
        fc.nat(),
        fc.array(separator, { minLength: 1, maxLength: 3 }),
      );
      fc.assert(
        fc.property(reply, ([fragments, keyword, at, separators]) => {
          // Arrange
          const parts = [...fragments];
          parts.splice(at % (parts.length + 1), 0, keyword);
          const text = joinWith(parts, separators);

          // Act
          const parsed = parseReply(text);

          // Assert
          expect(parsed.kind).not.toBe('rating');
        }),
        { numRuns: 500 },
      );
    });

    it('returns a rating when the letters t, n and r are only inside words', () => {
      // Arrange
      const texts = ['5 thanks', '5 nice', "5 don't", '5 TDL', '5 Tom', '5 internet', '5 really good'];

      // Act
      const kinds = texts.map((text) => parseReply(text).kind);

      // Assert
      expect(kinds).toEqual(['rating', 'rating', 'rating', 'rating', 'rating', 'rating', 'rating']);
    });
  });

  describe('width and case', () => {
    it('returns the same reply when a corpus reply is typed in full-width', () => {
      // Arrange
      const convertible = replyCorpus.filter((entry) => toFullWidth(entry.text) !== entry.text);

      // Act
      const mismatches = convertible.filter((entry) => JSON.stringify(parseReply(toFullWidth(entry.text))) !== JSON.stringify(parseReply(entry.text)));

      // Assert
      expect(convertible.length).toBeGreaterThan(150);
      expect(mismatches.map((entry) => entry.text)).toEqual([]);
    });

    it('returns the same reply when any text is converted to full-width', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          // Act
          const wide = parseReply(toFullWidth(text));

          // Assert
          expect(wide).toStrictEqual(parseReply(text));
        }),
        { numRuns: 1000 },
      );
    });

    it('returns the same reply, up to the case of the comment, when a corpus reply is typed in capitals', () => {
      // Arrange
      const convertible = replyCorpus.filter((entry) => toAsciiUpper(entry.text) !== entry.text);

      // Act
      const mismatches = convertible.filter((entry) => !sameUpToCase(parseReply(toAsciiUpper(entry.text)), parseReply(entry.text)));

      // Assert
      expect(convertible.length).toBeGreaterThan(40);
      expect(mismatches.map((entry) => entry.text)).toEqual([]);
    });

    it('returns the same reply, up to the case of the comment, when any text is typed in capitals', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          // Act
          const upper = parseReply(toAsciiUpper(text));

          // Assert
          expect(sameUpToCase(upper, parseReply(text))).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });

    it('keeps the case of the comment', () => {
      // Act
      const reply = parseReply('5 Good SERVICE');

      // Assert
      expect(reply).toStrictEqual({ kind: 'rating', rating: 5, comment: 'Good SERVICE' });
    });
  });

  describe('normalisation', () => {
    it('returns the same reply when the text is NFKC-normalised first', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          // Act
          const normalised = parseReply(text.normalize('NFKC'));

          // Assert
          expect(normalised).toStrictEqual(parseReply(text));
        }),
        { numRuns: 1000 },
      );
    });

    it('returns the same reply whatever the amount of whitespace around and between words', () => {
      fc.assert(
        fc.property(anyText, fc.constantFrom(' ', '  ', '\t', ' \n ', '\u3000'), (text, gap) => {
          // Arrange
          const spaced = `${gap}${text.replace(/[ \t\r\n]+/g, gap)}${gap}`;

          // Act
          const parsed = parseReply(spaced);

          // Assert
          expect(parsed).toStrictEqual(parseReply(text));
        }),
        { numRuns: 1000 },
      );
    });

    it('returns a comment that is already normalised, so normalising it again changes nothing', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          // Act
          const reply = parseReply(text);

          // Assert
          if (reply.kind === 'rating' && reply.comment !== undefined) {
            expect(reply.comment.normalize('NFKC')).toBe(reply.comment);
            expect(reply.comment).not.toMatch(/\s{2}|[\p{Cc}]|^\s|\s$/u);
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('reads its own output back: "<rating>分 <comment>" gives the same reply for every corpus comment', () => {
      // Arrange
      const withComments = replyCorpus.flatMap((entry) => (entry.expected.kind === 'rating' && entry.expected.comment !== undefined ? [entry.expected] : []));

      // Act
      const reread = withComments.map((expected) => parseReply(`${expected.rating}分 ${expected.comment}`));

      // Assert
      expect(withComments.length).toBeGreaterThan(50);
      expect(reread).toStrictEqual(withComments);
    });
  });
});
