/**
 * Catalog objects as vecsql stores them (JSON in LMDB's `catalog` store).
 * Their fields mirror PostgreSQL's pg_class / pg_attribute / pg_index /
 * pg_constraint / pg_sequence rows closely enough that the pg_catalog views
 * can be generated from them. Objects are immutable: a change replaces the
 * object in a new Catalog.
 */

/** An expression kept in the catalog: the parse tree to bind, and text to show (pg_get_expr). */
export interface StoredExpr {
  readonly node: unknown;
  readonly text: string;
}

export interface SchemaDef {
  readonly kind: 'schema';
  readonly oid: number;
  readonly name: string;
  readonly owner: string;
  readonly comment?: string;
}

export interface ColumnDef {
  readonly attnum: number;
  readonly name: string;
  readonly typeOid: number;
  readonly typmod: number;
  readonly notNull: boolean;
  readonly default: StoredExpr | null;
  /** '' none, 'a' GENERATED ALWAYS AS IDENTITY, 'd' BY DEFAULT. */
  readonly identity: '' | 'a' | 'd';
  /** '' none, 's' GENERATED ALWAYS AS (expr) STORED: `default` holds the expression. */
  readonly generated: '' | 's';
  /** Dropped columns keep their slot so stored rows still decode (pg_attribute.attisdropped). */
  readonly dropped: boolean;
  readonly comment?: string;
}

export type RelationKind = 'r' | 'v' | 'i' | 'S';

export interface RelationDef {
  readonly kind: 'relation';
  readonly oid: number;
  readonly name: string;
  readonly namespace: number;
  readonly relkind: RelationKind;
  readonly owner: string;
  /** Every column ever added, dropped ones included, in attnum order. */
  readonly columns: readonly ColumnDef[];
  /** pg_type row of the table's composite type. */
  readonly rowTypeOid: number;
  /** CREATE VIEW: the query, as a parse tree and as text. */
  readonly view?: StoredExpr;
  /** Relations a view reads (DROP … RESTRICT refuses to drop them). */
  readonly dependsOn?: readonly number[];
  readonly comment?: string;
  readonly options?: Readonly<Record<string, string>>;
}

export interface IndexKey {
  /** Table column, or 0 for an expression key. */
  readonly attnum: number;
  readonly expr?: StoredExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  readonly opclass?: string;
}

export interface IndexDef {
  readonly kind: 'index';
  readonly oid: number;
  readonly name: string;
  readonly namespace: number;
  readonly tableOid: number;
  readonly method: string;
  readonly unique: boolean;
  readonly primary: boolean;
  readonly keys: readonly IndexKey[];
  /** INCLUDE columns (not part of the key). */
  readonly include: readonly number[];
  readonly predicate: StoredExpr | null;
  readonly options: Readonly<Record<string, string>>;
  readonly nullsNotDistinct: boolean;
  readonly comment?: string;
}

export type FkAction = 'a' | 'r' | 'c' | 'n' | 'd'; // no action, restrict, cascade, set null, set default

export interface ConstraintDef {
  readonly kind: 'constraint';
  readonly oid: number;
  readonly name: string;
  readonly namespace: number;
  readonly tableOid: number;
  /** p primary key, u unique, c check, f foreign key. */
  readonly type: 'p' | 'u' | 'c' | 'f';
  readonly columns: readonly number[];
  readonly indexOid: number;
  readonly check: StoredExpr | null;
  readonly fk: null | {
    readonly refTableOid: number;
    readonly refColumns: readonly number[];
    readonly onDelete: FkAction;
    readonly onUpdate: FkAction;
    readonly match: 'f' | 'p' | 's';
  };
  readonly deferrable: boolean;
  readonly comment?: string;
}

export interface SequenceDef {
  readonly kind: 'sequence';
  readonly oid: number;
  readonly name: string;
  readonly namespace: number;
  readonly typeOid: number;
  /** bigint values as decimal strings (JSON has no bigint). */
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  readonly ownedBy: null | { readonly tableOid: number; readonly attnum: number };
}

/** An installed extension (pg_extension). */
export interface ExtensionDef {
  readonly kind: 'extension';
  readonly oid: number;
  readonly name: string;
  readonly namespace: number;
  readonly version: string;
}

export type CatalogObject = SchemaDef | RelationDef | IndexDef | ConstraintDef | SequenceDef | ExtensionDef;
