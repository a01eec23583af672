import { useI18n } from '../../i18n/i18n';
import type { AdminCategory } from './admin-types';

/** A category picker over the whole tree (indented by depth); empty means "every category". */
export function CategorySelect({ categories, value, onChange, anyLabel, ...rest }: { categories: (AdminCategory & { depth: number })[]; value: string; onChange(code: string): void; anyLabel: string; id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) {
  const { t } = useI18n();
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{anyLabel}</option>
      {categories.map((c) => (
        <option key={c.id} value={c.code}>
          {`${'\u00a0\u00a0'.repeat(c.depth)}${c.name}${c.active ? '' : ` (${t('admin.inactive')})`}`}
        </option>
      ))}
    </select>
  );
}
