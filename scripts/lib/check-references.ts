/**
 * Walks the cross-body references of a running hub through the graph and lists every dangling one:
 * a record in one body naming a record of another body (a staff member, a person, a unit, a stationed
 * group, an inspection team, a clue transfer, …) that the owning body does not have. Every read goes
 * through the gateway, as a leader; no database is opened.
 */

export type Query = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data?: any; errors?: readonly { message: string; path?: readonly (string | number)[] }[] }>;

export type Target =
  | 'Staff'
  | 'Person'
  | 'Unit'
  | 'StationedGroup'
  | 'Department'
  | 'CollaborationZone'
  | 'InspectionRound'
  | 'InspectionTeam'
  | 'ClueTransfer'
  | 'RectificationItem';

/** One reference that points at nothing. */
export interface DanglingReference {
  /** The referring record: type, id and field, e.g. `InspectionTeamMember 8ef3…/staffId`. */
  from: string;
  target: Target;
  id: string;
}

export interface ReferenceReport {
  /** References checked, per kind of reference. */
  checked: Record<string, number>;
  dangling: DanglingReference[];
}

async function ask(query: Query, text: string, variables?: Record<string, unknown>) {
  const response = await query(text, variables);
  if (response.errors?.length || !response.data) {
    const first = response.errors?.[0];
    throw new Error(`查询失败 — query failed: ${first?.message ?? 'no data'}${first?.path ? ` at ${first.path.join('.')}` : ''}`);
  }
  return response.data;
}

/** Every node of a connection field, page by page (100 a page). */
async function allNodes<T>(query: Query, field: string, selection: string): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const data = await ask(
      query,
      `query($after: String) { ${field}(first: 100, after: $after) { edges { node { ${selection} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const page = data[field];
    nodes.push(...page.edges.map((edge: { node: T }) => edge.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

interface Reference {
  kind: string;
  from: string;
  target: Target;
  id: string | null | undefined;
}

/** The records each body owns, as the graph lists them. */
async function existing(query: Query): Promise<Record<Target, Set<string>>> {
  const [staff, departments, zones, groups, persons, units, rounds, transfers, items] = await Promise.all([
    allNodes<{ id: string }>(query, 'staff', 'id'),
    allNodes<{ id: string }>(query, 'departments', 'id'),
    allNodes<{ id: string }>(query, 'collaborationZones', 'id'),
    allNodes<{ id: string }>(query, 'stationedGroups', 'id'),
    allNodes<{ id: string }>(query, 'persons', 'id'),
    allNodes<{ code: string }>(query, 'units', 'code'),
    allNodes<{ id: string; teams: { id: string }[] }>(query, 'inspectionRounds', 'id teams { id }'),
    allNodes<{ id: string }>(query, 'clueTransfers', 'id'),
    allNodes<{ id: string }>(query, 'rectificationItems', 'id'),
  ]);
  const ids = (rows: { id: string }[]) => new Set(rows.map((row) => row.id));
  return {
    Staff: ids(staff),
    Department: ids(departments),
    CollaborationZone: ids(zones),
    StationedGroup: ids(groups),
    Person: ids(persons),
    Unit: new Set(units.map((u) => u.code)),
    InspectionRound: ids(rounds),
    InspectionTeam: new Set(rounds.flatMap((r) => r.teams.map((t) => t.id))),
    ClueTransfer: ids(transfers),
    RectificationItem: ids(items),
  };
}

/** The cross-body references each body holds. */
async function references(query: Query): Promise<Reference[]> {
  const refs: Reference[] = [];
  const add = (kind: string, from: string, target: Target, id: string | null | undefined) => refs.push({ kind, from, target, id });

  // inspection → discipline (staff, persons, departments, zones), stationed (groups)
  const rounds = await allNodes<any>(
    query,
    'inspectionRounds',
    'id teams { id members { staffId homeBodyKind homeBodyId } formerMembers { staffId homeBodyKind homeBodyId } }',
  );
  for (const round of rounds) {
    for (const team of round.teams) {
      for (const m of [...team.members, ...team.formerMembers]) {
        add('InspectionTeamMember.staff', `InspectionTeamMember ${team.id}/${m.staffId}`, 'Staff', m.staffId);
        if (m.homeBodyKind === 'STATIONED_GROUP')
          add('InspectionTeamMember.homeBody', `InspectionTeamMember ${team.id}/${m.staffId}`, 'StationedGroup', m.homeBodyId);
        if (m.homeBodyKind === 'COMMISSION_DEPARTMENT')
          add('InspectionTeamMember.homeBody', `InspectionTeamMember ${team.id}/${m.staffId}`, 'Department', m.homeBodyId);
      }
    }
  }
  for (const inspection of await allNodes<any>(
    query,
    'inspections',
    'id briefings { id stationedGroupId briefedByStaffId } feedbackMeeting { id attendees { staff { id } person { id } } }',
  )) {
    for (const b of inspection.briefings) {
      add('Briefing.briefedBy', `Briefing ${b.id}`, 'Staff', b.briefedByStaffId);
      if (b.stationedGroupId) add('Briefing.stationedGroup', `Briefing ${b.id}`, 'StationedGroup', b.stationedGroupId);
    }
    for (const a of inspection.feedbackMeeting?.attendees ?? []) {
      if (a.staff) add('FeedbackMeetingAttendee.staff', `FeedbackMeeting ${inspection.feedbackMeeting.id}`, 'Staff', a.staff.id);
      if (a.person) add('FeedbackMeetingAttendee.person', `FeedbackMeeting ${inspection.feedbackMeeting.id}`, 'Person', a.person.id);
    }
  }
  for (const f of await allNodes<any>(query, 'inspectionFindings', 'id namedPersons { id }')) {
    for (const p of f.namedPersons) add('Finding.namedPersons', `Finding ${f.id}`, 'Person', p.id);
  }
  const receiver = { DEPARTMENT: 'Department', STATIONED_GROUP: 'StationedGroup', COLLABORATION_ZONE: 'CollaborationZone' } as const;
  for (const t of await allNodes<any>(query, 'clueTransfers', 'id receiverKind receiverId')) {
    add('ClueTransfer.receiver', `ClueTransfer ${t.id}`, receiver[t.receiverKind as keyof typeof receiver], t.receiverId);
  }
  for (const item of await allNodes<any>(query, 'rectificationItems', 'id responsiblePerson { id }')) {
    add('RectificationItem.responsiblePerson', `RectificationItem ${item.id}`, 'Person', item.responsiblePerson.id);
  }

  // discipline → inspection (units, transfers, rectification items), stationed (groups)
  for (const p of await allNodes<any>(query, 'persons', 'id unitCode')) if (p.unitCode) add('Person.unit', `Person ${p.id}`, 'Unit', p.unitCode);
  for (const p of await allNodes<any>(query, 'petitions', 'id subjectUnitCode'))
    if (p.subjectUnitCode) add('Petition.subjectUnit', `Petition ${p.id}`, 'Unit', p.subjectUnitCode);
  for (const c of await allNodes<any>(query, 'clues', 'id clueTransferId handlerStationedGroupId subjectUnitCode')) {
    if (c.clueTransferId) add('Clue.clueTransfer', `Clue ${c.id}`, 'ClueTransfer', c.clueTransferId);
    if (c.handlerStationedGroupId) add('Clue.handlerStationedGroup', `Clue ${c.id}`, 'StationedGroup', c.handlerStationedGroupId);
    if (c.subjectUnitCode) add('Clue.subjectUnit', `Clue ${c.id}`, 'Unit', c.subjectUnitCode);
  }
  for (const d of await allNodes<any>(query, 'accountabilityDecisions', 'id rectificationItemId unit { code }')) {
    if (d.rectificationItemId) add('AccountabilityDecision.rectificationItem', `AccountabilityDecision ${d.id}`, 'RectificationItem', d.rectificationItemId);
    if (d.unit) add('AccountabilityDecision.unit', `AccountabilityDecision ${d.id}`, 'Unit', d.unit.code);
  }
  const recipient = { DEPARTMENT: 'Department', STATIONED_GROUP: 'StationedGroup', INSPECTION_TEAM: 'InspectionTeam' } as const;
  for (const b of await allNodes<any>(query, 'bulletins', 'id recipients { kind targetId }')) {
    for (const r of b.recipients)
      if (r.kind in recipient) add('Bulletin.recipients', `Bulletin ${b.id}`, recipient[r.kind as keyof typeof recipient], r.targetId);
  }
  for (const s of await allNodes<any>(query, 'specialInspections', 'id checks { id unit { code } }')) {
    for (const c of s.checks) add('SpecialInspectionCheck.unit', `SpecialInspectionCheck ${c.id}`, 'Unit', c.unit.code);
  }

  // stationed → discipline (staff, persons), inspection (units, rounds, teams)
  const groups = await allNodes<any>(
    query,
    'stationedGroups',
    'id coverageHistory { unit { code } startOn } members(includeFormer: true) { staff { id } startOn }',
  );
  for (const g of groups) {
    for (const c of g.coverageHistory) add('StationedCoverage.unit', `StationedCoverage ${g.id}/${c.startOn}`, 'Unit', c.unit.code);
    for (const m of g.members) add('StationedGroupMember.staff', `StationedGroupMember ${g.id}/${m.startOn}`, 'Staff', m.staff.id);
  }
  for (const a of await allNodes<any>(query, 'supervisionActivities', 'id unit { code } persons { id }')) {
    add('SupervisionActivity.unit', `SupervisionActivity ${a.id}`, 'Unit', a.unit.code);
    for (const p of a.persons) add('SupervisionActivity.persons', `SupervisionActivity ${a.id}`, 'Person', p.id);
  }
  for (const e of await allNodes<any>(query, 'escalations', 'id inspectionRoundId inspectionTeamId unit { code }')) {
    if (e.inspectionRoundId) add('Escalation.inspectionRound', `Escalation ${e.id}`, 'InspectionRound', e.inspectionRoundId);
    if (e.inspectionTeamId) add('Escalation.inspectionTeam', `Escalation ${e.id}`, 'InspectionTeam', e.inspectionTeamId);
    add('Escalation.unit', `Escalation ${e.id}`, 'Unit', e.unit.code);
  }
  for (const a of await allNodes<any>(query, 'staffAssignments', 'id staff { id } inspectionTeamId')) {
    add('StaffAssignment.staff', `StaffAssignment ${a.id}`, 'Staff', a.staff.id);
    if (a.inspectionTeamId) add('StaffAssignment.inspectionTeam', `StaffAssignment ${a.id}`, 'InspectionTeam', a.inspectionTeamId);
  }
  return refs;
}

/** Checks every cross-body reference of the hub behind `query` (which must act as a leader). */
export async function checkReferences(query: Query): Promise<ReferenceReport> {
  const [known, refs] = await Promise.all([existing(query), references(query)]);
  const checked: Record<string, number> = {};
  const dangling: DanglingReference[] = [];
  for (const ref of refs) {
    checked[ref.kind] = (checked[ref.kind] ?? 0) + 1;
    if (ref.id == null || !known[ref.target].has(ref.id)) dangling.push({ from: ref.from, target: ref.target, id: String(ref.id) });
  }
  return { checked, dangling };
}
