/**
 * Build the app once for compiled-output tests: `npx taro build --type <platform>` into dist/<platform>
 * when it is missing or older than src/ and config/. A lock folder keeps parallel test processes on one
 * work tree from building at the same time (jest workers, the e2e runner).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..')

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)
  }
  return newest
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** The marker file a finished build leaves. */
const MARKER: Record<'weapp' | 'h5', string> = { weapp: 'app.json', h5: 'index.html' }

export function isStale(platform: 'weapp' | 'h5'): boolean {
  const marker = path.join(ROOT, 'dist', platform, MARKER[platform])
  if (!fs.existsSync(marker)) return true
  const files = ['babel.config.js', 'package.json'].map((f) => path.join(ROOT, f)).filter((f) => fs.existsSync(f))
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src')),
    newestMtime(path.join(ROOT, 'config')),
    ...files.map((f) => fs.statSync(f).mtimeMs),
  )
  return fs.statSync(marker).mtimeMs < sources
}

export function ensureBuild(platform: 'weapp' | 'h5', log: (msg: string) => void = (m) => process.stderr.write(`${m}\n`)): void {
  const lock = path.join(ROOT, 'dist', `.${platform}-build.lock`)
  fs.mkdirSync(path.dirname(lock), { recursive: true })
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    try {
      fs.mkdirSync(lock)
      break
    } catch {
      const age = fs.existsSync(lock) ? Date.now() - fs.statSync(lock).mtimeMs : 0
      if (age > 10 * 60_000)
        fs.rmSync(lock, { recursive: true, force: true }) // left by a killed run
      else if (Date.now() > deadline) throw new Error(`timed out waiting for another ${platform} build`)
      else sleepSync(1000)
    }
  }
  try {
    if (!isStale(platform)) return
    log(`[build] npx taro build --type ${platform} …`)
    const started = Date.now()
    const res = spawnSync('npx', ['taro', 'build', '--type', platform], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NODE_ENV: 'production', BABYHOUSE_OUTPUT_ROOT: '' },
    })
    if (res.status !== 0 || !fs.existsSync(path.join(ROOT, 'dist', platform, MARKER[platform]))) {
      throw new Error(
        `taro build --type ${platform} failed (exit ${res.status}):\n${(res.stdout || '').slice(-4000)}\n${(res.stderr || '').slice(-4000)}`,
      )
    }
    log(`[build] ${platform} built in ${Math.round((Date.now() - started) / 1000)} s`)
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}
