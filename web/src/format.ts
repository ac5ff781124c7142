/** "4408700.00" → "¥4,408,700.00" — from the decimal string, never through a float. */
export function yuan(money: string | null | undefined): string {
  if (money === null || money === undefined) return '—';
  const negative = money.startsWith('-');
  const [whole = '0', cents = '00'] = money.replace(/^-/, '').split('.');
  return `${negative ? '-' : ''}¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents.padEnd(2, '0').slice(0, 2)}`;
}

/** Today in Asia/Shanghai, YYYY-MM-DD (the commission's working time zone). */
export function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** "2020-10-08" → "2020年10月8日" */
export function chineseDate(date: string | null | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}
