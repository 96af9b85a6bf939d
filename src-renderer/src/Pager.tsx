import { useI18n } from './i18n';
import { usePanelStrings } from './panel-strings';

interface PagerProps {
  /** What is being paged through, for screen readers ("Sessions", "History"). */
  label: string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}

/** Previous / "11–20 of 57" / next, under a paged list (the sessions list, the history). */
export function Pager({ label, page, pageSize, total, onPage }: PagerProps) {
  const p = usePanelStrings();
  const { fmt } = useI18n();
  const first = page * pageSize;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        {p.previousPage}
      </button>
      <span>{p.pageOf(fmt.number(first + 1), fmt.number(Math.min(total, first + pageSize)), fmt.number(total))}</span>
      <button type="button" disabled={first + pageSize >= total} onClick={() => onPage(page + 1)}>
        {p.nextPage}
      </button>
    </nav>
  );
}
