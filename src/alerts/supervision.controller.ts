import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsString, Length } from 'class-validator';
import type { DataSource } from 'typeorm';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { conflict } from '../common/domain-error.js';
import { OPEN_STATUSES } from '../tickets/ticket-state.js';
import { appendEvents, TicketsService } from '../tickets/tickets.service.js';
import { AlertService } from './alert.service.js';

export class SuperviseDto {
  @ApiProperty({ example: 'Resolve before Friday; the caller has phoned four times' })
  @IsString()
  @Length(1, 2000)
  note: string;
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/tickets')
export class SupervisionController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tickets: TicketsService,
    private readonly alerts: AlertService,
  ) {}

  /** 督办: a supervisor presses the lead department; the note reaches it as an alert (inbox, e-mail, SMS to the on-duty person). */
  @Roles('supervisor', 'admin')
  @Post(':number/supervise')
  @HttpCode(201)
  @ApiOperation({ summary: '督办: press the lead department with a note; it arrives as a supervision alert and stays in the history' })
  async supervise(@Param('number') number: string, @Body() dto: SuperviseDto, @CurrentUser() user: AuthUser) {
    return this.ds.transaction(async (m) => {
      const ticket = await this.tickets.findByNumber(number, user, m, true);
      if (!OPEN_STATUSES.includes(ticket.status) || !ticket.leadDepartmentId) {
        throw conflict('NOTHING_TO_SUPERVISE', `Ticket ${ticket.number} is ${ticket.status}${ticket.leadDepartmentId ? '' : ' with no lead department'}: there is no department to press`, { status: ticket.status });
      }
      const note = dto.note.trim();
      await appendEvents(m, ticket.id, user, [{ type: 'supervised', note, payload: { departmentId: ticket.leadDepartmentId } }]);
      await this.alerts.raise(m, {
        dedupeKey: `supervise-${ticket.id}-${randomUUID()}`,
        ticketId: ticket.id,
        kind: 'supervision',
        departmentId: ticket.leadDepartmentId,
        level: 1,
        message: `督办 Supervision: ticket ${ticket.number}: ${note}`,
      });
      return { ticketNumber: ticket.number, departmentId: ticket.leadDepartmentId, note };
    });
  }
}
