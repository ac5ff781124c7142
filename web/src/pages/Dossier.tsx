import { enumLabel, UnitDossierDocument, type UnitDossierQuery, type UnitDossierQueryVariables } from '@hub/client';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import type { CombinedError } from 'urql';
import { useClient } from 'urql';
import { barOption, Chart } from '../Chart.tsx';
import { chineseDate, todayInShanghai } from '../format.ts';
import { getPurpose, ROLE_LABELS, setPurpose } from '../session.ts';

type Unit = NonNullable<UnitDossierQuery['unit']>;
type Switch = 'withPlan' | 'withInspectionRecords' | 'withCounts' | 'withCaseRecords' | 'withStationedRecords';
const SWITCHES: Switch[] = ['withPlan', 'withInspectionRecords', 'withCounts', 'withCaseRecords', 'withStationedRecords'];

/** Who may read each part (DESIGN §6); shown where a part is withheld. */
const RULES: Record<Switch, string> = {
  withPlan: '历次巡察：巡察机构、委领导、向巡察组通报情况的部门及派驻纪检组可查看',
  withInspectionRecords: '巡察发现问题、整改与巡察信号：巡察干部、委领导可查看',
  withCounts: '信访、线索、案件、处分数量及纪律监督信号：相关职能部门、委领导、统计分析人员，以及自巡前准备起至本轮结束正在巡察该单位的巡察组可查看',
  withCaseRecords: '涉及个人的线索、案件、处分内容：承办部门、案件监督管理室、委领导可查看',
  withStationedRecords: '派驻日常监督记录与派驻信号：监督该单位的派驻纪检组、委领导，以及进驻至移交阶段正在巡察该单位的巡察组可查看',
};

/** The fields each switch brings (to tell which switch a FORBIDDEN error path belongs to). */
const FIELDS: Record<Switch, string[]> = {
  withPlan: ['inspections'],
  withInspectionRecords: ['inspectionFindings', 'rectificationStatus', 'overdueRectificationItems', 'inspectionSignals'],
  withCounts: ['petitionSummary', 'clueSummary', 'caseSummary', 'sanctionSummary', 'disciplineSignals'],
  withCaseRecords: ['clues', 'cases', 'sanctions'],
  withStationedRecords: ['supervisionActivities', 'openSupervisionIssues', 'stationedEscalations', 'stationedSignals'],
};

interface Refusal {
  rule: string;
  message: string;
}

interface Loaded {
  unit: Unit | null;
  refused: Partial<Record<Switch, Refusal>>;
  notFound: boolean;
}

type GraphQLErrorLike = CombinedError['graphQLErrors'][number];
const isForbidden = (e: GraphQLErrorLike) => e.extensions?.code === 'FORBIDDEN';

/** The section a refusal of one of the unit's own parts belongs to (`unit.<field>`); deeper refusals (a signal's evidence) leave the section shown. */
function switchOf(error: GraphQLErrorLike): Switch | null {
  const path = error.path ?? [];
  if (path.length !== 2 || typeof path[1] !== 'string') return null;
  const field = path[1];
  for (const s of SWITCHES) if (FIELDS[s].includes(field)) return s;
  return null;
}

/**
 * Reads the dossier in one request. Every role runs the same query (DESIGN §6 need-to-know): a part
 * the role may not read comes back null with one FORBIDDEN error naming its path and rule, and the
 * unit with its other parts stands. Refusals of the unit's own parts are shown per section; a
 * sub-unit's refused parts simply stay empty.
 */
async function loadDossier(client: ReturnType<typeof useClient>, base: UnitDossierQueryVariables): Promise<Loaded> {
  const answer = await client.query(UnitDossierDocument, base, { requestPolicy: 'network-only' }).toPromise();
  if (answer.error?.networkError) throw answer.error;
  const errors = answer.error?.graphQLErrors ?? [];
  if (!answer.data?.unit) {
    if (answer.error) throw answer.error;
    return { unit: null, refused: {}, notFound: true };
  }
  const refused: Loaded['refused'] = {};
  for (const e of errors.filter(isForbidden)) {
    const s = switchOf(e);
    if (s && !refused[s]) refused[s] = { rule: RULES[s], message: e.message };
  }
  return { unit: answer.data.unit, refused, notFound: false };
}

const PURPOSES = ['巡前通报准备', '案件审查调查', '日常监督', '统计分析'];

function PurposeForm({ onDone }: { onDone: (purpose: string) => void }) {
  const [value, setValue] = useState(PURPOSES[0]!);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onDone(value.trim());
  };
  return (
    <form className="purpose" onSubmit={submit} aria-label="访问事由">
      <h2>访问事由</h2>
      <p className="hint">查看单位卷宗涉及敏感信息，请说明访问事由。事由随每次查询发送并记入各子图的审计日志；本次登录期间只需填写一次。</p>
      <input name="purpose" list="purposes" value={value} onChange={(e) => setValue(e.target.value)} maxLength={200} />
      <datalist id="purposes">
        {PURPOSES.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <button type="submit">确定</button>
    </form>
  );
}

function Withheld({ refusal, title }: { refusal: Refusal; title: string }) {
  return (
    <div className="withheld" data-withheld={title}>
      <strong>无权查看</strong>
      <span>{refusal.rule}</span>
      <small>{refusal.message}</small>
    </div>
  );
}

function Section({ id, title, refusal, children }: { id: string; title: string; refusal?: Refusal | undefined; children?: ReactNode }) {
  return (
    <section className="dossier-section" id={id} data-section={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {refusal ? <Withheld refusal={refusal} title={title} /> : children}
    </section>
  );
}

function Empty() {
  return <p className="empty">无记录</p>;
}

/** One page of a list that grows with the years (a connection); null when refused or not asked for. */
interface Listed<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean };
  edges: { node: N | null }[];
}

/** The records of a page, without those withheld from the caller. */
function nodes<N>(list: Listed<N> | null | undefined): N[] {
  return (list?.edges ?? []).flatMap(({ node }) => (node ? [node] : []));
}

/** Tells the reader that a list shows its first page only (the dossier asks for `pageSize` records of each). */
function More({ list, unit }: { list: Listed<unknown> | null | undefined; unit: string }) {
  if (!list?.pageInfo.hasNextPage) return null;
  return (
    <p className="muted more">
      共 {list.totalCount} {unit}，此处列出 {list.edges.length} {unit}
    </p>
  );
}

interface TimelineEvent {
  date: string;
  body: '巡察' | '纪律监察' | '派驻' | '专项检查';
  text: string;
  anchor?: string;
}

function timelineOf(unit: Unit): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const i of nodes(unit.inspections))
    if (i.round) events.push({ date: `${i.round.year}`, body: '巡察', text: `${i.round.name}：${i.team?.name ?? '巡察组'}巡察本单位` });
  for (const f of nodes(unit.inspectionFindings))
    events.push({ date: f.recordedOn, body: '巡察', text: `发现问题（${enumLabel('FindingCategory', f.category)}）`, anchor: `finding-${f.id}` });
  if (unit.rectificationStatus) events.push({ date: unit.rectificationStatus.reportDueOn, body: '巡察', text: '整改报告期限' });
  for (const c of nodes(unit.clues)) {
    events.push({ date: c.receivedOn, body: '纪律监察', text: `受理问题线索（${enumLabel('ClueSource', c.source)}）`, anchor: `clue-${c.id}` });
    if (c.disposedOn)
      events.push({ date: c.disposedOn, body: '纪律监察', text: `线索处置：${enumLabel('DisposalMethod', c.disposalMethod)}`, anchor: `clue-${c.id}` });
  }
  for (const c of nodes(unit.cases)) {
    events.push({ date: c.filedOn, body: '纪律监察', text: '立案', anchor: `case-${c.id}` });
    if (c.closedOn) events.push({ date: c.closedOn, body: '纪律监察', text: '结案', anchor: `case-${c.id}` });
  }
  for (const s of nodes(unit.sanctions))
    events.push({ date: s.decidedOn, body: '纪律监察', text: `处分：${enumLabel('SanctionType', s.type)}`, anchor: `sanction-${s.id}` });
  if (unit.petitionSummary) {
    const byYear = new Map<number, number>();
    for (const p of unit.petitionSummary) byYear.set(p.year, (byYear.get(p.year) ?? 0) + p.count);
    for (const [year, count] of byYear) events.push({ date: `${year}`, body: '纪律监察', text: `全年收到信访举报 ${count} 件` });
  }
  for (const s of nodes(unit.specialInspections)) events.push({ date: s.startedOn, body: '专项检查', text: s.theme, anchor: `special-${s.id}` });
  for (const node of nodes(unit.supervisionActivities))
    events.push({ date: node.heldOn, body: '派驻', text: enumLabel('SupervisionActivityKind', node.kind), anchor: `activity-${node.id}` });
  for (const i of nodes(unit.openSupervisionIssues))
    events.push({ date: i.foundOn, body: '派驻', text: `发现问题：${i.description}`, anchor: `issue-${i.id}` });
  for (const e of nodes(unit.stationedEscalations))
    events.push({ date: e.escalatedOn, body: '派驻', text: `移交巡察：${e.summary}`, anchor: `escalation-${e.id}` });
  return events.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** Evidence ids shown as links to the records on this page (or as ids when the record is not listed). */
function EvidenceLinks({ ids, prefixes }: { ids: readonly string[] | null | undefined; prefixes: string[] }) {
  if (!ids) return <span className="muted">（依据记录仅对有权查看者列出）</span>;
  return (
    <span className="evidence">
      {ids.map((id, i) => {
        const target = prefixes.map((p) => `${p}-${id}`).find((anchor) => document.getElementById(anchor));
        return target ? (
          <a
            key={id}
            href={`#${target}`}
            onClick={(e) => {
              e.preventDefault();
              document.getElementById(target)?.scrollIntoView();
            }}
          >
            依据{i + 1}
          </a>
        ) : (
          <span key={id} className="mono" title={id}>
            记录{i + 1}（{id.slice(0, 8)}）
          </span>
        );
      })}
    </span>
  );
}

export function DossierPage({ code, roles }: { code: string; roles: string[] }) {
  const client = useClient();
  const [purpose, setPurposeState] = useState(getPurpose);
  const [asOf, setAsOf] = useState(todayInShanghai);
  const [since, setSince] = useState(() => `${Number(todayInShanghai().slice(0, 4)) - 7}-01-01`);
  const [state, setState] = useState<{ loading: boolean; error?: string; loaded?: Loaded }>({ loading: true });
  // Evidence links look their targets up in the page, so render once more after the records are there.
  const [, setRendered] = useState(0);

  useEffect(() => {
    if (!purpose) return;
    let cancelled = false;
    setState({ loading: true });
    loadDossier(client, { code, since, asOf })
      .then((loaded) => !cancelled && setState({ loading: false, loaded }))
      .catch((error: Error) => !cancelled && setState({ loading: false, error: error.message }));
    return () => {
      cancelled = true;
    };
  }, [client, code, since, asOf, purpose]);
  useEffect(() => setRendered((n) => n + 1), [state.loaded]);

  const unit = state.loaded?.unit ?? null;
  const refused = state.loaded?.refused ?? {};
  const timeline = useMemo(() => (unit ? timelineOf(unit) : []), [unit]);
  const petitionChart = useMemo(() => {
    if (!unit?.petitionSummary?.length) return null;
    const years = [...new Set(unit.petitionSummary.map((p) => p.year))].sort();
    const categories = [...new Set(unit.petitionSummary.map((p) => p.category))];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: years.map((y) => `${y}年`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: categories.map((category) => ({
        name: enumLabel('PetitionCategory', category),
        type: 'bar',
        stack: 'petitions',
        data: years.map((y) => unit.petitionSummary!.filter((p) => p.year === y && p.category === category).reduce((n, p) => n + p.count, 0)),
      })),
    };
  }, [unit]);
  const clueChart = useMemo(
    () =>
      unit?.clueSummary?.length
        ? barOption(unit.clueSummary.map((c) => ({ label: c.disposalMethod ? enumLabel('DisposalMethod', c.disposalMethod) : '尚未处置', count: c.count })))
        : null,
    [unit],
  );

  if (!purpose) {
    return (
      <section className="page">
        <PurposeForm
          onDone={(p) => {
            setPurpose(p);
            setPurposeState(p);
          }}
        />
      </section>
    );
  }
  if (state.loading)
    return (
      <section className="page">
        <p>正在调取卷宗…</p>
      </section>
    );
  if (state.error)
    return (
      <section className="page">
        <p className="error" role="alert">
          调取失败：{state.error}
        </p>
      </section>
    );
  if (!unit)
    return (
      <section className="page">
        <p className="error">未找到该单位（{code}）。</p>
      </section>
    );

  const signals = [
    ...(unit.disciplineSignals ?? []).map((s) => ({
      key: `d-${s.kind}`,
      body: '纪律监察',
      kind: enumLabel('DisciplineSignalKind', s.kind),
      title: s.title,
      when: `${chineseDate(s.firstOn)}至${chineseDate(s.lastOn)}`,
      count: s.evidenceCount,
      evidence: s.evidence,
      prefixes: ['clue', 'petition'],
    })),
    ...(unit.inspectionSignals ?? []).map((s) => ({
      key: `i-${s.kind}`,
      body: '巡察',
      kind: enumLabel('InspectionSignalKind', s.kind),
      title: s.title,
      when: `最早到期：${chineseDate(s.earliestDueOn)}`,
      count: s.evidenceCount,
      evidence: s.evidence,
      prefixes: ['item', 'transfer', 'finding'],
    })),
    ...(unit.stationedSignals ?? []).map((s) => ({
      key: `s-${s.kind}`,
      body: '派驻',
      kind: enumLabel('StationedSignalKind', s.kind),
      title: s.title,
      when: `${chineseDate(s.firstOn)}至${chineseDate(s.lastOn)}`,
      count: s.evidenceCount,
      evidence: s.evidence,
      prefixes: ['issue', 'escalation', 'activity'],
    })),
  ];
  const signalsRefused = refused.withCounts && refused.withInspectionRecords && refused.withStationedRecords;

  return (
    <article className="page dossier" data-unit={unit.code}>
      <header className="print-only print-head">
        <p className="doc-title">巡前通报</p>
        <p>
          {unit.name}（{unit.code}）
        </p>
        <p>
          截至 {chineseDate(asOf)} · 统计起始 {chineseDate(since)} · 访问事由：{purpose}
        </p>
      </header>
      <div className="dossier-head">
        <div>
          <p className="kicker no-print">巡前通报 · 单位卷宗</p>
          <h1>{unit.name}</h1>
          <p className="meta">
            {enumLabel('UnitKind', unit.kind)} · {enumLabel('UnitLevel', unit.level)}
            {unit.township ? ` · ${unit.township}` : ''} · <span className="mono">{unit.code}</span>
          </p>
        </div>
        <div className="controls no-print">
          <label>
            统计起始
            <input type="date" value={since} onChange={(e) => e.target.value && setSince(e.target.value)} />
          </label>
          <label>
            截至
            <input type="date" value={asOf} onChange={(e) => e.target.value && setAsOf(e.target.value)} />
          </label>
          <button type="button" onClick={() => window.print()}>
            打印巡前通报
          </button>
        </div>
      </div>
      <p className="purpose-line no-print">
        访问事由：{purpose}（已记入审计日志） · 查看身份：{roles.map((r) => ROLE_LABELS[r] ?? r).join('、')}
      </p>

      <Section id="registry" title="一、基本情况与下属单位">
        <dl className="facts">
          <dt>上级单位</dt>
          <dd>{unit.parent ? <a href={`#/unit/${unit.parent.code}`}>{unit.parent.name}</a> : '—'}</dd>
          <dt>派驻监督</dt>
          <dd>{unit.stationedGroup?.name ?? '未纳入派驻监督'}</dd>
        </dl>
        {unit.subUnits.length ? (
          <table className="list">
            <thead>
              <tr>
                <th>下属单位</th>
                <th>类别</th>
                <th>信访举报</th>
                <th>问题线索</th>
                <th>信号</th>
              </tr>
            </thead>
            <tbody>
              {unit.subUnits.map((sub) => {
                const sum = (rows?: { count: number }[]) => (rows ? String(rows.reduce((n, r) => n + r.count, 0)) : '—');
                const signalCount = (sub.disciplineSignals?.length ?? 0) + (sub.inspectionSignals?.length ?? 0) + (sub.stationedSignals?.length ?? 0);
                return (
                  <tr key={sub.code}>
                    <td>
                      <a href={`#/unit/${sub.code}`}>{sub.name}</a>
                    </td>
                    <td>{enumLabel('UnitKind', sub.kind)}</td>
                    <td>{sum(sub.petitionSummary ?? undefined)}</td>
                    <td>{sum(sub.clueSummary ?? undefined)}</td>
                    <td>{signalCount}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p className="empty">无下属单位</p>
        )}
      </Section>

      <Section id="signals" title="二、监督信号" refusal={signalsRefused ? refused.withCounts : undefined}>
        {signals.length ? (
          <ul className="signals">
            {signals.map((s) => (
              <li key={s.key} data-signal={s.key}>
                <span className="tag">{s.body}</span> <strong>{s.kind}</strong>：{s.title.split(' — ')[0]}（{s.when}，依据 {s.count} 项）
                <EvidenceLinks ids={s.evidence} prefixes={s.prefixes} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">在本人可查看的范围内未发现信号</p>
        )}
      </Section>

      <Section id="timeline" title="三、历史时间线（四项监督）">
        {timeline.length ? (
          <ol className="timeline">
            {timeline.map((e, i) => (
              <li key={i}>
                <time>{e.date.length === 4 ? `${e.date}年` : chineseDate(e.date)}</time>
                <span className={`tag body-${e.body}`}>{e.body}</span>
                {e.anchor ? (
                  <a
                    href={`#${e.anchor}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      document.getElementById(e.anchor!)?.scrollIntoView();
                    }}
                  >
                    {e.text}
                  </a>
                ) : (
                  e.text
                )}
              </li>
            ))}
          </ol>
        ) : (
          <Empty />
        )}
      </Section>

      <Section id="petitions" title="四、信访举报与问题线索" refusal={refused.withCounts}>
        <div className="charts">
          <figure>
            <figcaption>信访举报（按年度、类别）</figcaption>
            {petitionChart ? <Chart option={petitionChart} label="信访举报按年度和类别" /> : <Empty />}
          </figure>
          <figure>
            <figcaption>问题线索处置（按方式）</figcaption>
            {clueChart ? <Chart option={clueChart} label="问题线索按处置方式" /> : <Empty />}
          </figure>
        </div>
        <table className="list compact">
          <thead>
            <tr>
              <th>案件（按阶段）</th>
              <th>处分（按种类）</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{unit.caseSummary?.length ? unit.caseSummary.map((c) => `${enumLabel('CaseStatus', c.status)} ${c.count} 件`).join('；') : '无'}</td>
              <td>
                {unit.sanctionSummary?.length ? unit.sanctionSummary.map((s) => `${enumLabel('SanctionType', s.type)} ${s.count} 人次`).join('；') : '无'}
              </td>
            </tr>
          </tbody>
        </table>
      </Section>

      <Section id="cases" title="五、问题线索、案件与处分" refusal={refused.withCaseRecords}>
        {nodes(unit.clues).length ? (
          <table className="list">
            <thead>
              <tr>
                <th>受理日期</th>
                <th>来源</th>
                <th>涉及人员</th>
                <th>处置方式</th>
                <th>处置日期</th>
                <th>标记</th>
              </tr>
            </thead>
            <tbody>
              {nodes(unit.clues).map((c) => (
                <tr key={c.id} id={`clue-${c.id}`}>
                  <td>{chineseDate(c.receivedOn)}</td>
                  <td>{enumLabel('ClueSource', c.source)}</td>
                  <td>{(c.subjects ?? []).map((s) => `${s.name}（${s.post}）`).join('、') || '—'}</td>
                  <td>{c.disposalMethod ? enumLabel('DisposalMethod', c.disposalMethod) : '待处置'}</td>
                  <td>{chineseDate(c.disposedOn)}</td>
                  <td>{[c.priority && '优先办理', c.escalated && '提级办理'].filter(Boolean).join('、') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="empty">无问题线索</p>
        )}
        <More list={unit.clues} unit="条线索" />
        <div className="two">
          <ul className="records">
            {nodes(unit.cases).map((c) => (
              <li key={c.id} id={`case-${c.id}`}>
                立案 {chineseDate(c.filedOn)} · {enumLabel('CaseStatus', c.status)}
                {c.closedOn ? ` · 结案 ${chineseDate(c.closedOn)}` : ''}
              </li>
            ))}
          </ul>
          <ul className="records">
            {nodes(unit.sanctions).map((s) => (
              <li key={s.id} id={`sanction-${s.id}`}>
                {chineseDate(s.decidedOn)} · {enumLabel('SanctionType', s.type)} · 第{s.fourForm}种形态
              </li>
            ))}
          </ul>
        </div>
        <More list={unit.cases} unit="件案件" />
        <More list={unit.sanctions} unit="人次处分" />
      </Section>

      <Section id="inspections" title="六、历次巡察" refusal={refused.withPlan}>
        {nodes(unit.inspections).length ? (
          <ul className="records">
            {nodes(unit.inspections).map((i) => (
              <li key={i.id} id={`inspection-${i.id}`}>
                {i.round ? `${i.round.year}年 ${i.round.name}` : '—'} · {i.team?.name ?? '—'}
              </li>
            ))}
          </ul>
        ) : (
          <Empty />
        )}
        <More list={unit.inspections} unit="次巡察" />
      </Section>

      <Section id="findings" title="七、巡察发现问题与整改" refusal={refused.withInspectionRecords}>
        {nodes(unit.inspectionFindings).length ? (
          <ul className="records">
            {nodes(unit.inspectionFindings).map((f) => (
              <li key={f.id} id={`finding-${f.id}`}>
                <span className="tag">{enumLabel('FindingCategory', f.category)}</span> {chineseDate(f.recordedOn)}：
                {f.description?.split(' — ')[0] ?? '（内容未提供）'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">无巡察发现问题</p>
        )}
        <More list={unit.inspectionFindings} unit="个问题" />
        {unit.rectificationStatus && (
          <div className="progress">
            <p>
              整改报告期限 {chineseDate(unit.rectificationStatus.reportDueOn)} · 整改方案：
              {unit.rectificationStatus.planStatus ? enumLabel('RectificationPlanStatus', unit.rectificationStatus.planStatus) : '尚未提交'}
              {unit.rectificationStatus.followUpConclusion ? ` · 回头看：${enumLabel('FollowUpConclusion', unit.rectificationStatus.followUpConclusion)}` : ''}
            </p>
            <p>
              整改事项完成 {unit.rectificationStatus.itemsCompleted} / {unit.rectificationStatus.itemsTotal}
            </p>
            <progress max={unit.rectificationStatus.itemsTotal || 1} value={unit.rectificationStatus.itemsCompleted} />
          </div>
        )}
        {unit.overdueRectificationItems?.length ? (
          <>
            <h3>逾期整改事项</h3>
            <ul className="records">
              {unit.overdueRectificationItems.map((item) => (
                <li key={item.id} id={`item-${item.id}`}>
                  {item.description}（期限 {chineseDate(item.deadline)}，{enumLabel('RectificationItemStatus', item.status)}）
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>

      <Section id="stationed" title="八、派驻监督" refusal={refused.withStationedRecords}>
        <p>
          派驻纪检组：{unit.stationedGroup?.name ?? '未纳入派驻监督'} · 日常监督活动 {unit.supervisionActivities?.totalCount ?? 0} 次
        </p>
        <ul className="records">
          {nodes(unit.supervisionActivities).map((node) => (
            <li key={node.id} id={`activity-${node.id}`}>
              {chineseDate(node.heldOn)} · {enumLabel('SupervisionActivityKind', node.kind)}
            </li>
          ))}
          {nodes(unit.openSupervisionIssues).map((i) => (
            <li key={i.id} id={`issue-${i.id}`}>
              问题：{i.description}（{chineseDate(i.foundOn)}，{enumLabel('SupervisionIssueStatus', i.status)}）
            </li>
          ))}
          {nodes(unit.stationedEscalations).map((e) => (
            <li key={e.id} id={`escalation-${e.id}`}>
              移交巡察：{e.summary}（{chineseDate(e.escalatedOn)}）
            </li>
          ))}
        </ul>
        <More list={unit.supervisionActivities} unit="次日常监督活动" />
        <More list={unit.openSupervisionIssues} unit="个未解决问题" />
        <More list={unit.stationedEscalations} unit="个移交巡察问题" />
      </Section>

      <Section id="special" title="九、专项检查">
        {nodes(unit.specialInspections).length ? (
          <ul className="records">
            {nodes(unit.specialInspections).map((s) => (
              <li key={s.id} id={`special-${s.id}`}>
                {s.theme}（{chineseDate(s.startedOn)}
                {s.endedOn ? ` 至 ${chineseDate(s.endedOn)}` : ' 起'}）
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">未被专项检查覆盖</p>
        )}
        <More list={unit.specialInspections} unit="次专项检查" />
      </Section>
      <footer className="print-only print-foot">本通报仅供巡察组内部使用，不得外传。</footer>
    </article>
  );
}
