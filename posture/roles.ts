// Who may do what: roles come from configuration, matched against the Teams
// user's Entra object id, UPN/e-mail, or group membership. Pure.

export type Role = 'soc' | 'leader' | 'admin';
export const ROLE_NAMES: Record<Role, string> = { soc: 'SOC analyst', leader: 'leader', admin: 'admin' };

export interface Person {
  /** Entra object id (aadObjectId in Teams), when known. */
  objectId: string | null;
  /** UPN or e-mail, when known. */
  upn: string | null;
  /** Entra group ids the person belongs to, when known. */
  groups?: readonly string[];
}

export interface RoleTable {
  soc: readonly string[];
  leaders: readonly string[];
  admins: readonly string[];
}

function matches(member: string, person: Person): boolean {
  const m = member.toLowerCase();
  if (m.startsWith('group:')) return (person.groups ?? []).some((g) => g.toLowerCase() === m.slice(6));
  return m === person.objectId?.toLowerCase() || m === person.upn?.toLowerCase();
}

export function rolesOf(person: Person, table: RoleTable): Role[] {
  const roles: Role[] = [];
  if (table.soc.some((m) => matches(m, person))) roles.push('soc');
  if (table.leaders.some((m) => matches(m, person))) roles.push('leader');
  if (table.admins.some((m) => matches(m, person))) roles.push('admin');
  return roles;
}
