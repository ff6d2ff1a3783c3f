/**
 * Browser end-to-end support: build the H5 app when needed, start `npm run server` on a free port and a
 * fresh database, call the API as any openid, and drive Debian's Chromium with playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { ensureBuild } from '../simulate/build'
import type { ActionName, Data, FunctionName, ParamsArg } from '../../cloudfunctions/shared/contract'
import { Api } from '../support/http'
import { Scenario } from '../support/world'

export const ROOT = path.resolve(__dirname, '..', '..')
export const ARTIFACTS = path.join(ROOT, 'artifacts', 'e2e')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Build dist/h5 when it is missing or older than src/ or config/ (one build at a time per work tree). */
export function ensureH5Build(): void {
  ensureBuild('h5', (m) => console.log(`[e2e] ${m}`))
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  base: string
  stop(): Promise<void>
}

/** `npm run server` on a free port and a temporary database; resolves once GET /healthz answers. */
export async function startServer(adminOpenids: string): Promise<RunningServer> {
  const port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'babyhouse-e2e-'))
  const child: ChildProcess = spawn('npm', ['run', 'server'], {
    cwd: ROOT,
    detached: true, // own process group, so stop() ends npm, tsx and node together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), BABYHOUSE_DB: path.join(dir, 'e2e.db'), BABYHOUSE_ADMIN_OPENIDS: adminOpenids },
  })
  let log = ''
  child.stdout?.on('data', (d) => {
    log += d
  })
  child.stderr?.on('data', (d) => {
    log += d
  })
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`)
    try {
      const res = await fetch(`${base}/healthz`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy in 60 s:\n${log}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  return {
    base,
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r))
        try {
          process.kill(-child.pid, 'SIGTERM')
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) {
          try {
            process.kill(-child.pid, 'SIGKILL')
          } catch {
            // already gone
          }
        }
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * The local runtime's API as one openid, on the same typed HTTP client as the node suites
 * (tests/support/http.ts); for building a world, use `scenario()` and the shared builders.
 */
export class ApiClient {
  private constructor(
    private readonly api: Api,
    readonly token: string,
  ) {}

  static async login(base: string, openid: string): Promise<ApiClient> {
    const api = new Api(base, { keepAlive: false })
    return new ApiClient(api, await api.login(openid))
  }

  /** fn.action, typed from the contract; throws unless it succeeds. */
  call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, ...rest: ParamsArg<F, A>): Promise<Data<F, A>> {
    return this.api.ok(fn, action, rest[0] as never, this.token)
  }
}

/**
 * The shared scenario builder (tests/support/world.ts) against a running server, acting as `adminOpenid`.
 * The server keeps its clock unless told (`now`: the scenario then freezes it there).
 */
export async function scenario(base: string, adminOpenid: string, now?: string): Promise<Scenario> {
  const api = new Api(base, { keepAlive: false })
  const w = new Scenario(api, await api.login(adminOpenid))
  if (now) await w.setClock(now)
  else w.now = new Date()
  return w
}

export async function setServerClock(base: string, now: string | null): Promise<void> {
  const res = await fetch(`${base}/dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now }),
  })
  if (!res.ok) throw new Error(`/dev/clock failed: ${res.status}`)
}

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get update && apt-get install -y chromium`)
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

export interface PhoneOptions {
  /** Console errors this test expects (e.g. requests that fail while the page is offline); everything else fails it. */
  allow?: (text: string) => boolean
  /** Also count every HTTP response ≥ 400 as an error, API refusals included (for flows that must never be refused). */
  failedResponses?: boolean
}

/**
 * Chromium's own log line for an API call the server refused with a 4xx envelope ("Failed to load
 * resource: the server responded with a status of 409 (Conflict)" at /api/…): that is a reply the app
 * shows the user, not an error of the page. A 5xx, a failed asset or a network failure is.
 */
function isApiRefusal(text: string, url: string): boolean {
  return /\/api\//.test(url) && /^Failed to load resource: the server responded with a status of 4\d\d\b/.test(text)
}

/**
 * A phone-sized browser context (390×844, zh-CN, Asia/Shanghai). Every `console.error` and uncaught page
 * error lands in `errors`, which the suite's test wrapper (`e2eSuite().test`) requires to stay empty.
 */
export async function phone(browser: Browser, errors: string[], opts: PhoneOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const page = await context.newPage()
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.stack || e.message}`))
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    const text = m.text()
    const { url } = m.location()
    if (isApiRefusal(text, url) || opts.allow?.(text)) return
    errors.push(`console.error at ${page.url()}: ${text}${url ? ` (${url})` : ''}`)
  })
  if (opts.failedResponses) {
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`)
    })
  }
  return { context, page }
}

/** axe-core on the current page: the critical and serious violations (WCAG 2.1 A/AA rules), as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  const source = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')
  await page.addScriptTag({ content: source })
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }>
        }
      }
    ).axe
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
  })
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    )
}

/** Visible buttons, tabs, radios and links shorter than 44 CSS px (a thumb's tap target). */
export async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const nodes = document.querySelectorAll(
      '.taro_page .btn, .taro_page [role=button], .taro_page [role=tab], .taro_page [role=radio], .taro_page .link, .taro_page .chip',
    )
    nodes.forEach((el) => {
      const r = (el as HTMLElement).getBoundingClientRect()
      if (r.width === 0 || r.height === 0) return
      if (r.height < 43.5) out.push(`${(el.textContent || '').trim().slice(0, 20)}: ${Math.round(r.height)} px`)
    })
    return out
  })
}

/**
 * While shooting, let the Taro H5 page container grow to its content so a full-page screenshot shows it all.
 * The tab bar (the same on every tab page) is left out: it would stay where the screen ends and cover content.
 */
const FULL_PAGE_CSS = `html, body, #app, .taro-tabbar__container, .taro-tabbar__panel, .taro_router, .taro_router > .taro_page { height: auto !important; min-height: 100% !important; overflow: visible !important; }
.taro-tabbar__panel { flex: none !important; }
.taro-tabbar__tabbar { display: none !important; }
.taro_router > .taro_page { position: relative !important; }`

let shotIndex = 0
/** This test file's name (each file runs in its own process), e.g. 'parent-worker'. */
const SUITE = path
  .basename(process.argv[1] || 'e2e')
  .replace(/\.e2e\.[cm]?[jt]s$/, '')
  .replace(/\.[cm]?[jt]s$/, '')

/** Screenshot of a step, numbered in order, into artifacts/e2e/<suite>/ (git-ignored). */
export async function shot(page: Page, name: string): Promise<string> {
  const dir = path.join(ARTIFACTS, SUITE)
  fs.mkdirSync(dir, { recursive: true })
  shotIndex += 1
  const file = path.join(dir, `${String(shotIndex).padStart(2, '0')}-${name}.png`)
  const style = await page.addStyleTag({ content: FULL_PAGE_CSS }).catch(() => null)
  await page.screenshot({ path: file, fullPage: true })
  await style?.evaluate((el) => (el as unknown as { remove(): void }).remove()).catch(() => undefined)
  return file
}

let loads = 0
/**
 * Open an app route with a full document load (a fresh query string before the hash), so the Taro H5
 * router starts clean instead of racing an in-page hash change against a running page transition.
 */
export async function openRoute(page: Page, base: string, hashRoute: string): Promise<void> {
  loads += 1
  const route = hashRoute.replace(/^#?\/?/, '')
  await page.goto(`${base}/?load=${loads}#/${route}`)
}

/** Wait for Taro's page slide-in to finish (the page is phone-wide again), so full-page shots are phone-sized. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth)
}

/** Sign in on the dev login page as `openid`; resolves once the home page has loaded the profile. */
export async function devLogin(page: Page, base: string, openid: string): Promise<void> {
  await openRoute(page, base, 'dev/login/index')
  await fill(page, '例如 parent-001', openid)
  await tap(page, '以此身份登录')
  await page.waitForURL(/pages\/index\/index/)
  await page.getByText('切换身份', { exact: true }).first().waitFor()
}

/** Today in Asia/Shanghai plus `days`, as YYYY-MM-DD. */
export function shanghaiDate(days = 0, now = Date.now()): string {
  return new Date(now + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10)
}

/** The parent's sessions page, loaded (its child picker shown), on next week's tab when asked. */
export async function openSessions(page: Page, base: string, nextWeek = false): Promise<void> {
  await openRoute(page, base, 'pages/sessions/index')
  await page.getByText('为哪个孩子预约').waitFor()
  if (nextWeek) await tap(page, '下周')
}

/** Monday of next week (Shanghai) plus `plus` days, as YYYY-MM-DD. */
export function nextWeekDay(plus = 0): string {
  const dow = new Date(`${shanghaiDate(0)}T00:00:00Z`).getUTCDay() // 0 = Sunday
  return shanghaiDate((dow === 0 ? 1 : 8 - dow) + plus)
}

/**
 * The server's clock held at 10:00 of today in Shanghai, for a suite that works on next week's sessions:
 * what it sees then does not depend on the hour it runs at (the wrapper sets the clock back afterwards).
 */
export async function holdServerAtTenToday(base: string): Promise<void> {
  await setServerClock(base, `${shanghaiDate(0)}T10:00:00+08:00`)
}

/** A tap on the visible element with this exact text. */
export async function tap(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: true }).filter({ visible: true }).first().click()
}

/** Fill a Taro H5 <Input> by its placeholder (the real <input> inside taro-input-core). */
export async function fill(page: Page, placeholder: string, value: string): Promise<void> {
  await page.locator(`input[placeholder="${placeholder}"]`).fill(value)
}

export interface E2ESuite {
  readonly server: RunningServer
  readonly browser: Browser
  /** The pages' console errors and uncaught errors (see `phone`); emptied before each test. */
  readonly errors: string[]
  /** A phone-sized page of this suite: its console and page errors fail the running test. */
  phone(opts?: PhoneOptions): Promise<{ context: BrowserContext; page: Page }>
  /** The shared scenario builder against this suite's server, acting as its admin (clock frozen at `now` if given). */
  scenario(now?: string): Promise<Scenario>
  /**
   * A browser test: on failure a screenshot of every open page (…-FAILED.png); afterwards its pages are
   * closed, the server clock is real again, and any console error or page error fails it.
   */
  test(name: string, fn: () => Promise<void>): void
}

/**
 * One browser suite's world: before its tests the H5 build (if stale), a fresh `npm run server` and
 * Chromium; after them both are stopped. Every e2e file writes its tests with `suite.test`.
 */
export function e2eSuite(adminOpenids: string): E2ESuite {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  const errors: string[] = []
  before(async () => {
    ensureH5Build()
    server = await startServer(adminOpenids)
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })
  const suite: E2ESuite = {
    get server() {
      if (!server) throw new Error('the e2e server is not started yet')
      return server
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet')
      return browser
    },
    errors,
    phone: (opts) => phone(suite.browser, errors, opts),
    scenario: (now) => scenario(suite.server.base, adminOpenids.split(',')[0], now),
    test(name, fn) {
      test(name, async () => {
        errors.length = 0
        try {
          await fn()
        } catch (e) {
          for (const context of suite.browser.contexts()) {
            for (const page of context.pages()) await shot(page, 'FAILED').catch(() => undefined)
          }
          if (errors.length) console.log(`[e2e] errors before the failure:\n${errors.join('\n')}`)
          throw e
        } finally {
          for (const context of suite.browser.contexts()) await context.close().catch(() => undefined)
          await setServerClock(suite.server.base, null).catch(() => undefined)
        }
        assert.deepEqual(errors, [], 'no console.error and no page error')
      })
    },
  }
  return suite
}
