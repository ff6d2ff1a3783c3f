/** docs/contract.md documents every deployed action, and only those (see docs/changes.md). */
import { readFileSync } from 'fs';
import { join } from 'path';
import { DEPLOYED_ACTIONS } from '../../cloudfunctions/core/functions';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'contract.md'), 'utf8');
const documented = [...doc.matchAll(/^\| `(\w+\.\w+)` *\|/gm)].map((m) => m[1]);

describe('docs/contract.md', () => {
  it('has one row per deployed action', () => {
    expect(DEPLOYED_ACTIONS.filter((a) => !documented.includes(a))).toEqual([]);
    expect(documented.filter((a) => !(DEPLOYED_ACTIONS as string[]).includes(a))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });
});
