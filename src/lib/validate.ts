/** Inline form validation (the server validates again; these only help the family fix input early). */
import { ageInMonths } from './time'

export const PHONE_RE = /^1[3-9]\d{9}$/

export interface GuardianDraft {
  name: string
  phone: string
  relation: string
}
export interface ChildDraft {
  name: string
  gender: '' | 'M' | 'F'
  birthDate: string
}
export interface PickupDraft {
  name: string
  relation: string
  phone: string
}

export type Errors<T> = Partial<Record<keyof T, string>>

export function validateName(name: string, who: string): string | undefined {
  const v = name.trim()
  if (!v) return `请填写${who}姓名`
  if (v.length > 20) return `${who}姓名不能超过 20 个字`
  if (/[0-9<>]/.test(v)) return `${who}姓名不能包含数字或符号`
  return undefined
}

export function validatePhone(phone: string, required = true): string | undefined {
  const v = phone.trim()
  if (!v) return required ? '请填写手机号' : undefined
  if (!PHONE_RE.test(v)) return '请填写 11 位手机号，以 13～19 开头'
  return undefined
}

export function validateGuardian(g: GuardianDraft): Errors<GuardianDraft> {
  const e: Errors<GuardianDraft> = {}
  const name = validateName(g.name, '监护人')
  if (name) e.name = name
  const phone = validatePhone(g.phone)
  if (phone) e.phone = phone
  if (!g.relation) e.relation = '请选择与孩子的关系'
  return e
}

export function validateChild(c: ChildDraft, today: string): Errors<ChildDraft> {
  const e: Errors<ChildDraft> = {}
  const name = validateName(c.name, '孩子')
  if (name) e.name = name
  if (!c.gender) e.gender = '请选择性别'
  if (!c.birthDate) e.birthDate = '请选择出生日期'
  else if (c.birthDate > today) e.birthDate = '出生日期不能晚于今天'
  else if (ageInMonths(c.birthDate, today) >= 72) e.birthDate = '仅可登记 6 岁以下的孩子'
  return e
}

export function validatePickup(p: PickupDraft): Errors<PickupDraft> {
  const e: Errors<PickupDraft> = {}
  const name = validateName(p.name, '接送人')
  if (name) e.name = name
  if (!p.relation) e.relation = '请选择与孩子的关系'
  const phone = validatePhone(p.phone, false)
  if (phone) e.phone = phone
  return e
}

export function hasErrors(e: object): boolean {
  return Object.values(e).some(Boolean)
}
