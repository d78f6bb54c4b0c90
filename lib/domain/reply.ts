// Reads a customer's free-text answer to the rating request SMS ("回复数字1-5为本次服务评分") into a Reply.
// Main course: normalise (NFKC, whitespace, ASCII case) -> opt-out, which always wins -> collect every
// rating mention (scores, stars, satisfaction words) and accept it only if they all agree -> help -> unknown.

export type Reply = { kind: 'rating'; rating: 1 | 2 | 3 | 4 | 5; comment?: string } | { kind: 'optOut' } | { kind: 'help' } | { kind: 'unknown' };

type Rating = 1 | 2 | 3 | 4 | 5;

/**
 * How strong a rating mention is. The strongest tier present decides the rating; weaker mentions
 * only have to agree in polarity (1-2 negative, 3 neutral, 4-5 positive):
 * - score: a number ("5", "五星", "评分：4", "4/5", "⭐⭐⭐⭐⭐") or 满分. Two different scores => unknown.
 * - scale: the five-level satisfaction scale (非常满意 5, 满意 4, 一般 3, 不满意 2, 非常不满意 1).
 * - descriptive: 差 2, 很差/太差 1. Only decides when nothing stronger is there; stays in the comment.
 * Decision: an explicit score is what the customer was asked for, so a scale word within one step of
 * it reads as the score ("5分 满意" 5, "2分 一般" 2, "4分 一般" 4); further apart ("5分 一般", "5分 不满意")
 * the two contradict each other and give unknown, not a guess. Any other weaker mention (a scale word
 * without a score, a descriptive word) must be in the same polarity band as the deciding value.
 */
type Tier = 'score' | 'scale' | 'descriptive';

interface Mention {
  readonly start: number;
  readonly end: number;
  /** null: a score that is not a whole number 1-5 ("10分", "0", "4.5", "⭐⭐⭐⭐⭐⭐"); it spoils the reply. */
  readonly value: Rating | null;
  readonly tier: Tier;
}

const MASK = '\u0000';

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

// No `u` flag on purpose: this one works on UTF-16 code units to find unpaired surrogates.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Keycap emoji "5️⃣" is a digit. */
const KEYCAP = /([0-9#*])\uFE0F?\u20E3/gu;
/** Invisible format characters phones and IMEs sprinkle in (ZWSP, bidi marks, BOM...); ZWJ stays for emoji. */
// eslint-disable-next-line no-misleading-character-class -- a list of single invisible code points, combining ones included on purpose
const INVISIBLE = /[\u00AD\u034F\u061C\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/gu;
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;

/** NFKC (full-width digits, letters and punctuation to ASCII), no controls, single spaces, trimmed. */
function normalise(raw: string): string {
  const wellFormed = raw.replace(LONE_SURROGATE, '\uFFFD');
  const cleaned = wellFormed.normalize('NFKC').replace(KEYCAP, '$1').replace(INVISIBLE, '').replace(CONTROL, ' ');
  return cleaned.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Lower-cases ASCII letters only, so that every index in the key is the same index in the text. */
function toKey(display: string): string {
  return display.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (all patterns run on the key: NFKC, lower-case ASCII)
// ---------------------------------------------------------------------------------------------

/** Latin words only match as whole words: "td" is not found in "tdl" (nor in "tdé"). */
const LATIN_LETTER = '\\p{Script=Latin}';
/** A combining mark belongs to the letter before it: "i\u0307" is as much a letter as "İ". */
const NOT_AFTER_LETTER = `(?<!${LATIN_LETTER}\\p{M}*)`;
const NOT_BEFORE_LETTER = `(?![\\p{M}${LATIN_LETTER}])`;
const word = (source: string): string => `${NOT_AFTER_LETTER}(?:${source})${NOT_BEFORE_LETTER}`;

/** Courtesy and filler a customer wraps around a keyword: "退订，谢谢", "Td 谢谢", "T thanks". */
const COURTESY_ZH = [
  '谢谢你们',
  '谢谢您',
  '谢谢你',
  '谢谢啦',
  '谢谢',
  '谢了',
  '多谢',
  '感谢你们',
  '感谢您',
  '感谢你',
  '感谢',
  '麻烦您了',
  '麻烦你了',
  '麻烦了',
  '麻烦',
  '拜托了',
  '拜托',
  '辛苦了',
  '辛苦',
  '您好',
  '你好',
  '你们好',
  '大家好',
  '好的',
  '好滴',
  '好哒',
  '收到',
  '嗯嗯',
  '嗯',
  '哦',
  '噢',
  '喔',
  '啊',
  '吧',
  '了',
  '啦',
  '呢',
  '呀',
  '哈哈',
  '哈',
  '哟',
  '咯',
  '嘛',
  '哇',
  '噻',
  '请',
  '亲',
  '谢',
  '🙏',
];
const COURTESY_EN = ['thank you', 'thank u', 'thanks', 'thanx', 'thx', 'ty', 'please', 'pls', 'plz', 'okay', 'ok', 'hi', 'hello', 'hey', 'dear'];
const COURTESY = new RegExp(`${COURTESY_ZH.join('|')}|${word(COURTESY_EN.join('|'))}`, 'gu');
/** For the stray check: without the one-character particles, which glue to words (取消了预约 is no stray 取消). */
const COURTESY_WORDS = new RegExp(`${COURTESY_ZH.filter((w) => w.length > 1 || w === '请' || w === '谢').join('|')}|${word(COURTESY_EN.join('|'))}`, 'gu');

/** Words that carry no opinion: a remainder made only of these (and punctuation) is not a comment. */
const FILLER = new RegExp(
  `${COURTESY_ZH.join('|')}|我们|我的|我|俺|那就|就|都|那|还是|给|打|评价|评分|打分|评|的|是|为|这次|本次|回复|满意度|${word(
    [...COURTESY_EN, 'my', 'i', 'rating', 'score', 'just'].join('|'),
  )}`,
  'gu',
);
// eslint-disable-next-line no-control-regex -- NUL is one of the characters to drop
const NOT_CONTENT = /[\p{P}\p{Z}\p{Sm}\p{Sk}\p{Sc}\s\u0000\uFFFD]/gu;

/**
 * Opt-out phrases that count wherever they appear, whatever else the reply says: a reply that asks
 * us to stop texting is never read as a rating. Decision: even a negated one ("不退订") opts out,
 * because texting someone who asked us to stop costs more than losing one rating.
 */
const OPT_OUT_ANYWHERE = new RegExp(
  [
    '退 ?[订定]', // 退订, and the homophone typo 退定
    '取消订阅',
    '取消订购',
    '停止订阅',
    '退出订阅',
    '取消短信',
    '停止短信',
    '停止发送',
    '停发',
    '拒收(?!快递|包裹)',
    '拒绝接收',
    '不再接收',
    '(?:不要|别|不用|勿|请勿|不必|无需|不需要)再(?:给我|给俺|向我)?(?:发|推送)(?![票货])',
    '(?:不要|别|不用|勿|请勿|不需要)(?:给我|给俺|向我)?(?:发|推送)(?:短信|信息|消息|了|啦)',
    '不想再?收到',
    '(?:不要|别|勿)再?(?:打扰|骚扰)',
    '免打扰',
    '勿扰',
    word("td|stop|stopall|unsubscribe|unsub|optout|opt-out|opt out|remove me|don't text|dont text|do not text|no more (?:texts?|messages?|sms)"),
  ].join('|'),
  'u',
);

/**
 * Opt-out keywords that only count as the whole reply (after courtesy and punctuation are removed).
 * Decision: 0000, the carriers' classic "cancel my subscriptions" code, is one of them; so is R,
 * the mainland unsubscribe reply the care texts end with (拒收请回复R).
 */
const OPT_OUT_WHOLE = new Set(['t', 'n', 'r', 'td', '退', '取消', '停止', '停', '退出', '0000', 'cancel', 'end', 'quit']);

/**
 * A whole-reply opt-out keyword standing alone next to other text ("T 5", "5分 退", "5 取消", "0000 5")
 * might be a botched opt-out: such a reply is never read as a rating. Checked after courtesy text is
 * blanked out; inside words (thanks, 退休, 取消了预约, 10000) they do not count.
 */
const STRAY_OPT_OUT = new RegExp(
  [
    `(?<!${LATIN_LETTER}\\p{M}*|${LATIN_LETTER}['’])[tnr](?![\\p{M}${LATIN_LETTER}]|['’]${LATIN_LETTER})`,
    '(?<!\\p{Script=Han})(?:退出|退|取消|停止|停)(?:了|啦|吧)?(?!\\p{Script=Han})',
    '(?<!\\d\\.?)0000(?!\\.?\\d)',
  ].join('|'),
  'u',
);

/** Help keywords, as the whole reply. Decision: "?" alone (any number of ?, maybe with courtesy) is help. */
const HELP_WHOLE = new Set([
  'help',
  'helpme',
  'info',
  '帮助',
  '帮帮我',
  '求助',
  '帮忙',
  '客服',
  '人工',
  '人工客服',
  '转人工',
  '客服电话',
  '咨询',
  '说明',
  '什么意思',
  '啥意思',
  '怎么回复',
  '如何回复',
  '看不懂',
  '不懂',
]);
/** Help phrases that count anywhere in a reply that holds no rating. */
const HELP_ANYWHERE = /转人工|人工客服|联系客服|找客服|客服电话|怎么回复|如何回复|回复什么|怎么评分|如何评分|怎么打分|什么意思|啥意思|看不懂/u;

// -- satisfaction words ------------------------------------------------------------------------

/** Optional lead-in that belongs to the rating word: "我很满意", "评价：一般", "感觉还行". */
const LABEL = '(?:(?:我的评价|我的评分|评价|评分|回复|我觉得|我感觉|感觉|总体|整体|总的来说|本人|我)(?:是|为|:|=)? ?)?';
const INTENSIFIER =
  '(?:非常非常|非常|很很|很|特别|十分|极其|极为|极度|极|太|超级|超|相当|完全|实在|真的很|真的|真心|真|特|好|老|贼|忒|万分|无比|最|百分之百|百分百|100%|一百分|100分|一百个|十二分)';
/** 差 as "bad", not as in 差不多 (almost), 出差 (business trip), 差评 (bad review), 邮差 (postman)... */
const BAD = '(?<![出时误偏相落参反逆温视色公等级价顺邮交信])差(?![不点距异价额事评遣些错强使旅一])';

interface WordRule {
  readonly source: string;
  readonly value: Rating;
  readonly tier: Tier;
}

/**
 * Longest first: at one position the first rule that matches wins, and the scan goes left to right,
 * so "非常不满意" is 1 (not 不满意 2, not 满意 4), "不太满意" is 2 (not 太满意 5).
 */
const WORD_RULES: readonly WordRule[] = [
  { value: 1, tier: 'scale', source: `${LABEL}${INTENSIFIER}的?不满意(?!度)` },
  { value: 1, tier: 'scale', source: `${LABEL}一点(?:儿)?(?:也|都)不满意(?!度)` },
  { value: 1, tier: 'scale', source: word('(?:very|extremely|really|totally|highly|completely) (?:dissatisfied|unsatisfied)') },
  { value: 2, tier: 'scale', source: `${LABEL}(?:有点儿?|有些|比较|较|稍微|稍|略)不满意(?!度)` },
  { value: 2, tier: 'scale', source: `${LABEL}不(?:太|怎么|是很|是太|是特别|是非常|大|算|够|很)满意(?!度)` },
  { value: 2, tier: 'scale', source: `${LABEL}(?:谈不上|算不上|说不上)满意(?!度)` },
  { value: 2, tier: 'scale', source: `${LABEL}不满意(?!度)` },
  { value: 2, tier: 'scale', source: word('dissatisfied|unsatisfied|not (?:very )?satisfied|not happy') },
  { value: 5, tier: 'scale', source: `${LABEL}${INTENSIFIER}的?满意(?!度)` },
  { value: 5, tier: 'scale', source: word('(?:very|extremely|really|totally|highly|completely|fully|super) satisfied|very happy') },
  // Decision: 满分 (full marks) names the top of the scale: 5.
  { value: 5, tier: 'score', source: '(?:(?:我|我们)?(?:给|打|评)(?:你们|您们|您|你|他们|他|她|师傅|小哥|个)?)?满分' },
  { value: 4, tier: 'scale', source: `${LABEL}(?:还比较|比较的|比较|较|还挺|挺|还蛮|蛮|还算|基本上|基本|算是|还是|还)?满意(?!度)` },
  { value: 4, tier: 'scale', source: word('satisfied') },
  {
    value: 3,
    tier: 'scale',
    source: `${LABEL}(?:一般般|(?<!不)一般(?!来说|来讲|情况|而言|都|会|不会|是|要|在|人)|还行|还可以(?![再更])|还阔以|还凑合|凑合|马马虎虎|中规中矩|还过得去|过得去|说得过去|不好不坏|不好也不坏|不好不差)`,
  },
  { value: 3, tier: 'scale', source: word('average|so-so|so so|mediocre|neutral') },
  // Decision: 差 "bad" is 2, 很差 / 太差 / 差劲... "very bad" is 1 (the Chinese 很好/好/一般/差/很差 scale).
  // Praise (很好, 不错) is no rating at all: it does not tell 4 from 5 and is in every comment. Nor are
  // 好评 / 中评 / 差评: marketplace verdicts that each cover a band (好评 4-5 stars, 差评 1-2), not a score.
  { value: 1, tier: 'descriptive', source: `(?:${INTENSIFIER}的?${BAD}劲?|${BAD}劲|${BAD}到(?:极点|家|爆)|${BAD}死了)` },
  { value: 2, tier: 'descriptive', source: `(?:比较|较|有点儿?|有些|略)?${BAD}` },
];
const WORDS = new RegExp(WORD_RULES.map((rule) => `(${rule.source})`).join('|'), 'gu');

// -- numbers -----------------------------------------------------------------------------------

const CN_NUMERALS = '零〇一二三四五六七八九十百千万两兩壹贰貳叁參肆伍陆柒捌玖拾佰仟';
const CN_VALUE: Readonly<Record<string, Rating>> = {
  一: 1,
  壹: 1,
  二: 2,
  两: 2,
  兩: 2,
  贰: 2,
  貳: 2,
  三: 3,
  叁: 3,
  參: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
};
const EN_VALUE: ReadonlyMap<string, Rating | null> = new Map<string, Rating | null>([
  ['zero', null],
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', null],
  ['seven', null],
  ['eight', null],
  ['nine', null],
  ['ten', null],
]);
/** Han characters that make a word with the numeral after them, so 分/星 next is no score: 统一分配, 每一分钱, 周五. */
const NUMERAL_WORD_LEAD = '统唯万第初每这那同之其划专单逐周期拜';

/** A number: digits not glued to other digits; "4.5" is one (non-rating) number, "4,5" two numbers. */
const DIGITS = '(?<!\\d\\.?)\\d+(?:\\.\\d+)*';
const NUMBER = `(${DIGITS}|(?<![${CN_NUMERALS}])[${CN_NUMERALS}]+|${word([...EN_VALUE.keys()].join('|'))})`;
const STAR_EMOJI = '[★⭐🌟]\\uFE0F?';
/** 分 as points, not 分钟 (minutes), 之 (fractions), 钱, 期, 配, 享, 公司...; 星 as stars, not 星期 (week). */
const UNIT = `(颗星星|颗星|个星星|个星|星星|星级?(?![期座球际系空])|分(?![钟之钱期配享开别店行手类析成红布队组解身散量秒]|公司)|(?:个|颗)?(?:${STAR_EMOJI})+|${word('stars?|points?|pts?')})`;
const PREFIX = `${NOT_AFTER_LETTER}(?:(?:我的|我们|我|俺)(?:就|都|会|要|想|愿意|还是|也)?)?(?:(?:评分|打分|评价|评级|评星|分数|得分|打|给予|给|评|rating|score|rated|rate|grade|give|i give|i'd give|i rate)(?:你们|您们|您|你|他们|他|她|师傅|小哥|个)? ?)+(?:[:=]|是|为)? ?`;

const PREFIXED_SCORE = new RegExp(`${PREFIX}${NUMBER}(?: ?${UNIT})?`, 'gu');
const UNIT_SCORE = new RegExp(`${NUMBER} ?${UNIT}`, 'gu');
const FRACTION = new RegExp(`(${DIGITS}) ?(?:/|out of) ?(${DIGITS})`, 'gu');
// eslint-disable-next-line no-misleading-character-class -- variation selectors after stars are part of the run
const STAR_RUN = /[★⭐🌟☆✩✰][★⭐🌟☆✩✰\uFE0E\uFE0F ]*/gu;
const BARE_DIGITS = new RegExp(DIGITS, 'gu');
const BARE_CN = new RegExp(`[${CN_NUMERALS}]+`, 'gu');

/** What follows a digit that makes it a quantity, not a score: 2小时, 3次, 5号, 12月, 2 hours. */
const MEASURE_AFTER =
  /^(?: ?(?:分钟|小时|点钟|星期|礼拜|公里|个月|单元|号线|块钱)|点(?!赞)|小时|个|次|天|号|月|日|年|周|岁|元|块|毛|角|楼|层|栋|幢|单元|室|人|位|遍|趟|台|件|份|张|分|秒|辆|套|条|双|斤|两|米|公里|里|千|万|百|十|折|倍|成|期|路|座|间|口|户|只|瓶|箱|包|%|度|克|寸|星期|礼拜|颗|星|届|级|集|页|步|声|把|根|节|排|班|床|部|环|号线|:\d| ?(?:g|kg|km|cm|mm|m|h|s|min|mins|minutes?|hours?|hrs?|days?|times?|years?|yrs?|months?|weeks?|am|pm|pcs|people|persons?|yuan|rmb|usd|dollars?)(?![a-z]))/u;
/** What precedes a digit that makes it an ordinal, a weekday, money or a clock: 第3, 周5, ¥5, 9:5. */
const MEASURE_BEFORE = /(?:第|#|no\.|周|星期|礼拜|初|¥|\$|€|£|\+|\d:)$/u;

/**
 * A device or product line right before a number makes it a model number: "iPhone 5", "Redmi Note 5",
 * "小米 5", "苹果5", "型号 3". (Glued to Latin letters, "iPhone5" and "v5" are caught anyway.)
 */
const MODEL_BEFORE =
  /(?:(?<!\p{Script=Latin})(?:iphone|ipad|ipod|galaxy|note|mate|nova|pixel|redmi|xiaomi|huawei|honor|oppo|vivo|nokia|lumia|meizu|oneplus|realme|model|version|series|gen)|苹果|小米|红米|华为|荣耀|魅族|一加|三星|型号|版本|机型|款) ?$/u;
const LATIN = /\p{Script=Latin}/u;
const LATIN_BEFORE = /\p{Script=Latin}\p{M}*$/u;
const SAMSUNG = /^(?:手机|电视|冰箱|洗衣机|笔记本|平板|电脑|显示器|空调|galaxy)/u;
const HAN = /\p{Script=Han}/u;

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Parses a customer's SMS reply to the rating request.
 *
 * Pure and total: any input (empty, huge, broken UTF-16, emoji, or not even a string at runtime)
 * gives a Reply and nothing throws. Opt-out always wins, a reply is a rating only if every rating
 * mention in it agrees, and whatever else the customer wrote is kept as the comment (NFKC-normalised,
 * e.g. full-width "！" becomes "!"). Anything unclear is `unknown`, never a guess.
 *
 * @param text - the SMS body as received; typed `string`, but any runtime value is accepted (non-strings are `unknown`)
 * @returns the reply; a `comment` key only when the customer wrote something besides the rating
 * @example
 * ```ts
 * parseReply('5分！！服务很好👍'); // { kind: 'rating', rating: 5, comment: '服务很好👍' }
 * parseReply('非常不满意');        // { kind: 'rating', rating: 1 }
 * parseReply('ＴＤ 谢谢');         // { kind: 'optOut' }
 * parseReply('退订 5');            // { kind: 'optOut' }
 * parseReply('3 不对 是5');        // { kind: 'unknown' }
 * parseReply('？');                // { kind: 'help' }
 * ```
 */
export function parseReply(text: string): Reply {
  if (typeof text !== 'string') return { kind: 'unknown' };
  try {
    return parse(text);
  } catch {
    // Last line of defence for totality (say, a regex engine limit on a pathological megabyte).
    return { kind: 'unknown' };
  }
}

function parse(text: string): Reply {
  const display = normalise(text);
  const key = toKey(display);
  if (key === '') return { kind: 'unknown' };

  const residue = key.replace(COURTESY, ' ').replace(/[^\p{L}\p{M}\p{N}]/gu, '');
  if (OPT_OUT_ANYWHERE.test(key) || OPT_OUT_WHOLE.has(residue)) return { kind: 'optOut' };

  if (!STRAY_OPT_OUT.test(key.replace(COURTESY_WORDS, ' '))) {
    const rating = readRating(display, key, residue);
    if (rating) return rating;
  }

  if (HELP_WHOLE.has(residue) || (residue === '' && key.includes('?')) || HELP_ANYWHERE.test(key)) {
    return { kind: 'help' };
  }
  return { kind: 'unknown' };
}

function readRating(display: string, key: string, residue: string): Reply | undefined {
  const mentions: Mention[] = [];
  let work = key;
  const pass = (re: RegExp, read: (m: RegExpExecArray) => Mention | undefined) => {
    work = scan(work, re, read, mentions);
  };

  pass(WORDS, (m) => {
    const index = m.findIndex((group, i) => i > 0 && group !== undefined);
    const rule = WORD_RULES[index - 1];
    return rule && { start: m.index, end: m.index + m[0].length, value: rule.value, tier: rule.tier };
  });

  pass(FRACTION, (m) => {
    // "4/5", "4 out of 5": a score out of five; any other fraction or a date ("5/20") is no rating.
    const value = m[2] === '5' ? digitValue(m[1] ?? '') : null;
    return score(m, value);
  });

  pass(PREFIXED_SCORE, (m) => {
    const number = m[1] ?? '';
    const end = m.index + m[0].length;
    if (m[2] === undefined && isQuantity(work, end, number)) return undefined; // 打5折, 给2个赞
    return score(m, unitValue(number, m[2], work, end));
  });

  pass(UNIT_SCORE, (m) => {
    const number = m[1] ?? '';
    const end = m.index + m[0].length;
    if (/[点时:]/u.test(work[m.index - 1] ?? '')) return undefined; // 3点5分 is a clock time
    if (isCnNumeral(number)) {
      const before = work[m.index - 1];
      if (before !== undefined && NUMERAL_WORD_LEAD.includes(before)) return undefined; // 统一分配
      const after = work[end];
      if (/[十百千万]/u.test(number) && after !== undefined && HAN.test(after)) return undefined; // 十分专业, 万分感谢
      if (number === '三' && SAMSUNG.test(work.slice(end, end + 6))) return undefined; // 三星手机 is a brand
    }
    return score(m, unitValue(number, m[2], work, end));
  });

  pass(STAR_RUN, (m) => {
    // Decision: "⭐⭐⭐⭐⭐" is 5, and so is "⭐ ⭐ ⭐ ⭐ ⭐". Groups split by spaces ("⭐⭐⭐ ⭐⭐⭐") are
    // the same rating repeated, or two ratings if their sizes differ.
    const groups = m[0].trim().split(' ');
    const value = groups.every((group) => starCount(group) === 1) ? starValue(groups.join('')) : groups.map(starValue).reduce((a, b) => (a === b ? a : null));
    return { start: m.index, end: m.index + m[0].trimEnd().length, value, tier: 'score' };
  });

  pass(BARE_DIGITS, (m) => {
    const start = m.index;
    const end = start + m[0].length;
    const after = work[end];
    const glued = LATIN_BEFORE.test(work.slice(Math.max(0, start - 64), start)) || (after !== undefined && LATIN.test(after));
    if (glued) return undefined; // 5g, v5, iPhone5
    if (MODEL_BEFORE.test(work.slice(Math.max(0, start - 16), start))) return undefined; // iPhone 5, 小米 5
    if (MEASURE_BEFORE.test(work.slice(Math.max(0, start - 4), start)) || MEASURE_AFTER.test(work.slice(end, end + 12))) {
      return undefined;
    }
    if (/^\d{4,}$/.test(m[0])) return undefined; // phone numbers, years, policy numbers: neither rating nor competitor
    return score(m, digitValue(m[0]));
  });

  pass(BARE_CN, (m) => {
    // A Chinese numeral counts bare only when it stands alone ("五", "五，谢谢", "四或五"), not inside
    // words (一下, 五金).
    const before = work[m.index - 1];
    const after = work[m.index + m[0].length];
    const glued = (c: string | undefined) => c !== undefined && c !== '或' && HAN.test(c);
    if (glued(before) || glued(after)) return undefined;
    return score(m, numberValue(m[0]));
  });

  if (mentions.length === 0 && EN_VALUE.has(residue)) {
    // English number words only as the whole reply ("Five!"): inside prose "one" is rarely a score.
    mentions.push({ start: 0, end: key.length, value: EN_VALUE.get(residue) ?? null, tier: 'score' });
  }

  const rating = decide(mentions);
  if (rating === undefined) return undefined;
  const comment = commentOf(display, key, mentions);
  return comment === undefined ? { kind: 'rating', rating } : { kind: 'rating', rating, comment };
}

/** Runs a global regex over the work string, records mentions and masks them so later passes skip them. */
function scan(work: string, re: RegExp, read: (m: RegExpExecArray) => Mention | undefined, into: Mention[]): string {
  const found: Mention[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(work); m !== null; m = re.exec(work)) {
    if (m[0].length === 0) {
      re.lastIndex += 1;
      continue;
    }
    const mention = read(m);
    if (mention) found.push(mention);
  }
  if (found.length === 0) return work;
  for (const mention of found) into.push(mention); // no spread: a megabyte of "5 5 5" has too many to spread
  let masked = '';
  let from = 0;
  for (const { start, end } of found) {
    masked += work.slice(from, start) + MASK.repeat(end - start);
    from = end;
  }
  return masked + work.slice(from);
}

function score(m: RegExpExecArray, value: Rating | null): Mention {
  return { start: m.index, end: m.index + m[0].length, value, tier: 'score' };
}

const starCount = (stars: string): number => [...stars].filter((c) => /[★⭐🌟☆✩✰]/u.test(c)).length;

/** Stars counted; with both kinds ("★★★☆☆") only the filled ones. More than 5 is no rating. */
function starValue(stars: string): Rating | null {
  const filled = [...stars].filter((c) => /[★⭐🌟]/u.test(c)).length;
  const hollow = starCount(stars) - filled;
  const count = filled > 0 && hollow > 0 ? filled : filled + hollow;
  return count >= 1 && count <= 5 ? (count as Rating) : null;
}

/** Only a single digit 1-5 is a rating; "05", "15", "4.5", "0", "6" are numbers that are not ("5.0" is 5). */
function digitValue(digits: string): Rating | null {
  const m = /^([1-5])(?:\.0+)?$/.exec(digits);
  return m ? (Number(m[1]) as Rating) : null;
}

function numberValue(number: string): Rating | null {
  if (/^\d/.test(number)) return digitValue(number);
  if (isCnNumeral(number)) return CN_VALUE[number] ?? null; // one numeral only: 十, 五十, 一百 are not ratings
  return EN_VALUE.get(number) ?? null;
}

function isCnNumeral(number: string): boolean {
  return number !== '' && CN_NUMERALS.includes(number[0] ?? '');
}

/**
 * The value of a number with its unit. "4分半", "四星半": half points are no rating. Star emoji as the
 * unit must be one star ("5⭐") or as many as the number says ("3⭐⭐⭐"); "2 ⭐⭐⭐" says two things.
 */
function unitValue(number: string, unit: string | undefined, work: string, end: number): Rating | null {
  if (work[end] === '半') return null;
  const value = numberValue(number);
  const stars = unit === undefined ? 0 : [...unit].filter((c) => /[★⭐🌟]/u.test(c)).length;
  return stars > 1 && stars !== value ? null : value;
}

function isQuantity(work: string, end: number, number: string): boolean {
  const after = work.slice(end, end + 12);
  return MEASURE_AFTER.test(after) || (/^\d/.test(number) && LATIN.test(after[0] ?? '')) || (isCnNumeral(number) && HAN.test(after[0] ?? ''));
}

const band = (value: Rating): number => (value <= 2 ? 0 : value === 3 ? 1 : 2);

/** The strongest tier decides (its values must be equal); every other mention must be in the same band. */
function decide(mentions: readonly Mention[]): Rating | undefined {
  if (mentions.length === 0) return undefined;
  if (mentions.some((m) => m.value === null)) return undefined;
  const has = (tier: Tier) => mentions.some((m) => m.tier === tier);
  const tier: Tier = has('score') ? 'score' : has('scale') ? 'scale' : 'descriptive';
  const deciding = new Set(mentions.filter((m) => m.tier === tier).map((m) => m.value));
  if (deciding.size !== 1) return undefined;
  const [rating] = [...deciding];
  if (rating === undefined || rating === null) return undefined;
  return mentions.every((m) => agrees(m.value as Rating, m.tier, rating, tier)) ? rating : undefined;
}

/** Whether a mention agrees with the deciding rating: one step for a scale word beside a score, else the same band. */
function agrees(value: Rating, tier: Tier, rating: Rating, deciding: Tier): boolean {
  if (deciding === 'score' && tier === 'scale') return Math.abs(value - rating) <= 1;
  return band(value) === band(rating);
}

const LEAD = /^(?:[\s,.;:!?~、。·…\-_*/\\|)\]】」』》]|(?:您好|你好|你们好|好的|嗯嗯|嗯|哦|吧|啊|呢|了|啦|呀|哈|ok|okay|hi|hello)(?=[\s,.;:!?~、。·…]|$))+/iu;
const TRAIL = /[\s,;:、~\-_/\\|·([【「『《]+$/u;

/**
 * The comment is the reply minus its scores and satisfaction words (descriptive words such as 很差
 * stay), with separators trimmed where they were cut; none when nothing with an opinion is left.
 */
function commentOf(display: string, key: string, mentions: readonly Mention[]): string | undefined {
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  let probe = '';
  let from = 0;
  for (const m of sorted) {
    probe += `${key.slice(from, m.start)} `;
    from = m.end;
  }
  probe += key.slice(from);
  if (probe.replace(FILLER, ' ').replace(NOT_CONTENT, '') === '') return undefined;

  const pieces: string[] = [];
  from = 0;
  for (const m of sorted) {
    if (m.tier === 'descriptive') continue;
    pieces.push(display.slice(from, m.start));
    from = m.end;
  }
  pieces.push(display.slice(from));
  const comment = pieces
    .map((piece) => piece.replace(LEAD, '').replace(TRAIL, ''))
    .filter((piece) => piece !== '')
    .join(' ')
    .trim();
  return comment === '' ? undefined : comment;
}
