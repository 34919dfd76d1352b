import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { redact, type RedactOptions } from '../src/index.js';
import { isCardNumber, luhnValid } from '../src/privacy/card.js';
import { isMyNumber, myNumberCheckDigit } from '../src/privacy/my-number.js';
import { isPhoneNumber } from '../src/privacy/phone.js';

/** The redacted text. */
const r = (text: string, options?: RedactOptions) => redact(text, options).text;

/** Full-width digits, letters and punctuation, as a Japanese IME types them. */
const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A Luhn-valid number: `body` plus its check digit. */
function withLuhnDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

describe('redact', () => {
  describe('cards', () => {
    it('redacts Luhn-valid card numbers written plainly, in groups and in full width', () => {
      assert.equal(r('card 4111111111111111 please'), 'card [CARD] please');
      assert.equal(r('card 4111 1111 1111 1111.'), 'card [CARD].');
      assert.equal(r('Amex 3782-822463-10005'), 'Amex [CARD]');
      assert.equal(r('カード番号は４１１１ １１１１ １１１１ １１１１です'), 'カード番号は[CARD]です');
      assert.equal(r('カード：５５５５－５５５５－５５５５－４４４４'), 'カード：[CARD]');
    });

    it('keeps Luhn-invalid numbers, UUIDs, digits glued to letters and hyphenated ids', () => {
      for (const text of [
        'order 4111111111111112',
        '550e8400-e29b-41d4-a716-446655440000',
        '12345678-1234-1234-1234-123456789012',
        'ref A4111111111111111',
        'ORD-4111111111111111',
        'ISBN 978-4-06-519981-7',
        'built 20261124101530',
      ]) {
        assert.equal(r(text), text);
      }
    });

    it('finds the card in a run that starts with another number', () => {
      assert.equal(r('qty 3 4111 1111 1111 1111'), 'qty 3 [CARD]');
    });

    it('checks Luhn and issuer prefixes', () => {
      assert.equal(luhnValid('79927398713'), true);
      assert.equal(luhnValid('79927398710'), false);
      assert.equal(isCardNumber('4222222222222'), true, '13-digit Visa');
      assert.equal(isCardNumber(withLuhnDigit('978406519981')), false, 'an ISBN-13 is no card');
    });
  });

  describe('My Number', () => {
    it('computes the check digit of the ordinance', () => {
      assert.equal(myNumberCheckDigit('12345678901'), 8);
      assert.equal(isMyNumber('123456789018'), true);
      assert.equal(isMyNumber('983205673214'), true);
      assert.equal(isMyNumber('123456789012'), false);
    });

    it('redacts valid My Numbers in any grouping and width, and keeps invalid ones', () => {
      assert.equal(r('マイナンバーは123456789018です'), 'マイナンバーは[MY_NUMBER]です');
      assert.equal(r('My Number: 1234 5678 9018'), 'My Number: [MY_NUMBER]');
      assert.equal(r('個人番号：９８３２－０５６７－３２１４'), '個人番号：[MY_NUMBER]');
      assert.equal(r('order 123456789012'), 'order 123456789012');
      assert.equal(r('uuid 00000000-0000-0000-0000-123456789018'), 'uuid 00000000-0000-0000-0000-123456789018');
    });
  });

  describe('phones', () => {
    it('redacts Japanese landlines, mobiles, toll-free, IP and +81 numbers', () => {
      const numbers = [
        '03-1234-5678',
        '(03)1234-5678',
        '03(1234)5678',
        '0312345678',
        '06-6123-4567',
        '0466-12-3456',
        '090-1234-5678',
        '08012345678',
        '070 1234 5678',
        '050-1234-5678',
        '0120-123-456',
        '0800-123-4567',
        '+81-3-1234-5678',
        '+81 90 1234 5678',
        '+81(0)90-1234-5678',
        '+819012345678',
      ];
      for (const phone of numbers) assert.equal(r(`電話は${phone}です`), '電話は[PHONE]です', phone);
    });

    it('redacts full-width numbers and IME hyphens', () => {
      assert.equal(r('TEL：０３ー１２３４ー５６７８'), 'TEL：[PHONE]');
      assert.equal(r('携帯 ０９０－１２３４－５６７８'), '携帯 [PHONE]');
      assert.equal(r('call 090‐1234‐5678'), 'call [PHONE]');
    });

    it('redacts international and North American numbers', () => {
      assert.equal(r('Call +1 (555) 123-4567 today'), 'Call [PHONE] today');
      assert.equal(r('or (415) 555-0132, or 415.555.0132'), 'or [PHONE], or [PHONE]');
      assert.equal(r('toll free 1-800-555-1234'), 'toll free [PHONE]');
      assert.equal(r('London +44 20 7946 0958'), 'London [PHONE]');
    });

    it('takes a labelled number for a phone whatever its shape', () => {
      assert.equal(r("Sure it's 33186 and phone is 116-048-7515"), "Sure it's 33186 and phone is [PHONE]");
      assert.equal(r('電話番号：1160487515'), '電話番号：[PHONE]');
      assert.equal(r('order 116-048-7515'), 'order 116-048-7515');
    });

    it('keeps dates, times, prices, versions and order numbers', () => {
      for (const text of [
        'on 2026-11-24 at 10:30',
        'on 2026/11/24',
        'costs $1,234.56 or ¥12,000',
        'version 1.2.3, v20.19.0, 10.0.19045.3693',
        'order #123-456 and ORD-2026-000123',
        'IP 192.168.100.200',
        'order 1234567890',
        'ticket 0001234567',
        'Order ID: 0258746938',
        '注文番号：0312345678',
      ]) {
        assert.equal(r(text), text, text);
      }
      assert.equal(isPhoneNumber('2026-11-24'), false);
    });
  });

  describe('emails and URL secrets', () => {
    it('redacts emails, also in full width', () => {
      assert.equal(r('mail taro.yamada+kb@example.co.jp.'), 'mail [EMAIL].');
      assert.equal(r('メール：ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ'), 'メール：[EMAIL]');
    });

    it('redacts secret URL parameters and passwords, not the URL', () => {
      assert.equal(
        r('see https://app.example.com/reset?token=abc123&lang=ja#section'),
        'see https://app.example.com/reset?token=[URL_TOKEN]&lang=ja#section',
      );
      assert.equal(
        r('https://x.io/a?api_key=K1&sig=S2&X-Amz-Signature=S3'),
        'https://x.io/a?api_key=[URL_TOKEN]&sig=[URL_TOKEN]&X-Amz-Signature=[URL_TOKEN]',
      );
      assert.equal(r('https://bob:hunter2@example.com/'), 'https://bob:[URL_TOKEN]@example.com/');
      assert.equal(r('https://example.com/search?q=refund&page=2'), 'https://example.com/search?q=refund&page=2');
    });
  });

  describe('postal codes and addresses', () => {
    it('redacts marked postal codes and labelled ones, not bare 7-digit numbers', () => {
      assert.equal(r('〒150-0002'), '[POSTAL]');
      assert.equal(r('〒１５００００２'), '[POSTAL]');
      assert.equal(r('郵便番号: 150-0002'), '郵便番号: [POSTAL]');
      assert.equal(r('zip code 1500002'), 'zip code [POSTAL]');
      assert.equal(r('code 150-0002 expired'), 'code 150-0002 expired');
    });

    it('redacts Japanese addresses with and without the prefecture', () => {
      assert.equal(r('〒100-0001 東京都千代田区千代田1-1-1 サンプルビル101号室'), '[POSTAL] [ADDRESS]');
      assert.equal(r('住所は大阪府大阪市北区梅田３丁目１番３号です'), '住所は[ADDRESS]です');
      assert.equal(r('北海道札幌市中央区北1条西2丁目'), '[ADDRESS]');
      assert.equal(r('神奈川県横浜市中区山下町1'), '[ADDRESS]');
      assert.equal(r('送り先：渋谷区渋谷2丁目21番1号'), '送り先：[ADDRESS]');
    });

    it('keeps a prefecture or city alone', () => {
      for (const text of [
        '東京都にお住まいの方',
        '大阪市の店舗は3店舗です',
        '区別がつかない',
        '東京都区内の7選挙区',
        '静岡県熱海市上多賀の伊豆多賀駅西方約2km',
        '市町村の中心に近い街区を1番とし',
      ]) {
        assert.equal(r(text), text);
      }
    });

    it('redacts English street addresses', () => {
      assert.equal(r('Ship to 1600 Pennsylvania Ave NW, Washington, DC 20500 please'), 'Ship to [ADDRESS] please');
      assert.equal(r('I live at 221B Baker Street.'), 'I live at [ADDRESS].');
      assert.equal(r('42 West 5th Ave, Apt 4B'), '[ADDRESS]');
      assert.equal(r('at 9756 Primrose Street Newark, MI 79177.'), 'at [ADDRESS].');
      assert.equal(r('I have 3 items on the way'), 'I have 3 items on the way');
    });
  });

  describe('names', () => {
    it('redacts given names as a whole and by part, in any spacing', () => {
      const options = { names: ['Taro Yamada', '山田 太郎'] };
      assert.equal(
        r('Hi Taro Yamada, this is Yamada-san. 山田太郎様、山田様', options),
        'Hi [NAME], this is [NAME]-san. [NAME]様、[NAME]様',
      );
      assert.equal(r('a Yamadas? no: Yamadasan', { names: ['Yamada'] }), 'a Yamadas? no: Yamadasan');
    });

    it('redacts a whole name in any case, letters with accents too', () => {
      const options = { names: ['Zoë Ångström'] };
      assert.equal(r('ZOË ÅNGSTRÖM, zoë ångström and Zoëångström', options), '[NAME], [NAME] and [NAME]');
      assert.equal(r('zoëx Ångström, zoëx ångström', options), 'zoëx [NAME], zoëx ångström');
    });

    it('never guesses names', () => {
      assert.equal(r('Hi Taro Yamada'), 'Hi Taro Yamada');
    });
  });

  describe('options', () => {
    it('keeps allow-listed values, compared after normalization', () => {
      const allow = ['0120-123-456', 'Support@Example.com'];
      assert.equal(
        r('call ０１２０１２３４５６ or support@example.com, not 090-1234-5678', { allow }),
        'call ０１２０１２３４５６ or support@example.com, not [PHONE]',
      );
      assert.equal(r('call +81 120 123 456', { allow }), 'call +81 120 123 456');
      // Nothing inside an allowed value is redacted either (1111 1111 1111 passes the My Number check).
      assert.equal(r('test card 4111 1111 1111 1111', { allow: ['4111111111111111'] }), 'test card 4111 1111 1111 1111');
    });

    it('redacts only the types asked for', () => {
      assert.equal(r('a@b.co 090-1234-5678', { types: ['EMAIL'] }), '[EMAIL] 090-1234-5678');
    });
  });

  it('reports offsets into the input, in input order', () => {
    const input = 'ＴＥＬ０９０ー１２３４ー５６７８ a@b.co';
    const { found } = redact(input);
    assert.deepEqual(found, [
      { type: 'PHONE', start: 3, end: 16 },
      { type: 'EMAIL', start: 17, end: 23 },
    ]);
    assert.equal(input.slice(3, 16), '０９０ー１２３４ー５６７８');
  });

  it('redacts a value that only shows once its neighbour is redacted, with input offsets', () => {
    const input = '東京都千代田区千代田1-1-1https://a.jp/?token=x1 ';
    const { text, found } = redact(input);
    assert.equal(text, '[ADDRESS]https://a.jp/?token=[URL_TOKEN] ');
    assert.deepEqual(
      found.map((f) => input.slice(f.start, f.end)),
      ['東京都千代田区千代田1-1-1', 'x1'],
    );
  });

  it('keeps the text around a value exactly as written', () => {
    assert.equal(r('ｶﾞｲﾄﾞ　Ｘ 03-1234-5678 ㈱'), 'ｶﾞｲﾄﾞ　Ｘ [PHONE] ㈱');
  });

  it('does not fail on non-strings from untyped callers', () => {
    assert.equal(r(undefined as unknown as string), '');
    assert.equal(r(4111111111111111 as unknown as string), '[CARD]');
  });
});

// Pieces of support text with and without personal data, for the properties below.
const cardArb = fc
  .tuple(fc.stringMatching(/^\d{15}$/), fc.constantFrom('plain', 'spaces', 'hyphens'), fc.boolean())
  .map(([body, grouping, wide]) => {
    const digits = withLuhnDigit(body);
    const grouped = grouping === 'plain' ? digits : digits.match(/\d{4}/g)!.join(grouping === 'spaces' ? ' ' : '-');
    return { digits, text: wide ? fullWidth(grouped) : grouped };
  });
const words = fc.constantFrom(
  'hello',
  'order',
  'お問い合わせ',
  'ありがとうございます',
  '2026-11-24',
  '¥12,000',
  'v1.2.3',
  'ORD-2026-000123',
  '550e8400-e29b-41d4-a716-446655440000',
  '#123456',
  '10:30',
  'taro@example.jp',
  '090-1234-5678',
  '+1 (555) 123-4567',
  '〒150-0002',
  '東京都千代田区千代田1-1-1',
  '1600 Pennsylvania Ave',
  '123456789018',
  'https://a.jp/?token=x1',
  '０３－１２３４－５６７８',
  'Ｙａｍａｄａ',
  '山田',
  '[EMAIL]',
  '‐',
  'ー',
  '-',
  '.',
  ',',
  '(',
  ')',
  '+',
  '1',
  '42',
);
const separators = fc.constantFrom(' ', '、', '。', '\n', ': ', ' (', ') ', '');
const supportText = fc
  .array(
    fc.tuple(
      fc.oneof(
        words,
        cardArb.map((c) => c.text),
        fc.string({ maxLength: 6 }),
      ),
      separators,
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const names = { names: ['Taro Yamada', '山田 太郎'] };

/**
 * A structured personal value as people write it, with where the redacted part is (`offset`,
 * `length` into `text`: the whole value, or a URL's secret) and labels that may precede it.
 */
interface StructuredItem {
  readonly type: 'CARD' | 'MY_NUMBER' | 'PHONE' | 'EMAIL' | 'POSTAL' | 'URL_TOKEN';
  readonly text: string;
  readonly offset: number;
  readonly length: number;
  readonly labelEn: string;
  readonly labelJa: string;
}
const whole = (type: StructuredItem['type'], labelEn: string, labelJa: string) => (text: string) =>
  ({ type, text, offset: 0, length: text.length, labelEn, labelJa }) satisfies StructuredItem;
const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
const separator = fc.constantFrom('-', ' ', '');
const amexArb = digits(12).map((body) => withLuhnDigit(`3${Number(body[0]) % 2 ? 4 : 7}${body}`));
const myNumberArb = fc.tuple(digits(11), fc.constantFrom('', ' ', '-')).map(([body, sep]) => {
  const number = body + myNumberCheckDigit(body);
  return [number.slice(0, 4), number.slice(4, 8), number.slice(8)].join(sep);
});
const phoneArb = fc.oneof(
  fc.tuple(fc.constantFrom('090', '080', '070', '050'), digits(4), digits(4), separator).map(([a, b, c, s]) => [a, b, c].join(s)),
  fc.tuple(fc.constantFrom('03', '06'), digits(4), digits(4), fc.constantFrom('-', ' ')).map(([a, b, c, s]) => [a, b, c].join(s)),
  fc.tuple(fc.constantFrom('0466', '0120'), digits(2), digits(4)).map(([a, b, c]) => `${a}-${b}-${c}`),
  fc.tuple(digits(3), digits(4)).map(([b, c]) => `(03)${b}4-${c}`),
  fc
    .tuple(fc.constantFrom('90', '80', '3'), digits(4), digits(4), fc.constantFrom(' ', '-'))
    .map(([a, b, c, s]) => `+81${s}${a}${s}${b}${s}${c}`),
  fc.tuple(fc.integer({ min: 200, max: 989 }), digits(3), digits(4)).map(([a, b, c]) => `(${a}) ${b}-${c}`),
  fc
    .tuple(fc.integer({ min: 200, max: 989 }), digits(3), digits(4), fc.constantFrom('-', '.'))
    .map(([a, b, c, s]) => `${a}${s}${b}${s}${c}`),
  fc.tuple(fc.integer({ min: 200, max: 989 }), digits(3), digits(4)).map(([a, b, c]) => `+1 ${a} ${b} ${c}`),
  fc.tuple(digits(4), digits(4)).map(([b, c]) => `+44 20 ${b} ${c}`),
);
const emailArb = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9]{0,7}(?:[._+-][a-z0-9]{1,6})?$/),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/),
    fc.constantFrom('com', 'co.jp', 'jp', 'ne.jp', 'org', 'io', 'example'),
  )
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
const tokenArb = fc
  .tuple(fc.constantFrom('token', 'access_token', 'api_key', 'sig', 'password', 'code'), fc.stringMatching(/^[A-Za-z0-9]{6,20}$/))
  .map(([name, secret]) => {
    const url = `https://app.acme.jp/reset?lang=ja&${name}=`;
    return {
      type: 'URL_TOKEN',
      text: `${url}${secret}&x=1`,
      offset: url.length,
      length: secret.length,
      labelEn: 'open',
      labelJa: 'リンク：',
    } as const;
  });
/** Every kind of structured personal data, written the ways people write it. */
const structuredItem: fc.Arbitrary<StructuredItem> = fc.oneof(
  cardArb.map((c) => whole('CARD', 'my card is', 'カード番号は')(c.text)),
  amexArb.map((n) => `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`).map(whole('CARD', 'card:', 'カード：')),
  myNumberArb.map(whole('MY_NUMBER', 'My Number', 'マイナンバーは')),
  phoneArb.map(whole('PHONE', 'call me at', '電話番号は')),
  phoneArb.map(whole('PHONE', 'or', '、')),
  emailArb.map(whole('EMAIL', 'write to', 'メールは')),
  digits(7).map((d) => whole('POSTAL', 'ship to', '送付先は')(`〒${d.slice(0, 3)}-${d.slice(3)}`)),
  tokenArb,
);
/** Words around the value: no digits, no labels that make a number an id. */
const fillerEn = fc
  .array(fc.constantFrom('Hello', 'please', 'help', 'my', 'refund', 'thanks', 'the app', 'crashed', 'again', 'yesterday', 'is'), {
    maxLength: 6,
  })
  .map((w) => w.join(' '));
const fillerJa = fc
  .array(
    fc.constantFrom('お世話になっております', '返金', 'について', 'アプリが', '落ちました', 'よろしくお願いします', '。', '、', '\n'),
    { maxLength: 6 },
  )
  .map((w) => w.join(''));

describe('redact (properties)', () => {
  it('never throws, whatever the input and options', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 8 }), { maxLength: 3 }),
        (text, list) => {
          const result = redact(text, { names: list, allow: list });
          assert.equal(typeof result.text, 'string');
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(supportText, (text) => {
        const once = redact(text, names).text;
        assert.equal(redact(once, names).text, once);
      }),
      { numRuns: 10_000 },
    );
  });

  it('reports spans that rebuild the output from the input', () => {
    fc.assert(
      fc.property(supportText, (input) => {
        const { text, found } = redact(input, names);
        let rebuilt = '';
        let at = 0;
        for (const f of found) {
          assert.ok(f.start >= at && f.end > f.start);
          rebuilt += input.slice(at, f.start) + `[${f.type}]`;
          at = f.end;
        }
        assert.equal(rebuilt + input.slice(at), text);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent on arbitrary unicode too', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const once = redact(text).text;
        assert.equal(redact(once).text, once);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same result for a text and its NFKC form', () => {
    fc.assert(
      fc.property(supportText, fc.boolean(), (text, wide) => {
        const input = wide ? fullWidth(text) : text;
        assert.equal(redact(input, names).text.normalize('NFKC'), redact(input.normalize('NFKC'), names).text);
      }),
      { numRuns: 5000 },
    );
  });

  it('redacts every Luhn-valid 16-digit number embedded in text', () => {
    fc.assert(
      fc.property(supportText, cardArb, supportText, fc.constantFrom(' ', '、', '\n', ': ', '(', '「'), (before, card, after, gap) => {
        const output = redact(`${before}${gap}${card.text}${gap === '(' ? ')' : ' '}${after}`).text;
        assert.ok(!output.normalize('NFKC').replace(/[ -]/g, '').includes(card.digits), output);
      }),
      { numRuns: 10_000 },
    );
  });

  it('redacts every structured item in generated English and Japanese support text', () => {
    fc.assert(
      fc.property(structuredItem, fc.boolean(), fc.boolean(), fillerEn, fillerJa, (item, japanese, wide, en, ja) => {
        const value = wide ? fullWidth(item.text) : item.text;
        const before = japanese ? `${ja}${item.labelJa}` : `${en} ${item.labelEn} `;
        const after = japanese ? `です。${ja}` : `. ${en}`;
        const input = before + value + after;
        const { text, found } = redact(input);
        const start = before.length + item.offset;
        const end = start + item.length;
        const span = found.find((f) => f.start <= start && f.end >= end);
        assert.ok(span, `${item.type} not redacted in ${JSON.stringify(input)} → ${JSON.stringify(text)}`);
        assert.equal(span.type, item.type, `${JSON.stringify(input)} → ${JSON.stringify(text)}`);
        assert.ok(!text.includes(value.slice(item.offset, item.offset + item.length)), text);
        assert.equal(redact(text).text, text, 'idempotent');
      }),
      { numRuns: 10_000 },
    );
  });

  it('takes at most 1% of a negative corpus for cards (ids, timestamps, versions, ISBNs, hashes)', (t) => {
    const isbn13 = fc.stringMatching(/^97[89]\d{9}$/).map((body) => {
      const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
      return body + ((10 - (sum % 10)) % 10);
    });
    const negative = fc.oneof(
      fc.uuid(),
      fc.stringMatching(/^ORD-20\d{2}-\d{6}$/),
      fc.stringMatching(/^#\d{6,12}$/),
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().replace(/\D/g, '').slice(0, 14)),
      fc.integer({ min: 946684800000, max: 4102444800000 }).map(String),
      fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99999)).map(([a, b, c]) => `${a}.${b}.${c}`),
      isbn13,
      isbn13.map((i) => `${i.slice(0, 3)}-${i.slice(3, 4)}-${i.slice(4, 8)}-${i.slice(8, 12)}-${i.slice(12)}`),
      fc.stringMatching(/^[0-9a-f]{40}$/),
    );
    const samples = fc.sample(negative, { numRuns: 20_000, seed: 42 });
    const cards = samples.filter((s) => redact(`ref ${s} ok`).found.some((f) => f.type === 'CARD'));
    t.diagnostic(`card false positives: ${cards.length} of ${samples.length} (${((cards.length / samples.length) * 100).toFixed(2)}%)`);
    assert.ok(cards.length / samples.length <= 0.01, `${cards.length} of ${samples.length}: ${cards.slice(0, 5).join(', ')}`);
  });

  it('keeps UUIDs and Luhn-invalid 16-digit numbers', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.stringMatching(/^[1-9]\d{15}$/), (uuid, digits) => {
        assert.deepEqual(redact(`id ${uuid}`).found, []);
        if (!luhnValid(digits)) assert.deepEqual(redact(`order ${digits}`).found, []);
      }),
      { numRuns: 10_000 },
    );
  });
});
