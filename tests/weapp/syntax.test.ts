/**
 * The built mini-program (dist/weapp, built here when stale) must parse on WeChat's older JS engines:
 * every emitted .js is parsed as ES5 script with acorn, so any `??`, `?.`, arrow, class, let/const,
 * spread or async left in our code or in a bundled npm package fails this test with the file and the
 * code around it. DevTools' own ES6 transform stays off (project.config.json), consistent with the
 * build already emitting ES5.
 */
import { parse } from 'acorn';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuild, ROOT } from '../simulate/build';

/** The syntax level the weapp targets (babel.config.js: iOS 9 / Android 5 → ES5). */
const TARGET = 5 as const;

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
  });
}

/** Files that do not parse at `ecmaVersion`, with the offending spot. */
export function newerThan(files: string[], ecmaVersion: 5 | 2015 | 2020): string[] {
  const bad: string[] = [];
  for (const f of files) {
    const code = fs.readFileSync(f, 'utf8');
    try {
      parse(code, { ecmaVersion, sourceType: 'script' });
    } catch (e) {
      const pos = (e as { pos?: number }).pos ?? 0;
      bad.push(`${path.relative(ROOT, f)}: ${(e as Error).message} near «${code.slice(Math.max(0, pos - 40), pos + 40)}»`);
    }
  }
  return bad;
}

describe('weapp output syntax', () => {
  beforeAll(() => ensureBuild('weapp'), 10 * 60_000);

  it('the scanner catches syntax newer than ES5', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'syntax-scan-'));
    const samples = {
      nullish: 'var a = b ?? 1;',
      optional: 'var a = b?.c;',
      arrow: 'var f = () => 1;',
      constant: 'const a = 1;',
      spread: 'var o = { ...p };',
    };
    for (const [name, code] of Object.entries(samples)) fs.writeFileSync(path.join(dir, `${name}.js`), code);
    fs.writeFileSync(path.join(dir, 'es5.js'), 'var a = b == null ? 1 : b; function f() { return [].concat(a); }');
    const bad = newerThan(jsFiles(dir), TARGET);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(bad.map((b) => path.basename(b.split(':')[0], '.js')).sort()).toEqual(Object.keys(samples).sort());
  });

  it('every emitted .js of dist/weapp parses as ES5', () => {
    const files = jsFiles(path.join(ROOT, 'dist', 'weapp'));
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.endsWith(`${path.sep}taro.js`))).toBe(true);
    expect(newerThan(files, TARGET)).toEqual([]);
  });

  it('DevTools is not asked to transpile again, and the weapp build has its own targets', () => {
    const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'));
    expect(project.setting).toMatchObject({ es6: false, enhance: false });
    const saved = process.env.TARO_ENV;
    process.env.TARO_ENV = 'weapp';
    jest.isolateModules(() => {
      const babel = require(path.join(ROOT, 'babel.config.js'));
      expect(babel.presets[0][1]).toMatchObject({ targets: { ios: '9', android: '5' }, ignoreBrowserslistConfig: true });
    });
    if (saved === undefined) Reflect.deleteProperty(process.env, 'TARO_ENV');
    else process.env.TARO_ENV = saved;
  });
});
