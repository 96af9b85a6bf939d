import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useI18n } from './i18n';

export interface TabSpec<Id extends string> {
  id: Id;
  label: string;
}

interface Props<Id extends string> {
  label: string;
  tabs: ReadonlyArray<TabSpec<Id>>;
  selected: Id;
  onSelect(id: Id): void;
  /** Each panel's content; only the selected one is drawn (the others stay in the page, hidden and empty)… */
  children(id: Id): ReactNode;
  /** …except these, kept drawn while hidden (the dictation keeps its transcript and scroll place). */
  keepMounted?: readonly Id[];
}

/** The tab element's id for a tab (panels are labelled by it). */
export const tabId = (id: string) => `tab-${id}`;
/** The panel element's id for a tab. */
export const panelId = (id: string) => `panel-${id}`;

/**
 * WAI-ARIA tabs with automatic activation: one tab in the Tab order, arrows move between tabs the way they point on
 * screen (so in right-to-left Persian the left arrow goes to the next tab), Home and End go to the first and last.
 */
export function Tabs<Id extends string>({ label, tabs, selected, onSelect, children, keepMounted = [] }: Props<Id>) {
  const { dir } = useI18n();
  const refs = useRef(new Map<Id, HTMLButtonElement>());

  const move = (event: KeyboardEvent<HTMLButtonElement>, from: number) => {
    const forward = dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const backward = dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    let to: number;
    if (event.key === forward) to = (from + 1) % tabs.length;
    else if (event.key === backward) to = (from - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = tabs.length - 1;
    else return;
    event.preventDefault();
    const next = tabs[to].id;
    onSelect(next);
    refs.current.get(next)?.focus();
  };

  return (
    <>
      <div role="tablist" aria-label={label} className="tabs">
        {tabs.map((tab, index) => {
          const active = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                if (element) refs.current.set(tab.id, element);
                else refs.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={tabId(tab.id)}
              aria-selected={active}
              aria-controls={panelId(tab.id)}
              tabIndex={active ? 0 : -1}
              className="tab"
              onClick={() => onSelect(tab.id)}
              onKeyDown={(event) => move(event, index)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={panelId(tab.id)}
          aria-labelledby={tabId(tab.id)}
          hidden={tab.id !== selected}
          className="tab-panel"
        >
          {(tab.id === selected || keepMounted.includes(tab.id)) && children(tab.id)}
        </div>
      ))}
    </>
  );
}
