/**
 * The one error type of vecsql. Everything that fails on behalf of a client
 * throws a PgError; the protocol layer maps it once to an ErrorResponse.
 * Field names follow the ErrorResponse field codes
 * (https://www.postgresql.org/docs/15/protocol-error-fields.html).
 */
export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

export interface PgErrorFields {
  severity?: Severity;
  detail?: string;
  hint?: string;
  /** 1-based character offset into the statement text, as PostgreSQL reports it. */
  position?: number;
  context?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
}

export class PgError extends Error {
  readonly code: string;
  readonly severity: Severity;
  readonly detail?: string;
  readonly hint?: string;
  position?: number;
  context?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly dataType?: string;
  readonly constraint?: string;

  constructor(code: string, message: string, fields: PgErrorFields = {}) {
    super(message);
    this.name = 'PgError';
    this.code = code;
    this.severity = fields.severity ?? 'ERROR';
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.position = fields.position;
    this.context = fields.context;
    this.schema = fields.schema;
    this.table = fields.table;
    this.column = fields.column;
    this.dataType = fields.dataType;
    this.constraint = fields.constraint;
  }

  /** Attaches a statement position unless a more precise one is already known. */
  at(position: number | undefined): this {
    if (this.position === undefined && position !== undefined && position >= 0) this.position = position;
    return this;
  }
}

/** Wraps anything thrown into a PgError; an unexpected JS error becomes XX000 (internal_error). */
export function toPgError(err: unknown): PgError {
  if (err instanceof PgError) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new PgError(SqlState.StatementTooComplex, 'stack depth limit exceeded', {
      hint: 'The statement is nested too deeply.',
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  const wrapped = new PgError(SqlState.InternalError, message);
  // Keep where it really failed: internal errors are logged with this stack.
  if (err instanceof Error && err.stack) wrapped.stack = err.stack;
  return wrapped;
}

/** SQLSTATE codes used by vecsql (https://www.postgresql.org/docs/15/errcodes-appendix.html). */
export const SqlState = {
  SuccessfulCompletion: '00000',
  Warning: '01000',
  NoActiveSqlTransaction: '25P01',
  ActiveSqlTransaction: '25001',
  InFailedSqlTransaction: '25P02',
  ReadOnlySqlTransaction: '25006',
  InvalidTransactionState: '25000',
  NoData: '02000',
  ConnectionException: '08000',
  ConnectionFailure: '08006',
  ProtocolViolation: '08P01',
  FeatureNotSupported: '0A000',
  InvalidTransactionInitiation: '0B000',
  CardinalityViolation: '21000',
  DataException: '22000',
  ArraySubscriptError: '2202E',
  CharacterNotInRepertoire: '22021',
  DatetimeFieldOverflow: '22008',
  DivisionByZero: '22012',
  InvalidParameterValue: '22023',
  InvalidTextRepresentation: '22P02',
  InvalidBinaryRepresentation: '22P03',
  InvalidDatetimeFormat: '22007',
  InvalidEscapeSequence: '22025',
  NumericValueOutOfRange: '22003',
  StringDataRightTruncation: '22001',
  NullValueNotAllowed: '22004',
  InvalidRegularExpression: '2201B',
  IntervalFieldOverflow: '22015',
  InvalidTimeZoneDisplacementValue: '22009',
  InvalidJsonText: '22032',
  UntranslatableCharacter: '22P05',
  IntegrityConstraintViolation: '23000',
  NotNullViolation: '23502',
  ForeignKeyViolation: '23503',
  UniqueViolation: '23505',
  CheckViolation: '23514',
  InvalidCursorState: '24000',
  InvalidCursorDefinition: '42P11',
  InvalidRecursion: '42P19',
  ReservedName: '42939',
  GeneratedAlways: '428C9',
  InvalidSqlStatementName: '26000',
  InvalidAuthorizationSpecification: '28000',
  InvalidPassword: '28P01',
  InvalidCatalogName: '3D000',
  InvalidCursorName: '34000',
  InvalidSchemaName: '3F000',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
  SyntaxErrorOrAccessRuleViolation: '42000',
  SyntaxError: '42601',
  InsufficientPrivilege: '42501',
  CannotCoerce: '42846',
  GroupingError: '42803',
  WindowingError: '42P20',
  InvalidForeignKey: '42830',
  InvalidName: '42602',
  NameTooLong: '42622',
  DatatypeMismatch: '42804',
  IndeterminateDatatype: '42P18',
  WrongObjectType: '42809',
  UndefinedColumn: '42703',
  UndefinedFunction: '42883',
  UndefinedTable: '42P01',
  UndefinedParameter: '42P02',
  UndefinedObject: '42704',
  DuplicateColumn: '42701',
  DuplicateCursor: '42P03',
  DuplicateDatabase: '42P04',
  DuplicatePreparedStatement: '42P05',
  DuplicateSchema: '42P06',
  DuplicateTable: '42P07',
  DuplicateAlias: '42712',
  DuplicateObject: '42710',
  AmbiguousColumn: '42702',
  AmbiguousFunction: '42725',
  AmbiguousParameter: '42P08',
  InvalidColumnReference: '42P10',
  InvalidColumnDefinition: '42611',
  InvalidTableDefinition: '42P16',
  InvalidObjectDefinition: '42P17',
  DependentObjectsStillExist: '2BP01',
  ProgramLimitExceeded: '54000',
  StatementTooComplex: '54001',
  TooManyColumns: '54011',
  TooManyArguments: '54023',
  ObjectNotInPrerequisiteState: '55000',
  ObjectInUse: '55006',
  LockNotAvailable: '55P03',
  QueryCanceled: '57014',
  AdminShutdown: '57P01',
  CannotConnectNow: '57P03',
  InsufficientResources: '53000',
  DiskFull: '53100',
  OutOfMemory: '53200',
  TooManyConnections: '53300',
  ConfigurationLimitExceeded: '53400',
  InvalidParameterValueConfig: '22023',
  CantChangeRuntimeParam: '55P02',
  UndefinedConfigParameter: '42704',
  SystemError: '58000',
  IoError: '58030',
  InternalError: 'XX000',
  DataCorrupted: 'XX001',
} as const;

export function unsupported(feature: string, position?: number): PgError {
  return new PgError(SqlState.FeatureNotSupported, `${feature} is not supported`, { position });
}
