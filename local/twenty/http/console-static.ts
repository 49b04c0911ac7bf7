import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Services } from './services.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * The console is files of its own origin only: no inline script or style, no eval, no plugins, no framing, and
 * fetches to the runtime itself. An injected `<script>` or `style` attribute does not run.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * Serves the console: `index.html` at `/` (with the CSRF token in place of `__CSRF_TOKEN__`) and the other
 * files of `local/console/` at `/console/<file>`.
 */
export const serveConsole = async (services: Services, pathname: string): Promise<Response | null> => {
  if (pathname !== '/' && !pathname.startsWith('/console/')) return null;
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice('/console/'.length));
  const file = normalize(join(services.consoleDir, relative));
  if (!file.startsWith(services.consoleDir) || relative.includes('\0')) return null;
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    if (pathname === '/') {
      return new Response(
        '<!doctype html><title>twenty-connect</title><p>The console is not built yet. The API is at /api/session.</p>',
        {
          headers: { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS },
        },
      );
    }
    return null;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const body =
    relative === 'index.html'
      ? content.toString('utf8').replaceAll('__CSRF_TOKEN__', services.ctx.secrets.csrfToken)
      : new Uint8Array(content);
  return new Response(body, {
    headers: { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS },
  });
};
