import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { TicketViewService, type TicketView } from '../tickets/ticket-view.service.js';
import { CallsService, type CallRecord, type DuplicateCandidate } from './calls.service.js';
import { CreateCallDto } from './create-call.dto.js';

@ApiTags('calls')
@ApiBearerAuth()
@Controller('api/v1/calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly views: TicketViewService,
  ) {}

  @Roles('operator', 'dispatcher', 'supervisor', 'admin')
  @Post()
  @ApiOperation({ summary: 'log a call: a complaint registers a ticket, an inquiry is answered and closed, a follow-up urges an open ticket' })
  async create(@Body() dto: CreateCallDto, @CurrentUser() user: AuthUser): Promise<{ call: CallRecord; ticket: TicketView; possibleDuplicates: DuplicateCandidate[] }> {
    const logged = await this.calls.log(dto, user);
    return { call: logged.call, ticket: await this.views.ticket(logged.ticket, user, logged.deadlines), possibleDuplicates: logged.possibleDuplicates };
  }
}
