/**
 * One rule for every name a person types (guardian, child, pickup person, staff, site, community):
 * trimmed; no control characters, no bidi controls (U+202E would turn "gnp.exe" into "exe.png" on a
 * roster), no zero-width or other invisible format characters, no line separators and no lone UTF-16
 * surrogates; and at least one visible character (letter, digit, punctuation or symbol).
 */

/** Control (Cc), format (Cf: zero-width, bidi, BOM, soft hyphen), surrogate (Cs), line/paragraph separators. */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** Why `name` (already trimmed) is refused, or null when it is acceptable. */
export function nameProblem(name: string): string | null {
  if (FORBIDDEN.test(name)) return '不能包含控制字符、不可见字符或文字方向控制字符';
  if (!VISIBLE.test(name)) return '至少要有一个看得见的字';
  return null;
}

export const isValidName = (name: string): boolean => nameProblem(name) === null;
