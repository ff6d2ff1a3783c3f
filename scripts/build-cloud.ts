/**
 * `npm run build:cloud`: bundles each cloud function with the shared domain code (esbuild) into
 * dist/cloudfunctions/<name>/index.js, next to a generated package.json (wx-server-sdk only) and
 * config.json (openapi permissions, timer trigger; timeouts, memory and env are in cloudbaserc.json).
 * Generated, never edited.
 *
 *   npx tsx scripts/build-cloud.ts                 # build all into dist/cloudfunctions and verify
 *   npx tsx scripts/build-cloud.ts --out <dir>     # build somewhere else (tests, benchmarks)
 *   npx tsx scripts/build-cloud.ts --no-verify     # skip the isolated-require check
 *
 * Two guarantees are checked on every build, because WeChat installs nothing but the package.json
 * dependencies ("上传并部署：云端安装依赖"):
 *  1. statically: the bundle imports nothing outside Node's built-in modules and wx-server-sdk
 *     (esbuild's metafile lists every import left external);
 *  2. at runtime (unless --no-verify): each function directory is copied to a temporary folder whose
 *     node_modules holds only wx-server-sdk, and `require('./index.js')` must give a `main` function
 *     in a fresh `node` process.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { execFile } from 'child_process';
import { builtinModules, createRequire } from 'module';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, resolve } from 'path';

const ROOT = resolve(__dirname, '..');
export const CLOUD_OUT = join(ROOT, 'dist', 'cloudfunctions');
export const CLOUD_FUNCTIONS = ['user', 'booking', 'checkin', 'admin', 'course'] as const;
export type CloudFunctionName = (typeof CLOUD_FUNCTIONS)[number];
/** The only runtime dependency of a bundle; pinned (the version the adapter and fake-clouddb are tested with). */
export const WX_SERVER_SDK = '4.0.2';

/**
 * Deployment settings live in cloudbaserc.json (the CloudBase CLI's config, at the repo root): each
 * function's timeout, memory, runtime, environment variables and the timer trigger. `tcb fn deploy`
 * applies them (DEPLOY.md).
 *
 * config.json beside each bundle holds only what WeChat DevTools / miniprogram-ci read from it:
 * - permissions.openapi: cloud calls the function makes (wxacode for QR codes; subscribeMessage for
 *   notices, sent by `admin`, which runs the scheduled tasks);
 * - triggers: the timer trigger, copied from cloudbaserc.json (7-field cron: s m h day month weekday year).
 * It has no "timeout": that is not a config.json key; the timeout is set by cloudbaserc.json.
 */
export interface CloudbaseFunction {
  name: string;
  handler: string;
  runtime: string;
  installDependency: boolean;
  timeout: number;
  memorySize: number;
  envVariables: Record<string, string>;
  triggers?: Array<{ name: string; type: 'timer'; config: string }>;
  ignore?: string[];
}
export interface CloudbaseRc {
  version: string;
  envId: string;
  functionRoot: string;
  functions: CloudbaseFunction[];
}

export const CLOUDBASERC = join(ROOT, 'cloudbaserc.json');
export function readCloudbaseRc(): CloudbaseRc {
  return JSON.parse(readFileSync(CLOUDBASERC, 'utf8')) as CloudbaseRc;
}

const OPENAPI: Record<CloudFunctionName, string[]> = {
  admin: ['wxacode.getUnlimited', 'subscribeMessage.send'],
  user: ['subscribeMessage.send'],
  booking: ['subscribeMessage.send'],
  checkin: ['subscribeMessage.send'],
  course: ['subscribeMessage.send'],
};

/** config.json of a function: openapi permissions and (admin) the timer trigger from cloudbaserc.json. */
export function functionConfig(name: CloudFunctionName, rc: CloudbaseRc = readCloudbaseRc()): object {
  const fn = rc.functions.find((f) => f.name === name);
  if (!fn) throw new Error(`cloudbaserc.json has no function ${name}`);
  return { permissions: { openapi: OPENAPI[name] }, ...(fn.triggers?.length ? { triggers: fn.triggers } : {}) };
}

/**
 * Packages no WeChat bundle may carry: the local runtime's QR renderer (in WeChat QR codes come from
 * wxacode.getUnlimited). An import of one resolves to a stub that refuses, so a path that still reached
 * it would fail loudly instead of shipping ~57 KB to every function.
 */
export const LOCAL_ONLY_PACKAGES = ['qrcode'];
const localOnlyStub: Plugin = {
  name: 'local-only',
  setup(b) {
    const filter = new RegExp(`^(${LOCAL_ONLY_PACKAGES.join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'local-only' }));
    b.onLoad({ filter: /.*/, namespace: 'local-only' }, (args) => ({
      contents: `const no = () => { throw new Error(${JSON.stringify(`${args.path} is local-only (not bundled for WeChat)`)}); };
module.exports = { toBuffer: no, toString: no, toDataURL: no, create: no, default: { toBuffer: no, toString: no, toDataURL: no, create: no } };`,
      loader: 'js',
    }));
  },
};

export interface BuildCloudOptions {
  /** Where the function folders go (default dist/cloudfunctions; emptied first). */
  outDir?: string;
  functions?: readonly CloudFunctionName[];
  /** Run the isolated-require check (default false here; the CLI turns it on). */
  verify?: boolean;
  /** Bundle LOCAL_ONLY_PACKAGES too, as builds did before they were left out (the benchmark's "before"). */
  includeLocalOnly?: boolean;
}

export interface BuiltFunction {
  name: CloudFunctionName;
  dir: string;
  bytes: number;
  /** Bytes in the bundle per input package / source folder, largest first. */
  composition: Array<[string, number]>;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const ALLOWED_EXTERNALS = new Set(['wx-server-sdk']);

/** Imports left external in a bundle that WeChat would not provide (anything but built-ins and wx-server-sdk). */
export function foreignImports(meta: Metafile): string[] {
  const out = new Set<string>();
  for (const output of Object.values(meta.outputs)) {
    for (const imp of output.imports) {
      if (!imp.external) continue;
      if (BUILTINS.has(imp.path) || ALLOWED_EXTERNALS.has(imp.path)) continue;
      out.add(imp.path);
    }
  }
  return [...out].sort();
}

function composition(meta: Metafile): Array<[string, number]> {
  const by = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [file, info] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      const key = pkg ? pkg[1] : file.split('/').slice(0, 2).join('/');
      by.set(key, (by.get(key) ?? 0) + info.bytesInOutput);
    }
  }
  return [...by.entries()].sort((a, b) => b[1] - a[1]);
}

/** Bundles one entry (a TS/JS file exporting `main`) into `<dir>/index.js` with package.json and config.json. */
export async function bundleFunction(
  entry: string,
  dir: string,
  name: string,
  config: object,
  opts: { includeLocalOnly?: boolean } = {},
): Promise<{ bytes: number; meta: Metafile }> {
  mkdirSync(dir, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile: join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    // WeChat cloud functions: choose the Node.js 16.13 (or newer) runtime (DEPLOY.md)
    target: 'node16',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    // wx-server-sdk is installed by WeChat from package.json; better-sqlite3 is the local store's
    // native module and must never be reached from a WeChat entry (foreignImports fails the build if it is)
    external: ['wx-server-sdk', 'better-sqlite3'],
    plugins: opts.includeLocalOnly ? [] : [localOnlyStub],
    metafile: true,
    logLevel: 'warning',
  });
  const foreign = foreignImports(result.metafile);
  if (foreign.length) {
    throw new Error(
      `${name}: the bundle imports ${foreign.join(', ')} at runtime; only Node built-ins and wx-server-sdk are available in WeChat`,
    );
  }
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name,
        version: '1.0.0',
        private: true,
        main: 'index.js',
        dependencies: { 'wx-server-sdk': WX_SERVER_SDK },
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return { bytes: statSync(join(dir, 'index.js')).size, meta: result.metafile };
}

/** The wx-server-sdk this project has installed (what a staged bundle links to). */
export function installedWxServerSdk(): string {
  return dirname(createRequire(join(ROOT, 'package.json')).resolve('wx-server-sdk/package.json'));
}

/**
 * Copies function folders into `<stage>/<name>/` and links `<stage>/node_modules/wx-server-sdk` to the
 * installed SDK: from there a bundle can resolve wx-server-sdk and nothing else (Node resolves the
 * link to its real path, so the SDK's own dependencies still load). Returns the stage directory.
 */
export function stageFunctions(fromDir: string, names: readonly string[], stage = mkdtempSync(join(tmpdir(), 'babyhouse-cf-'))): string {
  for (const name of names) {
    mkdirSync(join(stage, name), { recursive: true });
    for (const f of ['index.js', 'package.json', 'config.json']) copyFileSync(join(fromDir, name, f), join(stage, name, f));
  }
  mkdirSync(join(stage, 'node_modules'), { recursive: true });
  symlinkSync(installedWxServerSdk(), join(stage, 'node_modules', 'wx-server-sdk'), 'dir');
  return stage;
}

/** A clean environment for a child `node` (no NODE_OPTIONS / NODE_PATH that could resolve more modules). */
export function cleanNodeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'LANG', 'TZ'];
  const env = {} as NodeJS.ProcessEnv;
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...extra };
}

/** Requires each staged bundle in a fresh `node` (cwd = the stage); rejects with what failed. */
export async function verifyIsolated(fromDir: string, names: readonly string[]): Promise<void> {
  const stage = stageFunctions(fromDir, names);
  try {
    const probe = (name: string) =>
      new Promise<void>((done, fail) => {
        const code = `const m = require('./${name}/index.js'); if (typeof m.main !== 'function') { console.error('no main export'); process.exit(3); } process.exit(0);`;
        execFile(process.execPath, ['-e', code], { cwd: stage, env: cleanNodeEnv(), timeout: 60_000 }, (err, _out, stderr) => {
          if (err) fail(new Error(`${name}: require failed with only wx-server-sdk installed:\n${stderr || err.message}`));
          else done();
        });
      });
    await Promise.all(names.map(probe));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

export async function buildCloud(options: BuildCloudOptions = {}): Promise<BuiltFunction[]> {
  const outDir = options.outDir ?? CLOUD_OUT;
  const names = options.functions ?? CLOUD_FUNCTIONS;
  rmSync(outDir, { recursive: true, force: true });
  const built: BuiltFunction[] = [];
  const rc = readCloudbaseRc();
  for (const name of names) {
    const dir = join(outDir, name);
    const { bytes, meta } = await bundleFunction(join(ROOT, 'cloudfunctions', name, 'index.ts'), dir, name, functionConfig(name, rc), {
      includeLocalOnly: options.includeLocalOnly,
    });
    built.push({ name, dir, bytes, composition: composition(meta) });
  }
  if (options.verify) await verifyIsolated(outDir, names);
  return built;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

// (the cast: tsconfig's webpack-env types hide `require.main`)
if ((require as unknown as { main?: unknown }).main === module) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? resolve(args[outAt + 1]) : CLOUD_OUT;
  const verify = !args.includes('--no-verify');
  buildCloud({ outDir, verify })
    .then((built) => {
      for (const f of built) {
        const top = f.composition
          .slice(0, 5)
          .map(([k, b]) => `${k} ${kb(b)}`)
          .join(', ');
        console.log(`${f.name.padEnd(8)} ${kb(f.bytes).padStart(9)}  ${relative(ROOT, f.dir) || f.dir}/index.js  (${top})`);
      }
      console.log(verify ? 'verified: each bundle loads in a fresh node with only wx-server-sdk installed' : 'not verified (--no-verify)');
    })
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
