/**
 * The one loader for compiled-output tests: runs the BUILT weapp app (dist/weapp) in
 * miniprogram-simulate. app.js is required with App()/getApp() stand-ins; each page's Page() is mapped
 * onto Component() (attached → onLoad(query) with no second argument, then onShow/onReady); WXML is
 * compiled by WeChat's own wcc (miniprogram-compiler) so Taro's template tree renders as in WeChat.
 * The network seam is mocked where the gateway meets WeChat: wx.cloud.callFunction.
 */
import path from 'node:path'
import { ROOT } from './build'

export const WEAPP = path.join(ROOT, 'dist', 'weapp')

type Handler = (params: Record<string, any>) => unknown
export type CloudHandlers = Record<string, Handler | object>
export interface CloudCall {
  name: string
  action: string
  params: Record<string, any>
}

export class Refusal {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}
export function refuse(code: string, message: string): never {
  throw new Refusal(code, message)
}

export interface Booted {
  cloudCalls: CloudCall[]
  storage: Map<string, unknown>
  toasts: Array<Record<string, unknown>>
  navigations: string[]
  /** Load, render and attach one page (each page at most once per test file). */
  openPage(route: string, query?: Record<string, string>): Promise<PageHandle>
}

export interface PageHandle {
  root: HTMLElement
  text(): string
  tap(text: string): Promise<void>
  waitForText(text: string, timeoutMs?: number): Promise<void>
  data(): any
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Boot the built app once per test file (webpack chunks install once per module registry). */
export function bootApp(handlers: CloudHandlers): Booted {
  const simulate = require('miniprogram-simulate')
  const g = global as any
  const cloudCalls: CloudCall[] = []
  const storage = new Map<string, unknown>()
  const toasts: Array<Record<string, unknown>> = []
  const navigations: string[] = []

  const ok = (res: unknown, opts: any) => {
    opts?.success?.(res)
    opts?.complete?.(res)
    return Promise.resolve(res)
  }
  Object.assign(g.wx, {
    cloud: {
      init: jest.fn(),
      callFunction: jest.fn(async ({ name, data }: { name: string; data: Record<string, any> }) => {
        const { action, ...params } = data
        cloudCalls.push({ name, action, params })
        const h = handlers[`${name}.${action}`]
        if (h === undefined) return { result: { ok: false, error: { code: 'NOT_FOUND', message: `未模拟 ${name}.${action}` } } }
        try {
          const out = typeof h === 'function' ? await (h as Handler)(params) : h
          return { result: { ok: true, data: out } }
        } catch (e) {
          if (e instanceof Refusal) return { result: { ok: false, error: { code: e.code, message: e.message } } }
          throw e
        }
      }),
    },
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    showToast: (o: Record<string, unknown>) => {
      toasts.push(o)
      return ok({}, o)
    },
    showModal: (o: any) => ok({ confirm: true, cancel: false }, o),
    showActionSheet: (o: any) => ok({ tapIndex: 0 }, o),
    navigateTo: (o: any) => {
      navigations.push(o.url)
      return ok({}, o)
    },
    redirectTo: (o: any) => {
      navigations.push(o.url)
      return ok({}, o)
    },
    reLaunch: (o: any) => {
      navigations.push(o.url)
      return ok({}, o)
    },
    stopPullDownRefresh: () => undefined,
    getLaunchOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
  })

  let app: any
  g.App = (config: any) => {
    app = config
  }
  g.getApp = () => app
  let current: any = null
  g.getCurrentPages = () => (current ? [current] : [])
  require(path.join(WEAPP, 'app.js'))
  if (!app) throw new Error('dist/weapp/app.js did not call App()')
  const launch = { path: 'pages/index/index', query: {}, scene: 1001 }
  app.onLaunch?.call(app, launch)
  app.onShow?.call(app, launch)

  return {
    cloudCalls,
    storage,
    toasts,
    navigations,
    async openPage(route, query = {}) {
      g.Page = (options: Record<string, any>) => {
        const methods: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(options)) if (typeof v === 'function') methods[k] = v
        g.Component({
          data: options.data,
          methods,
          lifetimes: {
            attached(this: any) {
              this.route = route
              this.__route__ = route
              this.options = query
              current = this
              this.onLoad({ ...query }) // never a second argument: Taro reads it as a callback
            },
            ready(this: any) {
              this.onShow()
              this.onReady()
            },
          },
        })
      }
      const id = simulate.load(path.join(WEAPP, route), {
        compiler: 'official',
        rootPath: WEAPP,
        compilerOptions: { maxBuffer: 64 * 1024 * 1024 },
      })
      const comp = simulate.render(id)
      const parent = document.createElement('div')
      document.body.appendChild(parent)
      comp.attach(parent)
      await sleep(0)

      const handle: PageHandle = {
        root: parent,
        text: () => parent.textContent || '',
        data: () => comp.data,
        async waitForText(text, timeoutMs = 3000) {
          const until = Date.now() + timeoutMs
          while (!(parent.textContent || '').includes(text)) {
            if (Date.now() > until) throw new Error(`"${text}" did not appear; page shows: ${parent.textContent}`)
            await sleep(20)
          }
        },
        async tap(text) {
          await handle.waitForText(text)
          const all = Array.from(parent.querySelectorAll<HTMLElement>('[data-sid]'))
          // the innermost element whose own text is exactly `text`, then its nearest tappable ancestor
          const hit = all.filter((el) => (el.textContent || '').trim() === text).pop()
          if (!hit) throw new Error(`nothing shows exactly "${text}"`)
          const target = (hit.closest('wx-button') as HTMLElement) || hit
          const sid = target.getAttribute('data-sid')
          const node = comp.querySelector(`#${sid}`)
          if (!node) throw new Error(`no node #${sid}`)
          node.dispatchEvent('tap')
          await sleep(0)
        },
      }
      return handle
    },
  }
}
