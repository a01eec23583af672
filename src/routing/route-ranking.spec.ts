import { rankRoutes, type RuleForRanking } from './route-ranking.js';

const rule = (over: Partial<RuleForRanking>): RuleForRanking => ({
  id: over.id ?? 'r',
  name: over.name ?? over.id ?? 'r',
  categoryId: null,
  district: null,
  keywords: [],
  leadDepartmentId: 'dept',
  assistingDepartmentIds: [],
  priority: 100,
  autoDispatch: false,
  ...over,
});

describe('rankRoutes', () => {
  const path = ['noise.construction', 'noise', 'environment'];

  it('matches a rule on an ancestor category and prefers the nearer category at equal priority', () => {
    const ranked = rankRoutes(
      [rule({ id: 'broad', categoryId: 'environment', leadDepartmentId: 'env' }), rule({ id: 'exact', categoryId: 'noise.construction', leadDepartmentId: 'housing' })],
      { categoryPath: path },
    );
    expect(ranked.map((r) => r.ruleId)).toEqual(['exact', 'broad']);
    expect(ranked[1].reasons).toContain('parent category');
  });

  it('puts the admin priority before specificity', () => {
    const ranked = rankRoutes(
      [rule({ id: 'exact', categoryId: 'noise.construction', leadDepartmentId: 'a', priority: 50 }), rule({ id: 'broad', categoryId: 'environment', leadDepartmentId: 'b', priority: 10 })],
      { categoryPath: path },
    );
    expect(ranked.map((r) => r.ruleId)).toEqual(['broad', 'exact']);
  });

  it('skips rules whose district or keywords do not match', () => {
    const rules = [
      rule({ id: 'district', district: 'Haidian', leadDepartmentId: 'a' }),
      rule({ id: 'keyword', keywords: ['夜间', 'night'], leadDepartmentId: 'b' }),
      rule({ id: 'other-category', categoryId: 'labor', leadDepartmentId: 'c' }),
    ];
    expect(rankRoutes(rules, { categoryPath: path, district: 'Chaoyang', description: 'loud drilling at noon' })).toEqual([]);
    const hit = rankRoutes(rules, { categoryPath: path, district: ' haidian ', description: '工地夜间施工 NIGHT work' });
    expect(hit.map((r) => r.ruleId).sort()).toEqual(['district', 'keyword']);
    expect(hit.find((r) => r.ruleId === 'keyword')!.reasons).toEqual(['keywords: 夜间, night']);
  });

  it('offers each lead department once, with its best rule', () => {
    const ranked = rankRoutes(
      [rule({ id: 'weak', categoryId: 'environment', leadDepartmentId: 'env' }), rule({ id: 'strong', categoryId: 'noise', keywords: ['drill'], leadDepartmentId: 'env' })],
      { categoryPath: path, description: 'drill' },
    );
    expect(ranked.map((r) => r.ruleId)).toEqual(['strong']);
  });

  it('returns nothing without rules and treats a catch-all rule as a match', () => {
    expect(rankRoutes([], { categoryPath: path })).toEqual([]);
    expect(rankRoutes([rule({ id: 'all' })], { categoryPath: [] })).toHaveLength(1);
  });
});
