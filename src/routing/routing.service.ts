import { Injectable } from '@nestjs/common';
import { DirectoryService } from '../directory/directory.service.js';
import { rankRoutes, type RouteSuggestion } from './route-ranking.js';

export interface DraftTicket {
  categoryId: string | null;
  district?: string | null;
  description?: string | null;
}

export type NamedSuggestion = RouteSuggestion & { leadDepartment: { id: string; code: string; name: string } };

@Injectable()
export class RoutingService {
  constructor(private readonly directory: DirectoryService) {}

  async suggest(draft: DraftTicket): Promise<NamedSuggestion[]> {
    const [rules, categoryPath] = await Promise.all([this.directory.rules(), this.directory.categoryPath(draft.categoryId)]);
    const ranked = rankRoutes(rules, { categoryPath, district: draft.district, description: draft.description });
    const named: NamedSuggestion[] = [];
    for (const s of ranked) {
      const d = await this.directory.department(s.leadDepartmentId);
      if (d?.active) named.push({ ...s, leadDepartment: { id: d.id, code: d.code, name: d.name } });
    }
    return named;
  }
}
