/**
 * The thin-handler machinery shared by every cloud function: validate the event with zod, require an
 * identity, call one service method, and turn the result or error into the contract's envelope.
 * Identity is passed in by the caller of `dispatch` (WeChat context or the local dev token), never
 * read from the payload.
 */
import { z, ZodError, type ZodTypeAny } from 'zod';
import type { ActionName, Data, FunctionName } from '../shared/contract';
import { AppError, DEFAULT_MESSAGES, ErrorCode, type Envelope } from '../shared/errors';
import { StoreError } from '../store/port';
import type { Services } from './services';

export interface Caller {
  /** The caller's openid, or null when unauthenticated. */
  openid: string | null;
}

export interface ActionContext<I> {
  openid: string;
  input: I;
  services: Services;
}

export interface ActionDef<S extends ZodTypeAny = ZodTypeAny, D = unknown> {
  input: S;
  /** Defaults to true: the action needs an identity. */
  auth?: boolean;
  run(ctx: ActionContext<z.infer<S>>): Promise<D>;
}

/**
 * The action table of cloud function F: exactly the actions the contract lists for F, each answering
 * the contract's data (see docs/contract.md). A missing or extra action, or a wrong answer, does not compile.
 */
export type ActionTable<F extends FunctionName> = { [A in ActionName<F>]: ActionDef<ZodTypeAny, Data<F, A>> };

/** Any function's table, as the dispatcher sees it. */
export type AnyActionTable = Record<string, ActionDef<ZodTypeAny, object>>;

/** Helps TypeScript infer each action's input type from its schema. */
export function action<S extends ZodTypeAny, D>(def: ActionDef<S, D>): ActionDef<S, D> {
  return def;
}

const zodMessage = (err: ZodError) => {
  const first = err.issues[0];
  const path = first?.path.join('.') || '请求';
  return `参数 ${path} 不正确`;
};

export function toErrorEnvelope(err: unknown, log?: (m: string, e?: unknown) => void): Envelope<never> {
  if (err instanceof AppError) {
    return { ok: false, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  }
  if (err instanceof StoreError && err.kind === 'BUSY') {
    return { ok: false, error: { code: ErrorCode.BUSY, message: DEFAULT_MESSAGES.BUSY } };
  }
  (log ?? console.error)('internal error', err);
  return { ok: false, error: { code: ErrorCode.INTERNAL, message: DEFAULT_MESSAGES.INTERNAL } };
}

export async function dispatch(
  table: AnyActionTable,
  event: unknown,
  caller: Caller,
  services: Services,
  log?: (m: string, e?: unknown) => void,
): Promise<Envelope<object>> {
  try {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      throw new AppError(ErrorCode.INVALID_ARGUMENT, '请求内容必须是 JSON 对象');
    }
    const { action: name, ...params } = event as Record<string, unknown>;
    if (typeof name !== 'string' || name.length === 0) {
      throw new AppError(ErrorCode.INVALID_ARGUMENT, '缺少 action 参数');
    }
    const def = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (!def) throw new AppError(ErrorCode.NOT_FOUND, `没有这个操作：${name.slice(0, 40)}`);
    if (def.auth !== false && !caller.openid) throw new AppError(ErrorCode.UNAUTHENTICATED);
    const parsed = def.input.safeParse(params);
    if (!parsed.success) {
      throw new AppError(ErrorCode.INVALID_ARGUMENT, zodMessage(parsed.error), {
        issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const data = await def.run({ openid: caller.openid ?? '', input: parsed.data, services });
    return { ok: true, data };
  } catch (err) {
    return toErrorEnvelope(err, log);
  }
}
