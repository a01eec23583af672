import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { normalizePhone } from '../callers/phone.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import type { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators.js';
import { badRequest, conflict, notFound } from '../common/domain-error.js';
import { Department } from '../departments/department.entity.js';
import { DirectoryService } from '../directory/directory.service.js';
import { PASSWORD_COST } from '../seed/demo-seed.js';
import { CreateUserDto, UpdateUserDto } from './user.dto.js';
import { User, type Role } from './user.entity.js';

type PublicUser = Omit<User, 'passwordHash' | 'department'>;
const publicUser = ({ passwordHash: _, department: __, ...u }: User): PublicUser => u;

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
  ) {}

  @Get()
  async list(): Promise<PublicUser[]> {
    return (await this.users.find({ order: { username: 'ASC' } })).map(publicUser);
  }

  @Post()
  async create(@Body() dto: CreateUserDto): Promise<PublicUser> {
    await this.checkDepartment(dto.role, dto.departmentId ?? null);
    if (await this.users.existsBy({ username: dto.username })) throw conflict('USERNAME_TAKEN', `A user named ${dto.username} exists`);
    const user = this.users.create({
      id: randomUUID(),
      username: dto.username,
      passwordHash: await bcrypt.hash(dto.password, PASSWORD_COST),
      displayName: dto.displayName,
      role: dto.role,
      departmentId: dto.departmentId ?? null,
      email: dto.email ?? null,
      phone: dto.phone ? this.phone(dto.phone) : null,
      onDuty: dto.onDuty ?? false,
    });
    return publicUser(await this.users.save(user));
  }

  @Patch(':id')
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUserDto): Promise<PublicUser> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('USER_NOT_FOUND', 'No such user');
    const role = dto.role ?? user.role;
    const departmentId = dto.departmentId !== undefined ? dto.departmentId : user.departmentId;
    await this.checkDepartment(role, departmentId);
    Object.assign(user, {
      role,
      departmentId,
      displayName: dto.displayName ?? user.displayName,
      active: dto.active ?? user.active,
      email: dto.email !== undefined ? dto.email : user.email,
      phone: dto.phone !== undefined ? (dto.phone ? this.phone(dto.phone) : null) : user.phone,
      onDuty: dto.onDuty ?? user.onDuty,
    });
    if (dto.password) user.passwordHash = await bcrypt.hash(dto.password, PASSWORD_COST);
    const saved = await this.users.save(user);
    this.directory.invalidate(); // outstanding tokens of this user are checked against the change
    return publicUser(saved);
  }

  private phone(text: string): string {
    const r = normalizePhone(text, this.config.defaultCountry);
    if (!r.ok) throw badRequest('INVALID_PHONE', `phone: ${r.reason}`, { field: 'phone' });
    return r.e164;
  }

  private async checkDepartment(role: Role, departmentId: string | null): Promise<void> {
    if (role === 'agent' && !departmentId) throw badRequest('DEPARTMENT_REQUIRED', 'departmentId: an agent belongs to a department');
    if (departmentId && !(await this.departments.existsBy({ id: departmentId }))) {
      throw badRequest('DEPARTMENT_NOT_FOUND', 'departmentId: no such department');
    }
  }
}
