import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, OmitType } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import type { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators.js';
import { DirectoryService } from '../directory/directory.service.js';
import { badRequest, conflict, notFound } from '../common/domain-error.js';
import { ATTRIBUTE_DATATYPES, definitionProblems, type AttributeDatatype, type ServiceAttribute } from '../open311/service-attributes.js';
import { Category } from './category.entity.js';

export class AttributeValueDto {
  @ApiProperty() @IsString() @Length(1, 100)
  key: string;

  @ApiProperty() @IsString() @Length(1, 200)
  name: string;
}

/** One extra question of the category's Open311 service definition. */
export class ServiceAttributeDto {
  @ApiPropertyOptional({ default: true, description: 'false: shown as information, never answered' })
  @IsOptional()
  @IsBoolean()
  variable?: boolean;

  @ApiProperty({ example: 'TIME_OF_DAY' }) @IsString() @Length(1, 50)
  code: string;

  @ApiProperty({ enum: ATTRIBUTE_DATATYPES }) @IsIn(ATTRIBUTE_DATATYPES)
  datatype: AttributeDatatype;

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500)
  datatypeDescription?: string;

  @ApiProperty({ description: '1 is asked first' }) @IsInt() @Min(1)
  order: number;

  @ApiProperty({ example: 'When does the noise happen?' }) @IsString() @Length(1, 1000)
  description: string;

  @ApiPropertyOptional({ type: [AttributeValueDto], description: 'the choices of a singlevaluelist or multivaluelist' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AttributeValueDto)
  values?: AttributeValueDto[];
}

/** What the public sees of a category through Open311 (description, keywords, extra questions). */
export class UpdateCategoryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000)
  description?: string;

  @ApiPropertyOptional({ example: 'noise, construction, night work' }) @IsOptional() @IsString() @Length(0, 500)
  keywords?: string;

  @ApiPropertyOptional({ type: [ServiceAttributeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ServiceAttributeDto)
  attributes?: ServiceAttributeDto[];

  @ApiPropertyOptional({ description: 'an inactive category takes no new tickets and leaves the Open311 service list' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

function toAttributes(dtos: ServiceAttributeDto[]): ServiceAttribute[] {
  const attributes = dtos.map((a) => ({
    variable: a.variable ?? true,
    code: a.code,
    datatype: a.datatype,
    required: a.required ?? false,
    datatypeDescription: a.datatypeDescription ?? null,
    order: a.order,
    description: a.description,
    values: (a.values ?? []).map((v) => ({ key: v.key, name: v.name })),
  }));
  const problems = definitionProblems(attributes);
  if (problems.length) throw badRequest('INVALID_SERVICE_DEFINITION', problems.join('; '), { problems });
  return attributes;
}

export class CreateCategoryDto extends OmitType(UpdateCategoryDto, ['name'] as const) {
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
  description: string | null;
  keywords: string | null;
  attributes: ServiceAttribute[];
  children: CategoryNode[];
}

export function buildTree(rows: Category[]): CategoryNode[] {
  const nodes = new Map(rows.map((c) => [c.id, { id: c.id, code: c.code, name: c.name, active: c.active, description: c.description, keywords: c.keywords, attributes: c.attributes, children: [] as CategoryNode[] }]));
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
    const saved = await this.categories.save(
      this.categories.create({
        id: randomUUID(),
        code: dto.code,
        name: dto.name,
        parentId,
        description: dto.description?.trim() || null,
        keywords: dto.keywords?.trim() || null,
        attributes: toAttributes(dto.attributes ?? []),
        active: dto.active ?? true,
      }),
    );
    this.directory.invalidate();
    return saved;
  }

  @Roles('admin')
  @Patch(':code')
  @ApiOperation({ summary: "change a category's name, public description, keywords, Open311 questions or whether it is active" })
  async update(@Param('code') code: string, @Body() dto: UpdateCategoryDto): Promise<Category> {
    const category = await this.categories.findOneBy({ code });
    if (!category) throw notFound('CATEGORY_NOT_FOUND', `No category ${code}`);
    if (dto.name !== undefined) category.name = dto.name;
    if (dto.description !== undefined) category.description = dto.description.trim() || null;
    if (dto.keywords !== undefined) category.keywords = dto.keywords.trim() || null;
    if (dto.attributes !== undefined) category.attributes = toAttributes(dto.attributes);
    if (dto.active !== undefined) category.active = dto.active;
    const saved = await this.categories.save(category);
    this.directory.invalidate();
    return saved;
  }
}
