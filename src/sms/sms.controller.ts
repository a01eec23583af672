import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { CurrentUser, Public, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { normalizePhone } from '../callers/phone.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { badRequest, conflict, forbidden, notFound } from '../common/domain-error.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { SandboxInboundDto, SandboxMessagesDto, SaveWordingDto, TemplatePreviewDto } from './sms.dto.js';
import { SmsInboundService } from './sms-inbound.service.js';
import { SmsOutbox, SMS_LOCALES } from './sms-outbox.js';
import { fromProviderStatus } from './sms-status.js';
import { SmsStatusService } from './sms-status.service.js';
import type { SmsLocale } from './sms-parser.js';
import { MAX_SEGMENTS, shippedWording, SMS_TEMPLATES, type SmsTemplateKey, type TemplateParams } from './sms-templates.js';
import { compileWording, WORDING_PLACEHOLDERS, WordingError, type CompiledWording } from './sms-wording.js';
import { SmsWordings, WORDING_REFRESH_MS } from './sms-wordings.js';
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
    private readonly wordings: SmsWordings,
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
  @ApiOperation({ summary: "every SMS template in each language: its wording (the deployment's own or the shipped one), rendered with sample data, with its encoding and segments" })
  templates() {
    return {
      maxSegments: MAX_SEGMENTS,
      refreshSeconds: WORDING_REFRESH_MS / 1000,
      templates: SMS_TEMPLATES.map((template) => this.template(template)),
    };
  }

  @Roles('admin')
  @ApiBearerAuth()
  @Put('templates/:template/:locale')
  @ApiOperation({ summary: "the deployment's own wording of one template in one language, used for every message from now on (other processes within refreshSeconds)" })
  async saveWording(@Param('template') template: string, @Param('locale') locale: string, @Body() dto: SaveWordingDto, @CurrentUser() user: AuthUser) {
    const key = this.templateKey(template);
    const lang = this.wordingLocale(locale);
    this.fitting(key, lang, this.compiled(key, dto.text));
    await this.ds.query(
      `INSERT INTO sms_wording (template, locale, text, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (template, locale) DO UPDATE SET text = EXCLUDED.text, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [key, lang, dto.text, user.id],
    );
    await this.wordings.refresh();
    return this.template(key);
  }

  @Roles('admin')
  @ApiBearerAuth()
  @Delete('templates/:template/:locale')
  @HttpCode(204)
  @ApiOperation({ summary: 'back to the shipped wording of one template in one language' })
  async resetWording(@Param('template') template: string, @Param('locale') locale: string): Promise<void> {
    const key = this.templateKey(template);
    const lang = this.wordingLocale(locale);
    const [, count] = await this.ds.query(`DELETE FROM sms_wording WHERE template = $1 AND locale = $2`, [key, lang]);
    if (!count) throw notFound('NO_WORDING', `'${key}' in ${lang} already uses the shipped wording`);
    await this.wordings.refresh();
  }

  @Roles('admin')
  @ApiBearerAuth()
  @Post('templates/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'render one template, with sample data or from a real ticket; in a draft wording when `text` is given' })
  async preview(@Body() dto: TemplatePreviewDto, @CurrentUser() user: AuthUser) {
    let params = SAMPLE;
    if (dto.ticketNumber) {
      const t = await this.tickets.findByNumber(dto.ticketNumber, user);
      params = { ...SAMPLE, number: t.number, code: t.accessCode, due: t.dueAt, result: t.resolution ?? SAMPLE.result, tickets: [{ number: t.number, status: t.status, due: t.dueAt, overdue: !!t.dueAt && t.dueAt.getTime() < Date.now() }] };
    }
    const locale = this.outbox.locale(dto.locale);
    const draft = dto.text === undefined ? undefined : this.compiled(dto.template, dto.text);
    return { template: dto.template, locale, ...this.outbox.render(dto.template, locale, params, draft) };
  }

  /** One template as the admin screen shows it: per language, the wording in force and a sample rendering. */
  private template(template: SmsTemplateKey) {
    const { allowed, required } = WORDING_PLACEHOLDERS[template];
    return {
      template,
      placeholders: allowed.map((name) => ({ name, required: required.includes(name) })),
      renderings: SMS_LOCALES.map((locale) => {
        const own = this.wordings.get(template, locale);
        return {
          locale,
          ...this.outbox.render(template, locale, SAMPLE),
          text: own?.text ?? shippedWording(template, locale),
          custom: !!own,
          updatedBy: own?.updatedBy ?? null,
          updatedAt: own?.updatedAt ?? null,
        };
      }),
    };
  }

  private compiled(template: SmsTemplateKey, text: string): CompiledWording {
    try {
      return compileWording(template, text);
    } catch (err) {
      if (!(err instanceof WordingError)) throw err;
      throw badRequest('INVALID_WORDING', `text: ${err.message}`, { fields: [{ field: 'text', problems: err.problems }] });
    }
  }

  /** A wording must fit the budget with the sample's department and free text cut away, as a real message would be cut. */
  private fitting(template: SmsTemplateKey, locale: SmsLocale, wording: CompiledWording): void {
    const sms = this.outbox.render(template, locale, SAMPLE, wording);
    if (sms.segments > MAX_SEGMENTS) {
      const problem = `even with the department and free text cut, a message needs ${sms.segments} segments (${sms.encoding}); at most ${MAX_SEGMENTS}`;
      throw badRequest('WORDING_TOO_LONG', `text: ${problem}`, { fields: [{ field: 'text', problems: [problem] }] });
    }
  }

  private templateKey(template: string): SmsTemplateKey {
    if (!(SMS_TEMPLATES as readonly string[]).includes(template)) throw notFound('TEMPLATE_NOT_FOUND', `No SMS template '${template}'`);
    return template as SmsTemplateKey;
  }

  private wordingLocale(locale: string): SmsLocale {
    if (!(SMS_LOCALES as readonly string[]).includes(locale)) throw notFound('LOCALE_NOT_FOUND', `No SMS language '${locale}'; there are ${SMS_LOCALES.join(', ')}`);
    return locale as SmsLocale;
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

