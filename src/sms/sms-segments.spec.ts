import { clip, countSegments, fitToSegments, toGsmLookalikes } from './sms-segments.js';

const a = (n: number) => 'a'.repeat(n);
const han = (n: number) => '办'.repeat(n);

describe('countSegments: GSM-7', () => {
  it('counts empty text as one segment of zero units', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 1 });
  });

  it('fits 160 characters in one segment and needs two for 161', () => {
    expect(countSegments(a(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments(a(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('packs 153 characters per concatenated segment', () => {
    expect(countSegments(a(306)).segments).toBe(2);
    expect(countSegments(a(307)).segments).toBe(3);
    expect(countSegments(a(459)).segments).toBe(3);
    expect(countSegments(a(460)).segments).toBe(4);
  });

  it('counts each extension-table character as two units', () => {
    for (const ch of ['^', '{', '}', '\\', '[', '~', ']', '|', '€', '\f']) {
      expect(countSegments(ch)).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
    }
    expect(countSegments(`${a(158)}€`)).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments(`${a(159)}€`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('moves an escape pair that would straddle a segment boundary whole into the next segment', () => {
    // 152 + 2 would split the pair after septet 153; the pair opens segment 2 instead.
    expect(countSegments(`${a(152)}€${a(151)}`)).toEqual({ encoding: 'GSM-7', units: 305, segments: 2 });
    expect(countSegments(`${a(152)}€${a(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    // The same 306 units without a straddling pair still fit two segments.
    expect(countSegments(`${a(151)}€${a(153)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
  });

  it('treats the accented letters of the default alphabet, ç included, as GSM-7', () => {
    expect(countSegments('@£$¥èéùìòÇçØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\r\n').encoding).toBe('GSM-7');
    expect(countSegments('Ça va, garçon?')).toEqual({ encoding: 'GSM-7', units: 14, segments: 1 });
  });
});

describe('countSegments: UCS-2', () => {
  it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
    expect(countSegments(`${a(100)}č`)).toEqual({ encoding: 'UCS-2', units: 101, segments: 2 });
    for (const ch of ['č', 'á', 'ê', '…', '’', '“', '\u00A0', '\t', '`']) expect(countSegments(`x${ch}`).encoding).toBe('UCS-2');
  });

  it('fits 70 units in one segment and needs two for 71', () => {
    expect(countSegments(han(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments(han(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
  });

  it('packs 67 units per concatenated segment', () => {
    expect(countSegments(han(134)).segments).toBe(2);
    expect(countSegments(han(135)).segments).toBe(3);
    expect(countSegments(han(201)).segments).toBe(3);
    expect(countSegments(han(202)).segments).toBe(4);
  });

  it('counts a Chinese text by UTF-16 code units', () => {
    const text = '【12345】您的工单T261122-00427已办结，请回复1满意，2基本满意，3不满意。';
    expect(countSegments(text)).toEqual({ encoding: 'UCS-2', units: text.length, segments: 1 });
  });

  it('counts an emoji as two units', () => {
    expect(countSegments('👍')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(countSegments(`${han(68)}👍`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments(`${han(69)}👍`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
  });

  it('counts a lone surrogate as one unit', () => {
    expect(countSegments('a\uD83D')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
  });

  it('never splits a surrogate pair across segments', () => {
    expect(countSegments(`${han(66)}👍${han(65)}`)).toEqual({ encoding: 'UCS-2', units: 133, segments: 2 });
    expect(countSegments(`${han(66)}👍${han(66)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
    expect(countSegments(`${han(65)}👍${han(67)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 2 });
  });
});

describe('clip', () => {
  it('leaves text that fits alone', () => {
    expect(clip('abc', 3, '...')).toBe('abc');
  });

  it('ends cut text with the ellipsis within the limit', () => {
    expect(clip('abcdefgh', 6, '...')).toBe('abc...');
    expect(clip('办理结果说明', 4, '…')).toBe('办理结…');
  });

  it('never splits an emoji', () => {
    expect(clip('ab👍👍👍', 4, '…')).toBe('ab👍…');
  });

  it('drops trailing spaces before the ellipsis and returns nothing when only the ellipsis would remain', () => {
    expect(clip('ab cdef', 6, '...')).toBe('ab...');
    expect(clip('abcdef', 3, '...')).toBe('');
  });
});

describe('toGsmLookalikes', () => {
  it('replaces typographic quotes, dashes and the ellipsis so English text stays GSM-7', () => {
    const plain = toGsmLookalikes('It’s “fixed” – see… 1−2');
    expect(plain).toBe('It\'s "fixed" - see... 1-2');
    expect(countSegments(plain).encoding).toBe('GSM-7');
  });
});

describe('fitToSegments', () => {
  const message = (text: string, items: number) => ({
    full: { text: text.length, items },
    steps: [['text', 10], ['items', 1], ['text', 0]] as const,
    build: (l: { text: number; items: number }) => `head ${clip(text, l.text, '...')} ${'item '.repeat(l.items)}`,
  });

  it('returns a message that already fits untouched', () => {
    expect(fitToSegments(message('short', 2), 1)).toBe('head short item item ');
  });

  it('cuts the first field only as far as needed', () => {
    const body = fitToSegments(message(a(500), 2), 1);
    expect(body.length).toBe(160);
    expect(body.endsWith('... item item ')).toBe(true);
  });

  it('gives room freed by a later step back to an earlier field', () => {
    const body = fitToSegments(message(a(500), 100), 1);
    expect(countSegments(body).units).toBeLessThanOrEqual(160);
    // 28 items fit beside the text's 10-character floor; the text then grew into the 4 left over
    expect(body).toBe(`head ${a(11)}... ${'item '.repeat(28)}`);
    expect(body.length).toBe(160);
  });

  it('finds what a one-by-one search finds, in a few trial renders (random lists of notes, GSM-7 and UCS-2)', () => {
    // the reference: the same order of sacrifice, each limit lowered (then raised) one step at a time
    type L = { text: number; dept: number; items: number };
    const steps = [['text', 24], ['items', 1], ['dept', 12], ['text', 0], ['dept', 0]] as const;
    const reference = (m: { full: L; build: (l: L) => string }, max: number): string => {
      const l = { ...m.full };
      const fits = () => countSegments(m.build(l)).segments <= max;
      for (const [f, floor] of steps) {
        while (!fits() && l[f] > floor) l[f]--;
        if (fits()) break;
      }
      for (const f of ['text', 'items', 'dept'] as const) {
        while (l[f] < m.full[f]) {
          l[f]++;
          if (!fits()) {
            l[f]--;
            break;
          }
        }
      }
      return m.build(l);
    };
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let trials = 0;
    let cases = 0;
    for (let k = 0; k < 300; k++) {
      const word = rand(2) ? 'repair ' : '维修';
      const notes = Array.from({ length: 1 + rand(5) }, () => word.repeat(rand(60)));
      const dept = 'Sanitation '.repeat(1 + rand(6));
      const full = { text: Math.max(...notes.map((n) => n.length)), dept: dept.length, items: notes.length };
      const build = (l: L) => `Your tickets: ${notes.slice(0, l.items).map((n, i) => `#${i} ${clip(dept, l.dept, '…')}: ${clip(n, l.text, '…')}`).join('; ')}`;
      const counted = { full, steps, build: (l: L) => (trials++, build(l)) };
      trials = 0;
      expect(fitToSegments(counted, 3)).toBe(reference({ full, build }, 3));
      if (countSegments(build(full)).segments > 3) cases++;
      expect(trials).toBeLessThanOrEqual(24);
    }
    expect(cases).toBeGreaterThan(100); // most of the random messages had to be cut
  });

  it('returns its best effort when even every floor is too long', () => {
    const body = fitToSegments({ full: { text: 5 }, steps: [['text', 0]], build: () => a(200) }, 1);
    expect(body).toBe(a(200));
  });
});
