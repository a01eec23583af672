import { DefaultNamingStrategy, type NamingStrategyInterface, type Table } from 'typeorm';

const snake = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();

const bare = (tableOrName: Table | string) => {
  const name = typeof tableOrName === 'string' ? tableOrName : tableOrName.name;
  return name.split('.').pop()!;
};

/**
 * snake_case columns and readable constraint names (`pk_ticket`, `fk_ticket_caller_id`,
 * `idx_ticket_status`) from the first migration, so a constraint violation in a log says what
 * it is and no rename migration is ever needed to get there.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return userSpecifiedName ?? snake(targetName.replace(/Entity$/, ''));
  }
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return customName ?? snake([...prefixes, propertyName].join('_'));
  }
  override relationName(propertyName: string): string {
    return snake(propertyName);
  }
  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }
  override primaryKeyName(table: Table | string): string {
    return `pk_${bare(table)}`;
  }
  override uniqueConstraintName(table: Table | string, columns: string[]): string {
    return `uq_${bare(table)}_${columns.join('_')}`;
  }
  override relationConstraintName(table: Table | string, columns: string[]): string {
    return `uq_${bare(table)}_${columns.join('_')}`;
  }
  override foreignKeyName(table: Table | string, columns: string[]): string {
    return `fk_${bare(table)}_${columns.join('_')}`;
  }
  override indexName(table: Table | string, columns: string[]): string {
    return `idx_${bare(table)}_${columns.join('_')}`;
  }
  override checkConstraintName(table: Table | string, expression: string, isEnum?: boolean): string {
    const words = expression.match(/[a-z_]+/gi)?.slice(0, 2).join('_') ?? 'expr';
    return `chk_${bare(table)}_${isEnum ? 'enum_' : ''}${words.toLowerCase()}`;
  }
  override defaultConstraintName(table: Table | string, column: string): string {
    return `df_${bare(table)}_${column}`;
  }
}
