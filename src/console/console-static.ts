import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/**
 * Paths the console must never answer with its page: the API, Open311, health checks, metrics
 * and the API docs keep their own JSON 404s, so a client that mistypes a URL is not handed HTML.
 */
export const SERVER_PREFIXES = ['/api', '/open311', '/health', '/metrics'];

/**
 * The same CSP for every console page: the bundle loads only its own files and talks only to
 * this origin, so an injected script or a framed copy of the console has nowhere to go.
 */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // index.html names the hashed bundle files: it must be re-read after every deploy
  'cache-control': 'no-cache',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Where `vite build` puts the bundle: `dist/console/web` under the project root. Found by
 * walking up to package.json so it is the same folder whether this file runs compiled from
 * dist/ (npm start) or as TypeScript from src/ (the e2e tests).
 */
export function consoleBundleDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return path.join(dir, 'dist', 'console', 'web');
}

/** A client route (`/calls/new`) gets the page; a server path or a missing file (`.js`) does not. */
export function isClientRoute(url: string): boolean {
  const pathname = url.split('?')[0];
  if (SERVER_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return false;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * Serves the console at `/`: hashed assets from `/assets/` (cached for a year: their names
 * change with their content), and index.html for every client route so a reload or a
 * bookmarked `/calls/new` opens the app. Every other 404 stays the API's JSON 404.
 */
export function serveConsole(fastify: FastifyInstance, dir: string, logger: Logger): void {
  const indexFile = path.join(dir, 'index.html');
  const page = existsSync(indexFile) ? readFileSync(indexFile) : undefined;
  if (!page) {
    logger.warn({ dir }, 'the console is not built: `npm run build` builds it; / answers 503 until then');
  } else {
    // decorateReply false: the API docs register @fastify/static too, and reply.sendFile may be decorated once
    fastify.register(fastifyStatic, { root: path.join(dir, 'assets'), prefix: '/assets/', decorateReply: false, index: false, immutable: true, maxAge: '365d' });
  }
  const answer = (req: FastifyRequest, reply: FastifyReply) => {
    if (!isClientRoute(req.url)) return reply.callNotFound();
    if (!page) return reply.code(503).type('text/plain; charset=utf-8').send('The web console is not built: run `npm run build`.\n');
    return reply.headers(PAGE_HEADERS).send(page);
  };
  fastify.get('/', answer);
  fastify.get('/*', answer);
}
