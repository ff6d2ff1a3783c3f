/** The app secret signs dev tokens and check-in codes; kept in the database so every process/instance shares it. */
import { randomBytes } from 'crypto';
import { StoreError, type Store } from '../store/port';

export async function appSecret(store: Store, preset?: string): Promise<string> {
  const existing = await store.get<{ _id: string; value: string }>('meta', 'secret');
  if (existing) return existing.value;
  try {
    await store.create('meta', { _id: 'secret', value: preset || randomBytes(32).toString('hex') });
  } catch (e) {
    if (!(e instanceof StoreError && e.kind === 'EXISTS')) throw e;
  }
  return (await store.get<{ _id: string; value: string }>('meta', 'secret'))!.value;
}
