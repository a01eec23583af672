import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { IsString, Length, Matches } from 'class-validator';
import type { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators.js';
import { DirectoryService } from '../directory/directory.service.js';
import { badRequest, conflict } from '../common/domain-error.js';
import { Category } from './category.entity.js';

export class CreateCategoryDto {
  @ApiProperty({ example: 'environment.noise.construction', description: 'dotted path; the parent must exist' })
  @IsString()
  @Matches(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, { message: 'code: dotted lowercase segments, e.g. environment.noise' })
  @Length(1, 200)
  code: string;

  @ApiProperty() @IsString() @Length(1, 200)
  name: string;
}

export interface CategoryNode {
  id: string;
  code: string;
  name: string;
  active: boolean;
  children: CategoryNode[];
}

export function buildTree(rows: Category[]): CategoryNode[] {
  const nodes = new Map(rows.map((c) => [c.id, { id: c.id, code: c.code, name: c.name, active: c.active, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const c of rows) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/categories')
export class CategoriesController {
  constructor(
    @InjectRepository(Category) private readonly categories: Repository<Category>,
    private readonly directory: DirectoryService,
  ) {}

  @Get()
  async tree(): Promise<CategoryNode[]> {
    return buildTree(await this.categories.find({ order: { code: 'ASC' } }));
  }

  @Roles('admin')
  @Post()
  async create(@Body() dto: CreateCategoryDto): Promise<Category> {
    if (await this.categories.existsBy({ code: dto.code })) throw conflict('CATEGORY_CODE_TAKEN', `Category ${dto.code} exists`);
    let parentId: string | null = null;
    if (dto.code.includes('.')) {
      const parent = await this.categories.findOneBy({ code: dto.code.slice(0, dto.code.lastIndexOf('.')) });
      if (!parent) throw badRequest('PARENT_CATEGORY_NOT_FOUND', 'code: create the parent category first');
      parentId = parent.id;
    }
    const saved = await this.categories.save(this.categories.create({ id: randomUUID(), code: dto.code, name: dto.name, parentId }));
    this.directory.invalidate();
    return saved;
  }
}
