export interface RuleForRanking {
  id: string;
  name: string;
  categoryId: string | null;
  district: string | null;
  keywords: string[];
  leadDepartmentId: string;
  assistingDepartmentIds: string[];
  priority: number;
  autoDispatch: boolean;
}

export interface Draft {
  /** The draft's category and its ancestors, nearest first. */
  categoryPath: string[];
  district?: string | null;
  description?: string | null;
}

export interface RouteSuggestion {
  ruleId: string;
  ruleName: string;
  leadDepartmentId: string;
  assistingDepartmentIds: string[];
  autoDispatch: boolean;
  score: number;
  reasons: string[];
}

const norm = (s: string) => s.normalize('NFKC').toLowerCase().trim();

/**
 * Ranks the rules that match a draft ticket. A rule matches when each condition it states holds:
 * its category is the draft's or an ancestor, its district equals the draft's, one of its keywords
 * is in the description. Order: the admin's priority first, then how specific the match is (a
 * keyword or district match and a nearer category beat a broad rule). One suggestion per lead
 * department: the best rule for it.
 */
export function rankRoutes(rules: RuleForRanking[], draft: Draft): RouteSuggestion[] {
  const text = norm(draft.description ?? '');
  const district = draft.district ? norm(draft.district) : null;
  const matches: RouteSuggestion[] = [];
  for (const rule of rules) {
    const reasons: string[] = [];
    let score = 0;
    if (rule.categoryId) {
      const depth = draft.categoryPath.indexOf(rule.categoryId);
      if (depth < 0) continue;
      score += 10 - Math.min(depth, 9);
      reasons.push(depth === 0 ? 'category' : 'parent category');
    }
    if (rule.district) {
      if (!district || norm(rule.district) !== district) continue;
      score += 5;
      reasons.push('district');
    }
    if (rule.keywords.length > 0) {
      const hits = rule.keywords.filter((k) => k.trim() && text.includes(norm(k)));
      if (hits.length === 0) continue;
      score += 3 * hits.length;
      reasons.push(`keywords: ${hits.join(', ')}`);
    }
    matches.push({
      ruleId: rule.id,
      ruleName: rule.name,
      leadDepartmentId: rule.leadDepartmentId,
      assistingDepartmentIds: rule.assistingDepartmentIds,
      autoDispatch: rule.autoDispatch,
      score,
      reasons,
    });
  }
  const priorityOf = new Map(rules.map((r) => [r.id, r.priority]));
  matches.sort((a, b) => priorityOf.get(a.ruleId)! - priorityOf.get(b.ruleId)! || b.score - a.score);
  const seen = new Set<string>();
  return matches.filter((m) => !seen.has(m.leadDepartmentId) && seen.add(m.leadDepartmentId));
}
