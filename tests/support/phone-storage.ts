import type { KV } from '../../src/worker/offline/queue';

/**
 * Storage as the phone keeps it (Taro storage): values survive only as JSON, so a queue or roster that
 * kept a Date, a Map or a shared reference would be caught. `data` is the raw stored text, by key.
 */
export class JsonKV implements KV {
  readonly data = new Map<string, string>();
  get(key: string) {
    const v = this.data.get(key);
    return v === undefined ? '' : JSON.parse(v);
  }
  set(key: string, value: unknown) {
    this.data.set(key, JSON.stringify(value));
  }
  remove(key: string) {
    this.data.delete(key);
  }
}
