import type { EvalContext } from '../../types/context.js';
import type { PgType } from '../../types/type.js';
import { charOffset } from '../parse.js';

/** State shared by everything that binds one statement. */
export class AnalyzeContext {
  /**
   * Types of $1..$n: given by the client in Parse, or inferred here from the
   * first context that needs one (undefined until then).
   */
  readonly paramTypes: (PgType | undefined)[];

  constructor(
    readonly session: EvalContext,
    /** The whole query string, whose byte offsets the parse tree's locations are. */
    readonly sql: string,
    paramTypes: (PgType | undefined)[] = [],
    /** False for the simple Query protocol, where a statement has no parameters to refer to. */
    readonly paramsAllowed = true,
  ) {
    this.paramTypes = paramTypes;
  }

  /** 1-based character position of a parse-tree location, as ErrorResponse carries it. */
  pos(location: number | undefined): number | undefined {
    if (location === undefined || location < 0) return undefined;
    return charOffset(this.sql, location) + 1;
  }
}
