import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { CurrentUser, Public, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { normalizePhone } from '../callers/phone.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { badRequest, conflict, forbidden } from '../common/domain-error.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { SandboxInboundDto, SandboxMessagesDto, TemplatePreviewDto } from './sms.dto.js';
import { SmsInboundService } from './sms-inbound.service.js';
import { SmsOutbox, SMS_LOCALES } from './sms-outbox.js';
import { fromProviderStatus } from './sms-status.js';
import { SmsStatusService } from './sms-status.service.js';
import { MAX_SEGMENTS, SMS_TEMPLATES, type TemplateParams } from './sms-templates.js';
import { formParams, twimlMessage, verifyTwilioSignature, type WebhookRequest } from './twilio-webhook.js';

type RawRequest = FastifyRequest & { rawBody?: Buffer };

/** Twilio posts each field once; a repeated one counts by its first value. */
const firstValue = (p: Record<string, string | string[]>, k: string): string | undefined => (Array.isArray(p[k]) ? p[k][0] : p[k]);

@ApiTags('sms')
@Controller('api/v1/sms')
export class SmsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inbound: SmsInboundService,
    private readonly statuses: SmsStatusService,
    private readonly outbox: SmsOutbox,
    private readonly tickets: TicketsService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** Only requests signed with our auth token get past here; anything else is 403 with nothing done. */
  private verified(req: RawRequest): Record<string, string | string[]> {
    const token = this.config.sms.authToken;
    if (!token) throw forbidden('TWILIO_NOT_CONFIGURED', 'Inbound SMS needs TWILIO_AUTH_TOKEN to verify Twilio signatures; use the sandbox instead');
    const params = formParams(req.rawBody);
    if (!verifyTwilioSignature(token, req as unknown as WebhookRequest, params, this.config.sms.publicBaseUrl)) {
      throw forbidden('BAD_SIGNATURE', 'X-Twilio-Signature is missing or does not match this request');
    }
    return params;
  }

  @Public()
  @Post('inbound')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: "Twilio's incoming-message webhook: answers in TwiML (status, ratings, STOP/START/HELP)" })
  async twilioInbound(@Req() req: RawRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    const p = this.verified(req);
    // set here, not by decorator: a refused request gets the usual JSON error
    res.type('text/xml; charset=utf-8');
    const one = (k: string) => firstValue(p, k);
    if (!one('From')) throw badRequest('MISSING_FROM', 'From: the sender is required');
    const reply = await this.inbound.handle({ from: one('From')!, to: one('To'), body: one('Body'), sid: one('MessageSid') ?? one('SmsSid') });
    return twimlMessage(reply.sms.body);
  }

  @Public()
  @Post('status')
  @HttpCode(204)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: "Twilio's delivery status callback (MessageStatus); repeats and out-of-order reports are harmless" })
  async twilioStatus(@Req() req: RawRequest, @Query('m') id?: string): Promise<void> {
    const p = this.verified(req);
    const one = (k: string) => firstValue(p, k);
    const sid = one('MessageSid') ?? one('SmsSid');
    const status = one('MessageStatus') ?? one('SmsStatus');
    if (!status || (!sid && !id)) throw badRequest('MISSING_STATUS', 'MessageStatus and MessageSid are required');
    const code = Number(one('ErrorCode'));
    const uuid = id && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
    await this.statuses.apply({ id: uuid, sid, status: fromProviderStatus(status), errorCode: Number.isFinite(code) && code > 0 ? code : null, error: one('ErrorMessage') ?? null });
  }

  @Roles('admin', 'operator')
  @ApiBearerAuth()
  @Post('sandbox/inbound')
  @HttpCode(200)
  @ApiOperation({ summary: 'play a caller texting the hotline (sandbox transport only); returns the reply' })
  async sandboxInbound(@Body() dto: SandboxInboundDto) {
    this.sandboxOnly();
    const reply = await this.inbound.handle({ from: this.phone(dto.from), to: 'sandbox', body: dto.body });
    return { reply: reply.sms.body, template: reply.template, locale: reply.locale, outcome: reply.outcome, segments: reply.sms.segments, encoding: reply.sms.encoding };
  }

  @Roles('admin', 'operator')
  @ApiBearerAuth()
  @Get('sandbox/messages')
  @ApiOperation({ summary: "the sandbox phone: every message to and from this number, oldest first" })
  async sandboxMessages(@Query() q: SandboxMessagesDto) {
    this.sandboxOnly();
    const phone = this.phone(q.phone);
    return this.ds.query(
      `SELECT id, direction, purpose, template, body, status, segments, created_at AS "createdAt"
       FROM sms_message WHERE (direction = 'out' AND to_phone = $1) OR (direction = 'in' AND from_phone = $1)
       ORDER BY created_at, id LIMIT 500`,
      [phone],
    );
  }

  @Roles('admin')
  @ApiBearerAuth()
  @Get('templates')
  @ApiOperation({ summary: 'every SMS template, each language rendered with sample data, with its encoding and segments' })
  templates() {
    return {
      maxSegments: MAX_SEGMENTS,
      templates: SMS_TEMPLATES.map((template) => ({ template, renderings: SMS_LOCALES.map((locale) => ({ locale, ...this.outbox.render(template, locale, SAMPLE) })) })),
    };
  }

  @Roles('admin')
  @ApiBearerAuth()
  @Post('templates/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'render one template, with sample data or from a real ticket' })
  async preview(@Body() dto: TemplatePreviewDto, @CurrentUser() user: AuthUser) {
    let params = SAMPLE;
    if (dto.ticketNumber) {
      const t = await this.tickets.findByNumber(dto.ticketNumber, user);
      params = { ...SAMPLE, number: t.number, code: t.accessCode, due: t.dueAt, result: t.resolution ?? SAMPLE.result, tickets: [{ number: t.number, status: t.status, due: t.dueAt, overdue: !!t.dueAt && t.dueAt.getTime() < Date.now() }] };
    }
    const locale = this.outbox.locale(dto.locale);
    return { template: dto.template, locale, ...this.outbox.render(dto.template, locale, params) };
  }

  private sandboxOnly(): void {
    if (this.config.sms.transport !== 'sandbox') throw conflict('SANDBOX_DISABLED', 'Twilio is configured: real phones text the real number; the sandbox is off');
  }

  private phone(raw: string): string {
    const r = normalizePhone(raw, this.config.defaultCountry);
    if (!r.ok) throw badRequest('INVALID_PHONE', `phone: ${r.reason}`, { field: 'phone' });
    return r.e164;
  }
}

const SAMPLE_DUE = new Date(Date.UTC(2026, 10, 27, 10, 0));
const SAMPLE: TemplateParams = {
  number: 'T261122-00427',
  code: '4821',
  department: 'District Environmental Protection Bureau',
  due: SAMPLE_DUE,
  reason: 'Waiting for the water quality lab results',
  result: 'The construction site was inspected and night work stopped; the contractor was fined.',
  tickets: [{ number: 'T261122-00427', status: 'accepted', department: 'District Environmental Protection Bureau', due: SAMPLE_DUE, overdue: false, note: 'Inspection scheduled for Tuesday' }],
  score: 1,
  alertText: 'resolve deadline passed 2 hours ago',
};

