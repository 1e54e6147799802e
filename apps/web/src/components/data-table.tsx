import type { ReactNode } from 'react';

/** one column of a DataTable: its header and how a row fills its cell */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** right-aligned figures (money, quantities, counts) */
  numeric?: boolean;
  /** a column of buttons for the row */
  action?: boolean;
}

/**
 * A KERN table with a caption (the table's name for screen readers), column headers and one
 * row per item. Every list of the app uses it, so that their markup stays the same.
 */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  testId,
}: {
  caption: ReactNode;
  columns: Array<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T) => string;
  testId?: string;
}) {
  const modifier = (c: Column<T>, part: 'header' | 'cell') =>
    c.numeric ? ` kern-table__${part}--numeric` : c.action ? ` kern-table__${part}--action` : '';
  return (
    <div className="kern-table-responsive">
      <table className="kern-table" data-testid={testId}>
        <caption className="kern-title">{caption}</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            {columns.map((c, i) => (
              <th key={i} scope="col" className={`kern-table__header${modifier(c, 'header')}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map((row) => (
            <tr className="kern-table__row" key={rowKey(row)}>
              {columns.map((c, i) => (
                <td key={i} className={`kern-table__cell${modifier(c, 'cell')}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * What a list shows while its query runs, when it failed and when it is empty; otherwise its
 * children (the table).
 */
export function QueryList<T>({
  query,
  loading,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: Error | null; data: T | undefined };
  loading: string;
  empty: (data: T) => string | undefined;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return (
      <p className="kern-body" role="status">
        {loading}
      </p>
    );
  if (query.isError || query.data === undefined)
    return (
      <div className="kern-alert kern-alert--danger" role="alert">
        <div className="kern-alert__header">
          <span className="kern-title">{query.error?.message ?? 'Das ließ sich nicht laden.'}</span>
        </div>
      </div>
    );
  const none = empty(query.data);
  return none ? <p className="kern-body">{none}</p> : <>{children(query.data)}</>;
}
