import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { badRequest } from '../common/domain-error.js';
import type { DepartmentKind } from '../departments/department.entity.js';
import type { RuleForRanking } from '../routing/route-ranking.js';
import { SlaPolicy } from '../deadlines/sla-policy.entity.js';

interface CategoryRef { id: string; code: string; name: string; parentId: string | null; active: boolean }
interface DepartmentRef { id: string; code: string; name: string; kind: DepartmentKind; active: boolean }

interface Snapshot {
  loadedAt: number;
  categoriesById: Map<string, CategoryRef>;
  categoriesByCode: Map<string, CategoryRef>;
  departmentsById: Map<string, DepartmentRef>;
  rules: RuleForRanking[];
  policies: SlaPolicy[];
  usersById: Map<string, UserRef>;
}

interface UserRef { id: string; role: string; departmentId: string | null; active: boolean; displayName: string }

const TTL_MS = 5_000;

/**
 * Categories, departments and routing rules change rarely and are read on every call logged:
 * keep a snapshot in memory. Local writes invalidate it at once; other processes see a change
 * within TTL_MS.
 */
@Injectable()
export class DirectoryService {
  private snapshot?: Promise<Snapshot>;
  private ready?: Snapshot;
  private reloading?: Promise<void>;
  private generation = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** After a local change: the next read waits for a fresh snapshot. */
  invalidate(): void {
    this.generation++;
    this.ready = undefined;
    this.snapshot = undefined;
  }

  /**
   * The snapshot, reloaded in the background once it is older than TTL_MS: callers get the
   * previous one meanwhile and never wait for a connection of their own. That matters inside a
   * transaction — a reload that waited for the pool while the pool's connections wait on this
   * transaction's locks would deadlock. Only the first load, and the first after invalidate(), wait.
   */
  private async current(): Promise<Snapshot> {
    if (this.ready && Date.now() - this.ready.loadedAt >= TTL_MS && !this.reloading) {
      const generation = this.generation;
      this.reloading = this.load()
        .then((snap) => {
          // a reload that started before an invalidate() may hold data from before the change
          if (generation === this.generation) this.ready = snap;
        })
        .catch(() => undefined)
        .finally(() => (this.reloading = undefined));
    }
    if (this.ready) return this.ready;
    const generation = this.generation;
    this.snapshot ??= this.load().finally(() => (this.snapshot = undefined));
    const snap = await this.snapshot;
    if (generation === this.generation) this.ready ??= snap;
    return snap;
  }

  private async load(): Promise<Snapshot> {
    const [categories, departments, rules, policies, users] = await Promise.all([
      this.ds.query(`SELECT id, code, name, parent_id AS "parentId", active FROM category`) as Promise<CategoryRef[]>,
      this.ds.query(`SELECT id, code, name, kind, active FROM department`) as Promise<DepartmentRef[]>,
      this.ds.query(
        `SELECT id, name, category_id AS "categoryId", district, keywords, lead_department_id AS "leadDepartmentId",
                assisting_department_ids AS "assistingDepartmentIds", priority, auto_dispatch AS "autoDispatch"
         FROM routing_rule WHERE active ORDER BY priority, created_at`,
      ) as Promise<RuleForRanking[]>,
      this.ds.manager.find(SlaPolicy, { where: { active: true }, order: { createdAt: 'ASC' } }),
      this.ds.query(`SELECT id, role, department_id AS "departmentId", active, display_name AS "displayName" FROM app_user`) as Promise<UserRef[]>,
    ]);
    return {
      loadedAt: Date.now(),
      categoriesById: new Map(categories.map((c) => [c.id, c])),
      categoriesByCode: new Map(categories.map((c) => [c.code, c])),
      departmentsById: new Map(departments.map((d) => [d.id, d])),
      rules,
      policies,
      usersById: new Map(users.map((u) => [u.id, u])),
    };
  }

  /** A user as the database says now: tokens of deactivated or moved users stop working within TTL_MS. */
  async user(id: string): Promise<UserRef | undefined> {
    const known = (await this.current()).usersById.get(id);
    if (known) return known;
    // created since the snapshot (perhaps by another process): ask the database
    const [row] = (await this.ds.query(`SELECT id, role, department_id AS "departmentId", active, display_name AS "displayName" FROM app_user WHERE id = $1`, [id])) as UserRef[];
    return row;
  }

  /** Resolves a category code named in a request; 400 naming `field` when unknown. */
  async categoryByCode(code: string, field = 'categoryCode'): Promise<CategoryRef> {
    const c = (await this.current()).categoriesByCode.get(code);
    if (!c || !c.active) throw badRequest('CATEGORY_NOT_FOUND', `${field}: no active category "${code}"`, { field });
    return c;
  }

  async category(id: string | null): Promise<CategoryRef | undefined> {
    return id ? (await this.current()).categoriesById.get(id) : undefined;
  }

  /** The category and its ancestors, nearest first. */
  async categoryPath(id: string | null): Promise<string[]> {
    const { categoriesById } = await this.current();
    const path: string[] = [];
    for (let c = id ? categoriesById.get(id) : undefined; c && path.length < 20; c = c.parentId ? categoriesById.get(c.parentId) : undefined) {
      path.push(c.id);
    }
    return path;
  }

  /** The category and everything below it. */
  async categorySubtree(id: string): Promise<string[]> {
    const all = [...(await this.current()).categoriesById.values()];
    const out = [id];
    for (let i = 0; i < out.length; i++) for (const c of all) if (c.parentId === out[i]) out.push(c.id);
    return out;
  }

  async department(id: string | null): Promise<DepartmentRef | undefined> {
    return id ? (await this.current()).departmentsById.get(id) : undefined;
  }

  /** Checks department ids named in a request: they exist, are active and handle tickets. */
  async handlingDepartments(ids: string[], field: string): Promise<DepartmentRef[]> {
    const { departmentsById } = await this.current();
    return ids.map((id) => {
      const d = departmentsById.get(id);
      if (!d || !d.active) throw badRequest('DEPARTMENT_NOT_FOUND', `${field}: no active department ${id}`, { field });
      return d;
    });
  }

  /**
   * The SLA policy for a category and priority: the nearest category (itself, then its parents,
   * then a catch-all), and at equal distance an exact priority over one for every priority.
   */
  async slaPolicy(categoryId: string | null, priority: string): Promise<SlaPolicy | undefined> {
    const { policies } = await this.current();
    const path = [...(await this.categoryPath(categoryId)), null];
    for (const cat of path) {
      const candidates = policies.filter((p) => p.categoryId === cat && (p.priority === priority || p.priority === null));
      const best = candidates.find((p) => p.priority === priority) ?? candidates[0];
      if (best) return best;
    }
    return undefined;
  }

  async slaPolicyById(id: string): Promise<SlaPolicy | undefined> {
    if (!id) return undefined;
    const snap = await this.current();
    return snap.policies.find((p) => p.id === id) ?? (await this.ds.manager.findOneBy(SlaPolicy, { id })) ?? undefined;
  }

  /** The first active department of a kind: where escalations of level 2 and 3 go. */
  async departmentOfKind(kind: DepartmentKind): Promise<DepartmentRef | undefined> {
    return [...(await this.current()).departmentsById.values()].find((d) => d.kind === kind && d.active);
  }

  async rules(): Promise<RuleForRanking[]> {
    return (await this.current()).rules;
  }
}
