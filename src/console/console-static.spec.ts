import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleBundleDir, isClientRoute } from './console-static.js';

describe('isClientRoute', () => {
  it('takes screen paths, with or without a query, for the console', () => {
    for (const url of ['/', '/calls/new', '/tickets/T261122-00427', '/login?next=/calls/new', '/apis', '/healthy']) expect({ url, client: isClientRoute(url) }).toEqual({ url, client: true });
  });

  it('leaves every server prefix and anything that looks like a file alone', () => {
    for (const url of ['/api', '/api/v1/tickets', '/open311/v2/services.json', '/health/live', '/metrics', '/assets/index-abc.js', '/favicon.ico', '/calls/new.json?x=1']) {
      expect({ url, client: isClientRoute(url) }).toEqual({ url, client: false });
    }
  });
});

describe('consoleBundleDir', () => {
  it('finds dist/console/web under the nearest folder with a package.json, from src/ or dist/ alike', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dir-'));
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    for (const from of ['src/console', 'dist/console']) {
      fs.mkdirSync(path.join(root, from), { recursive: true });
      expect(consoleBundleDir(path.join(root, from))).toBe(path.join(root, 'dist', 'console', 'web'));
    }
    fs.rmSync(root, { recursive: true, force: true });
  });
});
