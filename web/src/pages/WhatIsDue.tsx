import { type DueItemFieldsFragment, enumLabel, WhatIsDueDocument } from '@hub/client';
import { type FormEvent, useState } from 'react';
import { useQuery } from 'urql';
import { chineseDate, todayInShanghai } from '../format.ts';

/** The server's default window (whatIsDue.withinWorkingDays = 10). */
export const DEFAULT_WINDOW = 10;

/** 到期事项: whatIsDue(asOf, withinWorkingDays) — overdue items and items due soon the signed-in role may read. */
export function WhatIsDuePage({ asOf, withinWorkingDays }: { asOf: string; withinWorkingDays: number }) {
  const [dateInput, setDateInput] = useState(asOf);
  const [daysInput, setDaysInput] = useState(String(withinWorkingDays));
  const [{ data, fetching, error }] = useQuery({ query: WhatIsDueDocument, variables: { asOf, withinWorkingDays } });
  const report = data?.whatIsDue;
  const items = report ? [...(report.discipline ?? []), ...(report.inspection ?? [])].sort((a, b) => a.deadline.dueOn.localeCompare(b.deadline.dueOn)) : [];
  const overdue = items.filter((item) => item.overdue);
  const dueSoon = items.filter((item) => !item.overdue);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const days = Number(daysInput);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dateInput) || !Number.isInteger(days) || days < 0 || days > 250) return;
    location.hash = `#/due/${dateInput}/${days}`;
  };

  return (
    <section className="page due">
      <div className="dossier-head">
        <h1>到期事项</h1>
        <form className="controls no-print" onSubmit={submit}>
          <label>
            截至日期
            <input name="asOf" type="date" required value={dateInput} onChange={(e) => setDateInput(e.target.value)} />
          </label>
          <label>
            未来工作日数
            <input name="withinWorkingDays" type="number" min={0} max={250} required value={daysInput} onChange={(e) => setDaysInput(e.target.value)} />
          </label>
          <button type="submit">查看</button>
        </form>
      </div>
      {fetching && !report && <p>查询中…</p>}
      {error && (
        <p className="error" role="alert">
          查询失败：{error.message}
        </p>
      )}
      {report && (
        <>
          <p className="meta" data-testid="due-range">
            截至 {chineseDate(report.asOf)}，{withinWorkingDays} 个工作日内到期（至 {chineseDate(report.dueBy)}
            {report.dueByProvisional && (
              <span className="tag" title="截止日计算跨越尚未载入节假日安排的年度">
                暂定
              </span>
            )}
            ）及已逾期事项；仅列出当前身份有权查看的事项。
          </p>
          {report.calendarWarning && (
            <p className="withheld" role="status" data-testid="calendar-warning">
              <strong>工作日历提示</strong>
              <span>{report.calendarWarning.message}</span>
              <small>
                日历最后已知日：{chineseDate(report.calendarWarning.lastKnownDay)}
                {report.calendarWarning.daysLeft < 0 ? `（已过 ${-report.calendarWarning.daysLeft} 天）` : `（剩余 ${report.calendarWarning.daysLeft} 天）`}
              </small>
            </p>
          )}
          <DueTable id="overdue" caption={`已逾期（${overdue.length} 件）`} items={overdue} empty="无逾期事项" />
          <DueTable id="due-soon" caption={`即将到期（${dueSoon.length} 件）`} items={dueSoon} empty="期内无到期事项" />
        </>
      )}
    </section>
  );
}

function DueTable({ id, caption, items, empty }: { id: string; caption: string; items: DueItemFieldsFragment[]; empty: string }) {
  return (
    <section data-due={id}>
      <h2>{caption}</h2>
      {items.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>记录</th>
              <th>期限规则</th>
              <th>起算日</th>
              <th>到期日</th>
              <th>责任部门</th>
              <th>所属机构</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.recordType}:${item.recordId}:${item.deadline.rule}`} data-rule={item.deadline.rule} data-record-type={item.recordType}>
                <td>
                  <span className="tag">{item.recordType}</span>
                  <code title={item.recordId}>{item.recordId.slice(0, 8)}</code>
                  {item.unitCode && (
                    <>
                      {' · '}
                      <a href={`#/unit/${encodeURIComponent(item.unitCode)}`}>{item.unitCode}</a>
                    </>
                  )}
                </td>
                <td title={`${item.deadline.title}（${item.deadline.source}）`}>{enumLabel('DeadlineRule', item.deadline.rule)}</td>
                <td className="date">{chineseDate(item.deadline.startOn)}</td>
                <td className="date">
                  {chineseDate(item.deadline.dueOn)}
                  {item.deadline.provisional && (
                    <div className="provisional">
                      <span className="tag">暂定</span>
                      <small>{item.deadline.provisionalReason ?? ''}</small>
                    </div>
                  )}
                </td>
                <td>{item.owner}</td>
                <td>{enumLabel('DeadlineBody', item.owningBody)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Reads `#/due/<asOf>/<days>`, falling back to today and the server's default window. */
export function dueRouteArgs(asOf: string | undefined, days: string | undefined): { asOf: string; withinWorkingDays: number } {
  const n = Number(days);
  return {
    asOf: asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : todayInShanghai(),
    withinWorkingDays: days !== undefined && Number.isInteger(n) && n >= 0 && n <= 250 ? n : DEFAULT_WINDOW,
  };
}
