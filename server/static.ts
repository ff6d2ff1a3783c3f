/**
 * Static files of the local runtime (the H5 build and the course videos): streamed from disk, with
 * byte ranges as RFC 9110 §14 defines them — `bytes=a-b`, `bytes=a-` and suffix ranges `bytes=-n`;
 * an unsatisfiable range (first byte past the end, last before first, an empty suffix) answers 416
 * with `content-range: bytes *\/size` as nginx and Express do; a malformed or multi-range header is
 * ignored (the whole file, 200).
 */
import { createReadStream, statSync } from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import { extname, join, normalize, sep } from 'path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.mp4': 'video/mp4',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export type RangeResult = { kind: 'none' } | { kind: 'unsatisfiable' } | { kind: 'range'; start: number; end: number };

/** Interprets a Range header for a file of `size` bytes (end inclusive). */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return { kind: 'none' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'none' }; // malformed or several ranges: serve it all
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return { kind: 'unsatisfiable' }; // last before first: no byte can be sent
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end };
}

/** The file under `dir` that `rel` (already percent-decoded) names, or null when outside it or missing. */
export function fileUnder(dir: string, rel: string): string | null {
  if (rel.includes('\0')) return null;
  const file = join(dir, normalize(`/${rel}`));
  if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Streams `file` as the answer to a GET or HEAD. */
export function sendFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  const size = statSync(file).size;
  const type = MIME[extname(file)] ?? 'application/octet-stream';
  const range = parseRange(req.headers.range, size);
  const head = req.method === 'HEAD';
  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, { 'content-range': `bytes */${size}`, 'accept-ranges': 'bytes', 'content-length': 0 });
    res.end();
    return;
  }
  const [status, start, end] = range.kind === 'range' ? [206, range.start, range.end] : [200, 0, size - 1];
  res.writeHead(status, {
    'content-type': type,
    'accept-ranges': 'bytes',
    'content-length': Math.max(0, end - start + 1),
    'cache-control': 'no-cache',
    ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (head || end < start) {
    res.end();
    return;
  }
  const stream = createReadStream(file, { start, end });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
