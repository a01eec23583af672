import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError, forbidden } from '../common/domain-error.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { Role } from '../users/user.entity.js';
import { IS_PUBLIC, ROLES_KEY, type AuthUser } from './auth.decorators.js';

interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  dept: string | null;
}

const VERIFIED_MAX = 10_000;
const verified = new Map<string, { claims: TokenClaims; expMs: number }>();

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly directory: DirectoryService,
  ) {}

  /**
   * Verifying a token costs ~5 % of a logged call; the same token arrives hundreds of times an
   * hour from one console, so verified claims are kept until the token's own expiry.
   */
  private verify(token: string): TokenClaims {
    const hit = verified.get(token);
    if (hit && hit.expMs > Date.now()) return hit.claims;
    let claims: TokenClaims & { exp?: number };
    try {
      claims = this.jwt.verify<TokenClaims & { exp?: number }>(token);
    } catch {
      throw new DomainError('unauthorized', 'TOKEN_INVALID', 'The token is invalid or expired; log in again');
    }
    if (claims.exp) {
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(token, { claims, expMs: claims.exp * 1000 });
    }
    return claims;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new DomainError('unauthorized', 'TOKEN_MISSING', 'Log in and send the token as "Authorization: Bearer <token>"');
    const claims = this.verify(token);
    const current = await this.directory.user(claims.sub);
    if (!current || !current.active || current.role !== claims.role || current.departmentId !== claims.dept) {
      throw new DomainError('unauthorized', 'TOKEN_STALE', 'Your account changed (deactivated, new role or department); log in again');
    }
    const user: AuthUser = { id: claims.sub, username: claims.username, role: claims.role, departmentId: claims.dept };
    req.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw forbidden('ROLE_NOT_ALLOWED', `This needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}

export function tokenClaims(user: AuthUser): TokenClaims {
  return { sub: user.id, username: user.username, role: user.role, dept: user.departmentId };
}
