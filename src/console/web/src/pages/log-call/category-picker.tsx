import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { searchCategories, type CategoryOption } from '../../category-search';
import { useI18n } from '../../i18n/i18n';

interface Props {
  id: string;
  label: string;
  options: CategoryOption[];
  value: string | null;
  onChange(code: string | null): void;
  /** Called after a pick by keyboard, so the form can move on to the next field. */
  onPicked(): void;
  inputRef: RefObject<HTMLInputElement | null>;
  invalid?: boolean;
  errorId?: string;
}

/** Options shown at once: enough to scan, few enough to render instantly while typing. */
const SHOWN = 60;

/**
 * The category tree as an ARIA combobox: type words of a name (either language) or code, move
 * with the arrow keys, pick with Enter. With nothing typed the list is the whole tree, indented.
 */
export function CategoryPicker({ id, label, options, value, onChange, onPicked, inputRef, invalid, errorId }: Props) {
  const { t } = useI18n();
  const listId = useId();
  const hintId = useId();
  const selected = options.find((o) => o.code === value) ?? null;
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);

  const matches = useMemo(() => searchCategories(options, query).slice(0, SHOWN), [options, query]);
  const shownText = editing ? query : selected ? selected.path.join(' › ') : query;

  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, open]);

  const pick = (option: CategoryOption, byKeyboard: boolean) => {
    onChange(option.code);
    setQuery('');
    setEditing(false);
    setOpen(false);
    if (byKeyboard) onPicked();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => Math.min(Math.max(a + step, 0), Math.max(matches.length - 1, 0)));
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      if (open && matches[active]) pick(matches[active], true);
      else if (selected) onPicked();
    } else if (e.key === 'Escape' && open) {
      // closes the list only; the page's Esc (next call) must not fire from here
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="combo">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={[hintId, invalid ? errorId : undefined].filter(Boolean).join(' ')}
        autoComplete="off"
        spellCheck={false}
        value={shownText}
        onChange={(e) => {
          setQuery(e.target.value);
          setEditing(true);
          setOpen(true);
          setActive(0);
          if (value) onChange(null);
        }}
        onFocus={(e) => e.target.select()}
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setEditing(false);
        }}
        onKeyDown={onKeyDown}
      />
      <span id={hintId} className="hint">
        {t('call.categoryHint')}
      </span>
      {open && (
        <ul id={listId} ref={list} role="listbox" aria-label={label} className="combo-list">
          {matches.length === 0 && (
            <li className="muted" role="presentation">
              {t('call.categoryNone', { query })}
            </li>
          )}
          {matches.map((o, i) => (
            <li
              key={o.code}
              id={`${listId}-${i}`}
              data-index={i}
              role="option"
              aria-selected={i === active}
              className={`${i === active ? 'active' : ''} ${o.leaf ? 'leaf' : 'branch'}`}
              style={query.trim() ? undefined : { paddingInlineStart: `${0.6 + o.depth * 1.2}em` }}
              // mousedown, not click: the input's blur would close the list before a click lands
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o, false);
              }}
              onMouseEnter={() => setActive(i)}
            >
              {query.trim() && o.path.length > 1 ? (
                <>
                  <span className="muted">{o.path.slice(0, -1).join(' › ')} › </span>
                  {o.name}
                </>
              ) : (
                o.name
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
