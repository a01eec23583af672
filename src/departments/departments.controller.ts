import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators.js';
import { DirectoryService } from '../directory/directory.service.js';
import { conflict, notFound } from '../common/domain-error.js';
import { CreateDepartmentDto, UpdateDepartmentDto } from './department.dto.js';
import { Department } from './department.entity.js';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/departments')
export class DepartmentsController {
  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    private readonly directory: DirectoryService,
  ) {}

  @Get()
  list(): Promise<Department[]> {
    return this.departments.find({ order: { code: 'ASC' } });
  }

  @Roles('admin')
  @Post()
  async create(@Body() dto: CreateDepartmentDto): Promise<Department> {
    if (await this.departments.existsBy({ code: dto.code })) throw conflict('DEPARTMENT_CODE_TAKEN', `Department ${dto.code} exists`);
    const saved = await this.departments.save(this.departments.create({ id: randomUUID(), code: dto.code, name: dto.name, kind: dto.kind ?? 'department' }));
    this.directory.invalidate();
    return saved;
  }

  @Roles('admin')
  @Patch(':id')
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateDepartmentDto): Promise<Department> {
    const dept = await this.departments.findOneBy({ id });
    if (!dept) throw notFound('DEPARTMENT_NOT_FOUND', 'No such department');
    Object.assign(dept, { name: dto.name ?? dept.name, kind: dto.kind ?? dept.kind, active: dto.active ?? dept.active });
    const saved = await this.departments.save(dept);
    this.directory.invalidate();
    return saved;
  }
}
