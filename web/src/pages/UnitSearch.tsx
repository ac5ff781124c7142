import { enumLabel, UnitSearchDocument } from '@hub/client';
import { type FormEvent, useState } from 'react';
import { useQuery } from 'urql';

const CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** 单位查询: by part of the name, or straight to a unit by its 18-character code. */
export function UnitSearchPage() {
  const [input, setInput] = useState('');
  const [term, setTerm] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: UnitSearchDocument, variables: { nameContains: term ?? '', first: 30 }, pause: term === null });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = input.trim();
    if (CODE.test(value.toUpperCase())) location.hash = `#/unit/${value.toUpperCase()}`;
    else setTerm(value);
  };
  return (
    <section className="page">
      <h1>单位查询</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: a search form in a form element, named as such for assistive technology */}
      <form className="search" onSubmit={submit} role="search">
        <input
          name="unit"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          placeholder="单位名称（如：东湖镇）或统一社会信用代码"
          aria-label="单位名称或代码"
        />
        <button type="submit">查询</button>
      </form>
      {fetching && <p>查询中…</p>}
      {error && <p className="error">查询失败：{error.message}</p>}
      {data && (
        <>
          <p className="hint">
            共 {data.units.totalCount} 个单位{data.units.totalCount > data.units.edges.length ? `，显示前 ${data.units.edges.length} 个` : ''}
          </p>
          <table className="list">
            <thead>
              <tr>
                <th>单位名称</th>
                <th>类别</th>
                <th>层级</th>
                <th>所属乡镇（街道）</th>
                <th>统一社会信用代码</th>
              </tr>
            </thead>
            <tbody>
              {data.units.edges.map(({ node }) => (
                <tr key={node.code}>
                  <td>
                    <a href={`#/unit/${node.code}`}>{node.name}</a>
                  </td>
                  <td>{enumLabel('UnitKind', node.kind)}</td>
                  <td>{enumLabel('UnitLevel', node.level)}</td>
                  <td>{node.township ?? '—'}</td>
                  <td className="mono">{node.code}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
