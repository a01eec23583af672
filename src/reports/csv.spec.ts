import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes what must be quoted and leaves the rest bare, with CRLF and a BOM', () => {
    const out = toCsv(['name', 'n', 'rate'], [['城管局, 东区', 3, 0.5], ['He said "hi"\nthen left', null, undefined]]);
    expect(out).toBe('\uFEFFname,n,rate\r\n"城管局, 东区",3,0.5\r\n"He said ""hi""\nthen left",,\r\n');
  });

  it('defuses spreadsheet formulas in text, not in numbers', () => {
    expect(toCsv(['a', 'b'], [['=HYPERLINK("x")', -1]])).toBe('\uFEFFa,b\r\n"\'=HYPERLINK(""x"")",-1\r\n');
  });
});
