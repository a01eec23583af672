import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../users/user.entity.js';

export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  departmentId: string | null;
}

export const IS_PUBLIC = 'hotline:isPublic';
export const ROLES_KEY = 'hotline:roles';

/** Reachable without a token (login, health, docs, inbound webhooks). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles; checked after authentication. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});
