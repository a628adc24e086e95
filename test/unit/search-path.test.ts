import { describe, expect, it } from 'vitest';
import { searchPathNames } from '../../src/catalog/search-path.js';

describe('searchPathNames', () => {
  it('folds bare names, keeps quoted ones and expands $user', () => {
    expect(searchPathNames('"$user", public', 'alice')).toEqual(['alice', 'public']);
    expect(searchPathNames('$user,Public', 'bob')).toEqual(['bob', 'public']);
    expect(searchPathNames('"MySchema", "a""b"', 'x')).toEqual(['MySchema', 'a"b']);
  });

  it('skips empty items', () => {
    expect(searchPathNames('', 'x')).toEqual([]);
    expect(searchPathNames(' , s1 ,', 'x')).toEqual(['s1']);
  });
});
