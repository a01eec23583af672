import { XMLValidator } from 'fast-xml-parser';
import { errorsDocument, leaf, list, record, render, splitFormat, toSparkJson, toXml, w3cDateTime, xmlText } from './open311-format.js';

const services = list('services', [
  record('service', [leaf('service_code', '001'), leaf('metadata', true), leaf('keywords', null)]),
  record('service', [leaf('service_code', '002'), leaf('metadata', false), leaf('keywords', 'a, b')]),
]);

describe('one tree, two formats', () => {
  it('writes XML with the declaration, the spec element names and empty leaves as empty elements', () => {
    const out = toXml(services);
    expect(out.split('\n').slice(0, 3)).toEqual(['<?xml version="1.0" encoding="utf-8"?>', '<services>', '  <service>']);
    expect(out).toContain('<service_code>001</service_code>');
    expect(out).toContain('<metadata>true</metadata>');
    expect(out).toContain('<keywords/>');
    expect(XMLValidator.validate(out)).toBe(true);
  });

  it('writes JSON by the Spark convention: the root dropped, repeating containers as arrays, empty leaves null', () => {
    expect(JSON.parse(toSparkJson(services))).toEqual([
      { service_code: '001', metadata: true, keywords: null },
      { service_code: '002', metadata: false, keywords: 'a, b' },
    ]);
    const discovery = record('discovery', [leaf('changeset', 'x'), list('endpoints', [record('endpoint', [list('formats', [leaf('format', 'text/xml')])])])]);
    // a container with a single child is still an array (where Parker would make it an object)
    expect(JSON.parse(toSparkJson(discovery))).toEqual({ changeset: 'x', endpoints: [{ formats: ['text/xml'] }] });
    expect(JSON.parse(render(list('services', []), 'json'))).toEqual([]);
    expect(toXml(list('services', []))).toContain('<services/>');
  });

  it('escapes markup and drops the characters XML 1.0 cannot carry, keeping astral ones', () => {
    expect(xmlText(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    expect(xmlText('x\u0000\u0007\u001b\uFFFEy\u{1F4A7}\tz\n')).toBe('x y\u{1F4A7}\tz\n'.replace(' ', ''));
    const doc = toXml(record('request', [leaf('description', 'bad \u0001 </description> ]]> <![CDATA[ x')]));
    expect(XMLValidator.validate(doc)).toBe(true);
  });

  it('writes the spec error list in both formats', () => {
    const doc = errorsDocument([{ code: 403, description: 'Invalid api_key' }]);
    expect(JSON.parse(render(doc, 'json'))).toEqual([{ code: 403, description: 'Invalid api_key' }]);
    expect(render(doc, 'xml')).toContain('<errors>\n  <error>\n    <code>403</code>');
  });
});

describe('splitFormat', () => {
  it('takes only the last suffix, since service codes hold dots', () => {
    expect(splitFormat('services.xml')).toEqual({ id: 'services', format: 'xml', explicit: true });
    expect(splitFormat('environment.noise.construction.JSON')).toEqual({ id: 'environment.noise.construction', format: 'json', explicit: true });
    expect(splitFormat('environment.noise')).toEqual({ id: 'environment.noise', format: 'xml', explicit: false });
    expect(splitFormat('requests.csv')).toEqual({ id: 'requests.csv', format: 'xml', explicit: false });
  });
});

describe('w3cDateTime', () => {
  it("writes the zone's offset, as the spec requires", () => {
    const at = new Date('2026-11-22T01:02:03.456Z');
    expect(w3cDateTime(at, 'Asia/Shanghai')).toBe('2026-11-22T09:02:03+08:00');
    expect(w3cDateTime(at, 'UTC')).toBe('2026-11-22T01:02:03Z');
    expect(w3cDateTime(at, 'America/St_Johns')).toBe('2026-11-21T21:32:03-03:30');
    expect(w3cDateTime(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    // the instant survives the round trip
    expect(Date.parse(w3cDateTime(at, 'Asia/Kathmandu'))).toBe(Date.parse('2026-11-22T01:02:03Z'));
  });
});
