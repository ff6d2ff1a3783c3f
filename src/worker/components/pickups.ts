import type { RosterEntry } from '../../../cloudfunctions/shared/contract'

/** Authorised pickup choices for a roster entry: guardians, then the family's pickups (deduplicated). */
export function pickupChoices(e: RosterEntry): Array<{ name: string; label: string }> {
  const out: Array<{ name: string; label: string }> = []
  const add = (name: string, relation?: string) => {
    if (name && !out.some((o) => o.name === name)) out.push({ name, label: relation ? `${name}（${relation}）` : name })
  }
  ;(e.guardians && e.guardians.length ? e.guardians : [{ name: e.guardian.name, relation: '监护人' }]).forEach((g) =>
    add(g.name, g.relation),
  )
  ;(e.pickups || []).forEach((p) => add(p.name, p.relation))
  return out
}
