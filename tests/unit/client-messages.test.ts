import { FALLBACK_MESSAGES } from '../../src/api/errors';
import { DEFAULT_MESSAGES, ErrorCode } from '../../cloudfunctions/shared/errors';

// The Taro build transpiles only src/, so the client keeps its own copy of the server's Chinese
// defaults; this keeps the two from drifting apart.
it("the client falls back to exactly the server's message for every contract error code", () => {
  for (const code of Object.values(ErrorCode)) expect(FALLBACK_MESSAGES[code]).toBe(DEFAULT_MESSAGES[code]);
});
