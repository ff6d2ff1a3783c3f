/** Reusable zod pieces for the action schemas (each function's actions.ts composes them). */
import { z } from 'zod';
import { nameProblem } from './rules/names';
import { SERVICE_KINDS } from '../shared/contract';
import { isValidDate, isValidHhmm } from './time';

export const id = z.string().min(1).max(64);
export const shortText = (max: number) => z.string().trim().min(1).max(max);
/** Every name field (guardian, child, pickup, staff, site, community) uses this one rule: rules/names.ts. */
export const name = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((v, ctx) => {
      const problem = nameProblem(v);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `名字${problem}` });
    });
export const date = z.string().refine(isValidDate, '日期格式应为 YYYY-MM-DD');
export const hhmm = z.string().refine(isValidHhmm, '时间格式应为 HH:mm');
export const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId 应为 8–64 位字母、数字、_ 或 -');
export const phone = z.string().regex(/^1[3-9]\d{9}$/, '请输入正确的手机号');
export const gender = z.enum(['M', 'F']);
export const empty = z
  .object({})
  .passthrough()
  .transform(() => ({}));

export const guardianInput = z.object({ name: name(20), phone, relation: name(10) });
export const childInput = z.object({ name: name(20), gender, birthDate: date });
export const pickup = z.object({ name: name(20), relation: name(10), phone: phone.optional() });
/** An instant as ISO-8601 with a time zone (Z or ±hh:mm), e.g. a phone's time of an offline action. */
export const isoInstant = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, '时间格式应为 ISO-8601（带时区）')
  .refine((v) => !Number.isNaN(Date.parse(v)) && isValidDate(v.slice(0, 10)), '时间不存在');

/**
 * Free text a resident or staff member writes (suggestions, replies, comments, rating tags): trimmed,
 * min–max characters, the name rule's characters (rules/names.ts) except that line breaks are allowed.
 */
export const plainText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .superRefine((v, ctx) => {
      const problem = nameProblem(v.replace(/\r?\n/g, ' '));
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `文字${problem}` });
    });
export const serviceKind = z.enum(SERVICE_KINDS);
