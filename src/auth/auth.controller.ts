import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { User } from '../users/user.entity.js';
import { Public, type AuthUser } from './auth.decorators.js';
import { tokenClaims } from './auth.guard.js';
import { LoginDto } from './login.dto.js';

// A real hash of a random password: unknown users cost the same time as wrong passwords.
const DUMMY_HASH = bcrypt.hashSync(crypto.randomUUID(), 10);

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto): Promise<{ accessToken: string; user: AuthUser & { displayName: string } }> {
    const user = await this.users.findOne({ where: { username: dto.username } });
    const ok = await bcrypt.compare(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) {
      throw new DomainError('unauthorized', 'INVALID_CREDENTIALS', 'Wrong username or password');
    }
    const authUser: AuthUser = { id: user.id, username: user.username, role: user.role, departmentId: user.departmentId };
    return { accessToken: await this.jwt.signAsync(tokenClaims(authUser)), user: { ...authUser, displayName: user.displayName } };
  }
}
